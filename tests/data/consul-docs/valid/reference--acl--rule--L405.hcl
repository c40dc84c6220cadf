keyring = "write"
