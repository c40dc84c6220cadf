http_config {
  response_headers {
      "X-Frame-Options" = "DENY"
  }
}
