services {
  name = "service-2"
  socket_path = "/tmp/socket_service_2"
}
