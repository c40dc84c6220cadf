Kind = "service-defaults"
Name = "billing"
EnvoyExtensions = [
{
  Name = "builtin/fault-injection"
  Arguments = {
    Config = {
      Abort = {
        HttpStatus = 503
        Percentage = 5
      }
    }
  }
}
]
