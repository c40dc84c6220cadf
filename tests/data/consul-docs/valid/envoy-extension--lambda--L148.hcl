{
  "kind": "service-defaults",
  "name": "lambda-1234",
  "protocol": "http",
  "envoy_extensions": [{
    "name": "builtin/aws/lambda",
    "arguments": {
      "payload_passthrough": false,
      "arn": "arn:aws:lambda:us-west-2:111111111111:function:lambda-1234"
    }
  },
  {
    "name": "builtin/aws/lambda",
    "arguments": {
      "payload_passthrough": false,
      "arn": "arn:aws:lambda:us-east-1:111111111111:function:lambda-1234"
    }
  }]
}
