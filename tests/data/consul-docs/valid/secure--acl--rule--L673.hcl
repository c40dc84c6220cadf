query_prefix "" {
  policy = "read"
}
query "foo" {
  policy = "write"
}
