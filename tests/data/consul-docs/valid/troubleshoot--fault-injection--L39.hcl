Kind = "service-defaults"
Name = "billing"
EnvoyExtensions = [
{
  Name = "builtin/fault-injection"
  Arguments = {
    Config = {
      Delay = {
        Duration = 100
        Percentage = 50
      }
    }
  }
}
]
