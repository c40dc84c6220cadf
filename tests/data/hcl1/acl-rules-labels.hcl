# ACL rules: labelled blocks, scalar rules, a namespace scope.
service "mesh-gateway" {
  policy = "write"
}
service_prefix "" { policy = "read" }
node_prefix "" { policy = "read" }
agent_prefix "" {
  policy = "read"
}
key_prefix "config/web/" { policy = "list" }
mesh    = "write"
peering = "read"
namespace "finance" {
  service_prefix "" { policy = "read" intentions = "read" }
}
