Kind = "service-defaults"
Name = "api"
EnvoyExtensions = [
  {
    Name = "builtin/otel-access-logging"
    Arguments = {
      ProxyType = "connect-proxy"
      Config = {
        GrpcService = {
          Target = {
              URI = "127.0.0.1:9191"
          }
        }
      }
    }
  }
]
