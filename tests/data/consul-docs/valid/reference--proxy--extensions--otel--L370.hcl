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
            Service = {
              Name = "otel-collector"
            }
          }
        }
      }
    }
  }
]
