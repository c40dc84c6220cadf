//! `consul-ls/graph`: the workspace's topology for editors ("Consul: Show Topology", `:ConsulTopology`).
//!
//! Request params: `{}` (none needed). Result:
//! `{"version": 1, "mermaid": "flowchart LR ...", "dot": "digraph consul { ... }", "graph": {...}}`, where `graph`
//! is what `consul-ls graph --format json` prints (file paths relative to the first workspace folder holding the
//! file, else absolute) and the drawings are `--format mermaid` / `--format dot`. Edge findings follow the
//! client's settings: a code turned off (`consul-ls.diagnostics.severity`) is not shown.

use std::path::Path;

use serde_json::{Value, json};

use super::snapshot::Snapshot;
use crate::cli::render::display_path;
use crate::ide::graph;

pub const METHOD: &str = "consul-ls/graph";

pub fn graph(snapshot: &Snapshot) -> Value {
    let analysis = &snapshot.analysis;
    let roots = &analysis.workspace().roots;
    let display = |path: &Path| match roots.iter().find(|r| r.is_dir && path.starts_with(&r.path)) {
        Some(root) => display_path(path, &root.path),
        None => path.to_string_lossy().replace('\\', "/"),
    };
    let diagnostics = |file| snapshot.settings.apply(&analysis.diagnostics(file));
    let graph = graph::graph(analysis, &display, &diagnostics);
    json!({
        "version": graph::VERSION,
        "mermaid": graph::mermaid::render(&graph),
        "dot": graph::dot::render(&graph),
        "graph": graph,
    })
}
