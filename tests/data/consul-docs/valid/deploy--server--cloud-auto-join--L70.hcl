ports {
  serf_lan = 8303
}
