Kind = "proxy-defaults"
Name = "global"
Config {
  local_connect_timeout_ms = 1000
  handshake_timeout_ms = 10000
}
