partition_prefix "" {
	peering = "read"
}
