connect {
  enabled = true
}
