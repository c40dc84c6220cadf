service {
  name = "nginx"
  port = 80
  checks = [
    {
      id = "nginx"
      name = "nginx TCP Check"
      tcp = "localhost:80"
      interval = "5s"
      timeout = "1s"
    }
  ]
}
