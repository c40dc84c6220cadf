 service_prefix "" {
     policy = "write"
 }
