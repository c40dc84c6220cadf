# Two services in one file: `services` repeated, each with a list of checks.
services {
  id   = "api-1"
  name = "api"
  port = 9090
  checks = [
    { id = "api-1-tcp", tcp = "localhost:9090", interval = "5s" },
    {
      id       = "api-1-http"
      http     = "http://localhost:9090/ready"
      interval = "10s"
      header   = { "X-Probe" = ["consul"] }
    }
  ]
  connect { sidecar_service {} }
}

services {
  id   = "api-2"
  name = "api"
  port = 9091
  meta = { "version" = "2.1.0", team = "platform" }
  connect { sidecar_service { port = 21001 } }
}
