Kind = "service-intentions"
Name = "web"
JWT = {
  Providers = [
    {
      Name = "okta"
    }
  ]
}
