// An API policy object whose rules are a heredoc.
Name        = "mesh-gateway"
Description = "Rules for the mesh gateway's token"
Rules       = <<RULES
service "mesh-gateway" {
  policy = "write"
}
service_prefix "" {
  policy = "read"
}
mesh    = "write"
peering = "read"
RULES
