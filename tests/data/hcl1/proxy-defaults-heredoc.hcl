Kind = "proxy-defaults"
Name = "global"
MeshGateway {
  Mode = "local"
}
Config {
  protocol = "http"
  envoy_extra_static_clusters_json = <<EOF
{
  "name": "zipkin",
  "type": "STRICT_DNS",
  "connect_timeout": "5s"
}
EOF
  envoy_tracing_json = <<-EOT
    {
      "http": { "name": "envoy.tracers.zipkin" }
    }
    EOT
}
