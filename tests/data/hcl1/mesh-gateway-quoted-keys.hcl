service {
  "name" = "mesh-gateway"
  "kind" = "mesh-gateway"
  port   = 8443
  tagged_addresses {
    lan = { address = "10.1.2.3", port = 8443 }
    wan = {
      address = "203.0.113.7"
      port    = 8443
    }
  }
  proxy { config { envoy_prometheus_bind_addr = "0.0.0.0:9102" } }
  meta { "owner-team" = "networking" }
}
