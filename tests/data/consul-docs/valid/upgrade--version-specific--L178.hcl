Kind = "service-defaults"
Name = "<SERVICE_NAME>"
Protocol  = "http"
Meta = {
  "serverless.consul.hashicorp.com/v1alpha1/lambda/enabled" = "true"
}
