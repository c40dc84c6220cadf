Kind = "service-defaults"
Name = "my-svc"
Protocol = "http"
EnvoyExtensions = [
  {
    Name = "builtin/property-override"
    Arguments = {
      ProxyType = "connect-proxy"
      Patches = [
        {
          ResourceFilter = {
            ResourceType = "cluster"
            TrafficDirection = "outbound"
            Services = [{
              Name = "other-svc"
            }]
          }
          Op = "add"
          Path =  "/outlier_detection"
          Value = {
            "enforcing_success_rate" = 80
            "success_rate_minimum_hosts" = 2
          }
        }
      ]
    }
  }
]
