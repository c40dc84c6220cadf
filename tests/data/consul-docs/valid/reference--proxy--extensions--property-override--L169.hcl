Kind = "service-defaults"
Name = "my-svc"
Protocol = "http"
EnvoyExtensions = [
  {
    Name = "builtin/property-override",
    Arguments = {
      ProxyType = "connect-proxy",
      Patches = [
        {
          ResourceFilter = {
            ResourceType = "cluster"
            TrafficDirection = "outbound"
            Service = {
              Name = "other-svc"
            }
          }
          Op = "add"
          Path =  "/respect_dns_ttl"
          Value = true
        }
      ]
    }
  }
]
