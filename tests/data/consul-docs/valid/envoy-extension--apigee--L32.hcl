Kind = "service-defaults"
Name = "apigee-remote-service-envoy"
Protocol = "grpc"
