retry_join_wan = ["dc2-server-1", "dc2-server-2"]
