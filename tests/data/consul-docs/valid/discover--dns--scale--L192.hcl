dns_config {
  allow_stale = false
}
