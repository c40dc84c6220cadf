//! What one keystroke costs the analysis layer: apply an edit of one file to a 1,000-file, two-cluster workspace
//! (incremental re-check of what depends on it), beside analysing the whole workspace from scratch. Three kinds of
//! edit: one that leaves the file's contribution alone (a port), one that changes a `destination_peer` (a
//! cluster-level fact), and one that renames a registered service (its dependants are re-checked).
//! The same for Kubernetes YAML (annotated workloads, peerings through PeeringAcceptor/PeeringDialer).
//! Run: `cargo bench --bench analysis`.

use std::path::PathBuf;

use consul_ls::analysis::{AnalysisHost, Change};
use consul_ls::workspace::{Root, SourceFile};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const N_SERVICES: usize = 500;

fn service(i: usize, name: &str, port: usize, peer: &str) -> String {
    format!(
        "service {{\n  name = \"{name}\"\n  port = {port}\n  connect {{\n    sidecar_service {{\n      proxy {{\n        upstreams = [\n          {{\n            destination_name = \"svc-{}\"\n            destination_peer = \"{peer}\"\n            local_bind_port  = 9000\n          }}\n        ]\n      }}\n    }}\n  }}\n}}\n",
        (i + 1) % N_SERVICES
    )
}

/// Two peered clusters with `N_SERVICES` service files each, exports, gateways and a manifest.
fn host() -> (AnalysisHost, PathBuf) {
    let root = PathBuf::from("/bench");
    let mut files = Vec::new();
    let manifest = "cluster \"a\" {\n  paths = [\"a\"]\n}\ncluster \"b\" {\n  paths = [\"b\"]\n}\n";
    files.push(SourceFile::new(root.join("consul-ls.hcl"), manifest.into()));
    for (cluster, peer) in [("a", "b"), ("b", "a")] {
        for i in 0..N_SERVICES {
            let path = root.join(cluster).join(format!("svc-{i}.hcl"));
            files.push(SourceFile::new(path, service(i, &format!("svc-{i}"), 8000 + i, peer).into()));
        }
        let exports: Vec<String> = (0..N_SERVICES)
            .map(|i| format!("{{ Name = \"svc-{i}\", Consumers = [{{ Peer = \"{peer}\" }}] }}"))
            .collect();
        let text =
            format!("Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  {}\n]\n", exports.join(",\n  "));
        files.push(SourceFile::new(root.join(cluster).join("exports.hcl"), text.into()));
        let gateway = "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n";
        files.push(SourceFile::new(root.join(cluster).join("gateway.hcl"), gateway.into()));
    }
    let host = AnalysisHost::with_sources(vec![Root { path: root.clone(), is_dir: true }], files);
    (host, root.join("a").join("svc-7.hcl"))
}

fn edit_loop(bencher: Bencher, text: impl Fn(u32) -> String) {
    edit_loop_on(host, bencher, text)
}

/// Applies an edit of the estate's edited file per iteration (each a new text).
fn edit_loop_on(estate: fn() -> (AnalysisHost, PathBuf), bencher: Bencher, text: impl Fn(u32) -> String) {
    let (mut host, edited) = estate();
    let mut n = 0u32;
    bencher.bench_local(|| {
        n += 1;
        let mut change = Change::default();
        change.set_text(edited.clone(), text(n));
        black_box(host.apply_change(change))
    });
}

#[divan::bench(sample_count = 50)]
fn keystroke_port(bencher: Bencher) {
    edit_loop(bencher, |n| service(7, "svc-7", 8007 + (n % 7) as usize, "b"));
}

#[divan::bench(sample_count = 50)]
fn keystroke_destination_peer(bencher: Bencher) {
    edit_loop(bencher, |n| service(7, "svc-7", 8007, if n % 2 == 0 { "b" } else { "bb" }));
}

#[divan::bench(sample_count = 50)]
fn keystroke_service_rename(bencher: Bencher) {
    edit_loop(bencher, |n| service(7, if n % 2 == 0 { "svc-7" } else { "svc-7x" }, 8007, "b"));
}

#[divan::bench(sample_count = 10)]
fn full_analysis_from_scratch(bencher: Bencher) {
    from_scratch(host, bencher);
}

