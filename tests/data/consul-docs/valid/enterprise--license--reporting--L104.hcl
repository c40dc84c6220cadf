reporting {
	license {
		enabled = false
  }
}
