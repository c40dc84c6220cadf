service {
  name = "redis"
  port = 6379
  enable_tag_override = true
}
