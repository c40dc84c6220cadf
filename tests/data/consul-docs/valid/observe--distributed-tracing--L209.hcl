Kind      = "service-defaults"
Name      = "service-name"
Protocol  = "http"
