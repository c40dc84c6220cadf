http_config {
  response_headers {
    Access-Control-Allow-Origin = "*"
  }
}
