Kind = "service-defaults"
Name = "test-destination"
Protocol = "tcp"
Destination {
  Addresses = ["test.com","test.org"]
  Port = 443
}
