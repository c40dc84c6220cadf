Kind = "control-plane-request-limit"
Name = "<name-for-the-entry>"

Mode = "permissive"

ReadRate =  100
WriteRate = 100

KV = {
  ReadRate =  100
  WriteRate = 100
}

ACL = {
  ReadRate =  100
  WriteRate = 100
}

Catalog = {
  ReadRate =  100
  WriteRate = 100
}
