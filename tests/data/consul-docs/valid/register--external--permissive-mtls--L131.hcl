Kind      = "service-defaults"
Name      = "example-service"

MutualTLSMode = "permissive"
