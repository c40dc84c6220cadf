Kind = "mesh"

TransparentProxy {
  MeshDestinationsOnly = false
}
