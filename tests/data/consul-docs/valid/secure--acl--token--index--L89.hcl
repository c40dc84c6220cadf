service = {
  id = "redis"
  name = "redis"
  namespace = "foo"
  token = "<SecretID>"
}
