agent "agent1" {
  policy = "read"
}
key_prefix "consul-esm/" {
  policy = "write"
}
node_prefix "" {
  policy = "read"
}
service "consul-esm" {
  policy = "write"
}
session "agent1" {
   policy = "write"
}
node "node1" {
  policy = "write"
}
node "node2" {
  policy = "write"
}