/// Parses, models and checks every file of the estate again, as a cold start does.
fn from_scratch(estate: fn() -> (AnalysisHost, PathBuf), bencher: Bencher) {
    let (host, _) = estate();
    let ws = host.workspace();
    let roots = ws.roots.clone();
    let files: Vec<(PathBuf, std::sync::Arc<str>)> =
        ws.files.iter().map(|(_, f)| (f.path.clone(), f.text.clone())).collect();
    bencher.bench_local(|| {
        let sources = files.iter().map(|(p, t)| SourceFile::new(p.clone(), t.clone())).collect();
        black_box(AnalysisHost::with_sources(roots.clone(), sources))
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes: the same shape in consul-k8s YAML. Two clusters whose peers are declared by a PeeringAcceptor and a
// PeeringDialer (paired by their secret), Helm values, an ExportedServices resource, and `N_SERVICES` annotated
// workloads each (a Service and a Deployment per file) with one peered upstream in the annotation.

fn workload(i: usize, name: &str, port: usize, peer: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  ports:\n    - port: {port}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      annotations:\n        consul.hashicorp.com/connect-inject: \"true\"\n        consul.hashicorp.com/connect-service-upstreams: \"svc-{}.svc.{peer}.peer:9000\"\n    spec:\n      containers:\n        - name: app\n          image: app:1\n",
        (i + 1) % N_SERVICES
    )
}

fn yaml_host() -> (AnalysisHost, PathBuf) {
    let root = PathBuf::from("/bench-k8s");
    let mut files = Vec::new();
    let manifest = "cluster \"a\" {\n  paths = [\"a\"]\n}\ncluster \"b\" {\n  paths = [\"b\"]\n}\n";
    files.push(SourceFile::new(root.join("consul-ls.hcl"), manifest.into()));
    let values = "global:\n  name: consul\n  peering:\n    enabled: true\n  tls:\n    enabled: true\nconnectInject:\n  enabled: true\nmeshGateway:\n  enabled: true\n";
    let mesh = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh\nspec:\n  peering:\n    peerThroughMeshGateways: true\n";
    for (cluster, peer, peering) in [("a", "b", "PeeringAcceptor"), ("b", "a", "PeeringDialer")] {
        let dir = root.join(cluster);
        files.push(SourceFile::new(dir.join("values.yaml"), values.into()));
        files.push(SourceFile::new(dir.join("mesh.yaml"), mesh.into()));
        let pairing = format!(
            "apiVersion: consul.hashicorp.com/v1alpha1\nkind: {peering}\nmetadata:\n  name: {peer}\nspec:\n  peer:\n    secret:\n      name: token-a-b\n      key: data\n      backend: kubernetes\n"
        );
        files.push(SourceFile::new(dir.join("peering.yaml"), pairing.into()));
        let exports: String = (0..N_SERVICES)
            .map(|i| format!("    - name: svc-{i}\n      consumers:\n        - peer: {peer}\n"))
            .collect();
        let text = format!(
            "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ExportedServices\nmetadata:\n  name: default\nspec:\n  services:\n{exports}"
        );
        files.push(SourceFile::new(dir.join("exports.yaml"), text.into()));
        for i in 0..N_SERVICES {
            let text = workload(i, &format!("svc-{i}"), 8000 + i, peer);
            files.push(SourceFile::new(dir.join(format!("svc-{i}.yaml")), text.into()));
        }
    }
    let host = AnalysisHost::with_sources(vec![Root { path: root.clone(), is_dir: true }], files);
    (host, root.join("a").join("svc-7.yaml"))
}

fn yaml_edit_loop(bencher: Bencher, text: impl Fn(u32) -> String) {
    edit_loop_on(yaml_host, bencher, text)
}

#[divan::bench(sample_count = 50)]
fn yaml_keystroke_port(bencher: Bencher) {
    yaml_edit_loop(bencher, |n| workload(7, "svc-7", 8007 + (n % 7) as usize, "b"));
}

#[divan::bench(sample_count = 50)]
fn yaml_keystroke_annotation_peer(bencher: Bencher) {
    yaml_edit_loop(bencher, |n| workload(7, "svc-7", 8007, if n % 2 == 0 { "b" } else { "bb" }));
}

#[divan::bench(sample_count = 10)]
fn yaml_full_analysis_from_scratch(bencher: Bencher) {
    from_scratch(yaml_host, bencher);
}
