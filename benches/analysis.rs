//! What one keystroke costs in the language server: re-parse the edited file and re-analyse the workspace
//! (per-file findings of the other files are cached), beside analysing the whole workspace from scratch.
//! Run: `cargo bench --bench analysis`.

use std::path::PathBuf;
use std::sync::Arc;

use consul_ls::workspace::{Root, SourceFile, Workspace};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const N_SERVICES: usize = 500;

fn service(i: usize, peer: &str) -> String {
    format!(
        "service {{\n  name = \"svc-{i}\"\n  port = {}\n  connect {{\n    sidecar_service {{\n      proxy {{\n        upstreams = [\n          {{\n            destination_name = \"svc-{}\"\n            destination_peer = \"{peer}\"\n            local_bind_port  = 9000\n          }}\n        ]\n      }}\n    }}\n  }}\n}}\n",
        8000 + i % 1000,
        (i + 1) % N_SERVICES
    )
}

/// Two peered clusters with `N_SERVICES` service files each, exports, gateways and a manifest.
fn workspace() -> (Workspace, PathBuf) {
    let root = PathBuf::from("/bench");
    let mut ws = Workspace { roots: vec![Root { path: root.clone(), is_dir: true }], ..Workspace::default() };
    let manifest = "cluster \"a\" {\n  paths = [\"a\"]\n}\ncluster \"b\" {\n  paths = [\"b\"]\n}\n";
    ws.files.push(Arc::new(SourceFile::new(root.join("consul-ls.hcl"), manifest.into())));
    for (cluster, peer) in [("a", "b"), ("b", "a")] {
        for i in 0..N_SERVICES {
            let path = root.join(cluster).join(format!("svc-{i}.hcl"));
            ws.files.push(Arc::new(SourceFile::new(path, service(i, peer).into())));
        }
        let exports: Vec<String> = (0..N_SERVICES)
            .map(|i| format!("{{ Name = \"svc-{i}\", Consumers = [{{ Peer = \"{peer}\" }}] }}"))
            .collect();
        let text =
            format!("Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  {}\n]\n", exports.join(",\n  "));
        ws.files.push(Arc::new(SourceFile::new(root.join(cluster).join("exports.hcl"), text.into())));
        let gateway = "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n";
        ws.files.push(Arc::new(SourceFile::new(root.join(cluster).join("gateway.hcl"), gateway.into())));
    }
    ws.assign_clusters();
    let edited = root.join("a").join("svc-7.hcl");
    (ws, edited)
}

#[divan::bench(sample_count = 20)]
fn keystroke_reanalysis(bencher: Bencher) {
    let (ws, edited) = workspace();
    let _ = ws.diagnostics(); // warm the per-file caches, as the server's index does
    let mut n = 0u32;
    bencher.bench_local(|| {
        n += 1;
        let mut ws = ws.clone();
        let text = service(7, "b").replace("port = 8007", &format!("port = {}", 8007 + n % 7));
        ws.set_file(SourceFile::new(edited.clone(), text.into()));
        black_box(ws.diagnostics())
    });
}

#[divan::bench(sample_count = 10)]
fn full_analysis_from_scratch(bencher: Bencher) {
    let (ws, _) = workspace();
    bencher.bench_local(|| {
        // Fresh SourceFiles: nothing cached.
        let mut fresh = ws.clone();
        fresh.files = ws.files.iter().map(|f| Arc::new(SourceFile::new(f.path.clone(), f.text.clone()))).collect();
        black_box(fresh.diagnostics())
    });
}
