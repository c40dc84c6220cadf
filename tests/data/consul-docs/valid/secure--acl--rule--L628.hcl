operator = "read"
