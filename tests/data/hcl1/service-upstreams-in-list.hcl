// A service whose upstreams are list elements holding blocks, one of them on a single line.
service {
  name = "checkout"
  port = 8080
  tags = ["v2", "canary"]
  connect {
    sidecar_service {
      proxy {
        upstreams = [
          {
            destination_name = "payments"
            local_bind_port  = 9191
            mesh_gateway {
              mode = "local"
            }
          },
          { destination_name = "inventory", local_bind_port = 9192 },
          { destination_name = "ledger" local_bind_port = 9193 mesh_gateway { mode = "remote" } },
        ]
      }
    }
  }
  check { id = "checkout-http" http = "http://localhost:8080/health" interval = "10s" }
}
