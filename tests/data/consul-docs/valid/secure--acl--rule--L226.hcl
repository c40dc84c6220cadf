identity_prefix "" {
  policy = "read"
}
identity "app" {
  policy = "write"
}
identity "admin" {
  policy = "deny"
}
