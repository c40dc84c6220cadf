# An agent configuration written compactly: blocks on one line, items separated by commas or by nothing.
datacenter = "dc1"
data_dir = "/opt/consul"
server = true, bootstrap_expect = 3
ui_config { enabled = true }
ports { grpc = 8502, grpc_tls = -1, http = 8500 }
addresses { http = "0.0.0.0" dns = "127.0.0.1" }
connect { enabled = true }
peering { enabled = true }
performance { raft_multiplier = 1 }
telemetry { disable_hostname = true, prometheus_retention_time = "30s" }
retry_join = ["10.0.0.11", "10.0.0.12", "10.0.0.13",]
node_meta { "rack-id" = "r-17", zone = "eu-west-1a" }
/* A block comment
   over two lines. */
limits { http_max_conns_per_client = 0x100 } // hex is an integer too
