Kind      = "mesh"

TransparentProxy {
  MeshDestinationsOnly = true
}
