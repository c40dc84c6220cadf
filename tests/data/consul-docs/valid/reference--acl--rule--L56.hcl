acl = "write"
