http_config {
  allow_write_http_from = ["127.0.0.0/8"]
}
