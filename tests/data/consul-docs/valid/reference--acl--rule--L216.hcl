event_prefix "" {
  policy = "read"
}
event "deploy" {
  policy = "write"
}
