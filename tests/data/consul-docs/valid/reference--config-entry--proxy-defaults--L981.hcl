Kind      = "proxy-defaults"
Name      = "global"
Config {
  protocol               = "http"
  max_request_headers_kb = 96
}
