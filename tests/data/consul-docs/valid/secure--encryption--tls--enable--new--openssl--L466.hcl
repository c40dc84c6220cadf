verify_incoming = false
verify_incoming_rpc = true
