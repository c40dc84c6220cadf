tls {
  defaults {
    verify_incoming = true
    verify_outgoing = true
    verify_server_hostname = true
    ca_file = "/opt/consul/agent-certs/ca.crt"
  }
}

auto_encrypt {
  tls = true
}
