Kind = "service-defaults"
Name = "lambda-1234"
Protocol  = "http"
EnvoyExtensions {
  Name = "builtin/aws/lambda"
  Arguments = {
    ARN = "arn:aws:lambda:us-west-2:111111111111:function:lambda-1234"
  }
}
