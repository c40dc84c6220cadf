service {
  name = "db-service"
  port = 5432
  namespace = "db-team"

  # ...
}
