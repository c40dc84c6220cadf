//! Parse throughput on a generated ~5 MB Consul-like file, beside hcl-edit (HCL 2) and serde_json on the same
//! input. Run: `cargo bench --bench parse`. Throughput is reported per byte of input.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// Service definitions in the common subset of HCL 1 and HCL 2 (so hcl-edit parses it too).
fn hcl_input() -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!(
            r#"# service {i}
services {{
  name = "service-{i}"
  id   = "service-{i}-1"
  port = {port}
  tags = ["v1", "team-{team}", "canary"]
  meta = {{
    owner   = "team-{team}"
    version = "1.{i}.0"
  }}
  connect {{
    sidecar_service {{
      proxy {{
        upstreams {{
          destination_name = "backend-{i}"
          destination_peer = "cluster-02"
          local_bind_port  = {bind}
          mesh_gateway {{
            mode = "local"
          }}
        }}
      }}
    }}
  }}
  check {{
    http     = "http://localhost:{port}/health"
    interval = "10s"
    timeout  = "1s"
  }}
}}
"#,
            port = 8000 + i % 1000,
            team = i % 17,
            bind = 9000 + i % 1000,
        ));
        i += 1;
    }
    text
}

fn json_input() -> String {
    let mut services = Vec::new();
    let mut len = 0;
    let mut i = 0;
    while len < 5 * 1024 * 1024 {
        let service = format!(
            r#"{{"Name": "service-{i}", "ID": "service-{i}-1", "Port": {port}, "Tags": ["v1", "team-{team}", "canary"], "Meta": {{"owner": "team-{team}", "version": "1.{i}.0"}}, "Connect": {{"SidecarService": {{"Proxy": {{"Upstreams": [{{"DestinationName": "backend-{i}", "DestinationPeer": "cluster-02", "LocalBindPort": {bind}, "MeshGateway": {{"Mode": "local"}}}}]}}}}}}, "Check": {{"HTTP": "http://localhost:{port}/health", "Interval": "10s", "Timeout": "1s"}}}}"#,
            port = 8000 + i % 1000,
            team = i % 17,
            bind = 9000 + i % 1000,
        );
        len += service.len() + 4;
        services.push(service);
        i += 1;
    }
    format!("{{\"Services\": [\n  {}\n]}}\n", services.join(",\n  "))
}

#[divan::bench(sample_count = 20)]
fn hcl_consul_ls(bencher: Bencher) {
    let text = hcl_input();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let parse = consul_ls::syntax::hcl::parse(black_box(&text));
        assert!(parse.errors.is_empty());
        parse
    });
}

#[divan::bench(sample_count = 10)]
fn hcl_hcl_edit(bencher: Bencher) {
    let text = hcl_input();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| hcl_edit::parser::parse_body(black_box(&text)).expect("valid HCL 2"));
}

#[divan::bench(sample_count = 20)]
fn json_consul_ls(bencher: Bencher) {
    let text = json_input();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let parse = consul_ls::syntax::json::parse(black_box(&text));
        assert!(parse.errors.is_empty());
        parse
    });
}

#[divan::bench(sample_count = 20)]
fn json_serde_json_value(bencher: Bencher) {
    let text = json_input();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).expect("valid JSON"));
}
