node "node1" {
  policy = "write"
}
service_prefix "" {
  policy = "read"
}
