connect {
  enabled = true
  enable_mesh_gateway_wan_federation = true
}
