acl {
  tokens {
    agent  = "<agent_token_secret_id>"
  }
}
