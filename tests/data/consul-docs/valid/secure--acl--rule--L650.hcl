peering = "write"
