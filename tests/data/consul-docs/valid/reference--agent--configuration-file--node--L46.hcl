node_meta {
  instance_type = "t2.medium"
}
