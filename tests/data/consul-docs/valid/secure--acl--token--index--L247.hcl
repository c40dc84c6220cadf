agent "<node name of agent>" {
  policy = "write"
}
node_prefix "" {
  policy = "read"
}
