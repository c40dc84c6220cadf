mesh = "write"
