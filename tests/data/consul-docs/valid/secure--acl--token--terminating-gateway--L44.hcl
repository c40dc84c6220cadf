service "terminating-gateway" {
   policy = "write"
}
service "external-service-1" {
  policy = "write"
}
service "external-service-2" {
  policy = "write"
}
node_prefix "" {
  policy = "read"
}
agent_prefix "" {
  policy = "read"
}
