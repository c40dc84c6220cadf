node_name  = "consul-client"
server     = false
datacenter = "dc1"
data_dir   = "consul/client-data"
log_level  = "INFO"
retry_join = ["10.20.10.11:8303"]
segment = "alpha"
