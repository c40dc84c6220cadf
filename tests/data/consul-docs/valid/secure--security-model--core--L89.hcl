tls {
  defaults {
    verify_incoming = false
    verify_outgoing = true
    ca_file = "consul-agent-ca.pem"
    verify_server_hostname = true
  }
}

auto_encrypt {
  tls = true
}
