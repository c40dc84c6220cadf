Kind = "mesh"
Peering {
  PeerThroughMeshGateways = true
}
