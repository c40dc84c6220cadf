service = {
  name = "web"
  port = 8080
  connect = { sidecar_service = {} }
}
