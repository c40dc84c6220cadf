# ...
connect {
  enabled = true
}
