peering = "read"
