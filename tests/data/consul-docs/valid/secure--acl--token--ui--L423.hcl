operator = "read"
partition_prefix "" {
  namespace_prefix "" {
    acl = "read"
    key_prefix "" {
      policy = "read"
    }
    node_prefix "" {
      policy = "read"
    }
    service_prefix "" {
      policy = "read"
      intentions = "read"
    }
  }
}
