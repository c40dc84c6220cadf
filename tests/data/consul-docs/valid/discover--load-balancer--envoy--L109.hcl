Kind           = "service-defaults"
Name           = "backend"
Protocol       = "http"
