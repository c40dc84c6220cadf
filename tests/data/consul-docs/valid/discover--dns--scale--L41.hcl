dns_config {
  service_ttl {
    "*" = "0s"
  }
  node_ttl = "0s"
}
