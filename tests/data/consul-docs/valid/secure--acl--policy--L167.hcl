service "web-prod" {
  policy = "deny"
}
