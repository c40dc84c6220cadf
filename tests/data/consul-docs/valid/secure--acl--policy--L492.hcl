# Provide KV visibility to all agents.
agent_prefix "" {
  policy = "read"
}
# Enable resources prefixed with 'vault/' to write to the KV
key_prefix "vault/" {
  policy = "write"
}
# Enable the vault service to write to the KV
service "vault" {
  policy = "write"
}
# Enable the agent to initialize a new session.
session_prefix "" {
  policy = "write"
}
