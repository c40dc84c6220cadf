dns_config {
  soa {
    min_ttl = 60
  }
}
