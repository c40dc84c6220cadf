datacenter = "dc1"
data_dir   = "/opt/consul"

server     = true

ui_config {
  enabled = true
}

# ...
