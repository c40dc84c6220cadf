Kind = "service-router"
Name = "web"
Routes = [
  {
    Match { HTTP { PathPrefix = "/api/" Methods = ["GET", "POST"] } }
    Destination {
      Service            = "api"
      PrefixRewrite      = "/"
      RequestTimeout     = "3s"
      NumRetries         = 2
      RetryOnStatusCodes = [503, 0x1F7]
    }
  },
  {
    Match {
      HTTP {
        PathExact = "/admin"
        Header = [
          { Name = "x-debug", Exact = "1" },
          { Name = "x-user" Present = true },
        ]
      }
    }
    Destination { Service = "admin" }
  },
]
