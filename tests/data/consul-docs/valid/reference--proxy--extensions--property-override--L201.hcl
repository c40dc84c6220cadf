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
            Services = [{
              Name = "other-svc"
            }]
          }
          Op = "add"
          Path = "/outlier_detection/max_ejection_time/seconds"
          Value = 120
        },
        {
          ResourceFilter = {
            ResourceType = "cluster"
            TrafficDirection = "outbound"
            Services = [{
              Name = "other-svc"
            }]
          }
          Op = "add"
          Path = "/outlier_detection/max_ejection_time_jitter/seconds"
          Value = 1
        }
      ]
    }
  }
]
