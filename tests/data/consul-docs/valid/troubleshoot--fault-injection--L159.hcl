Kind = "service-defaults"
Name = "billing"
EnvoyExtensions = [
{
  Name = "builtin/fault-injection"
  Arguments = {
    Config = {
      Bandwidth = {
        Limit = 100
        Percentage = 50
      }
    }
  }
}
]
