Kind = "service-defaults"
Name = "web"
Protocol = "http"
MaxRequestHeadersKB = 96
