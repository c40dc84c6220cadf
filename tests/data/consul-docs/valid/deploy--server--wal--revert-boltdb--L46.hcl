raft_logstore {
  backend = "boltdb"
  verification {
    enabled = true
    interval = "60s"
  }
}
