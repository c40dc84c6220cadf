//! The manifest's cross-checks (interface.md, "Clusters and peers"): a `paths` entry that matches no file or
//! folder, and a `peers` value that names no cluster, are `invalid-value` on that entry of `consul-ls.hcl`. (Its
//! keys and `ignore` codes are checked with the file itself, in `schema`.)
//!
//! Cluster-level: a `paths` entry depends on which files the cluster holds, and a peer on the set of clusters.

use std::path::Path;

use super::{Code, Diagnostic};
use crate::model::{Obj, object_values};
use crate::schema::KeyStyle;
use crate::workspace::{ClusterId, FileId, Topology, normalize};

pub fn check(topology: Topology<'_>, cluster: ClusterId, out: &mut Vec<(FileId, Diagnostic)>) {
    let ws = topology.workspace();
    let spec = ws.cluster(cluster);
    let Some(manifest) = spec.manifest else { return };
    let source = ws.file(manifest);
    let Some(root) = Obj::new(&source.parse.root, KeyStyle::Snake) else { return };
    let base = source.path.parent().unwrap_or(Path::new(""));
    for labels in root.objects("cluster") {
        for label in labels.entries.iter().filter(|l| l.key.text == spec.name) {
            for body in object_values(&label.value) {
                let Some(body) = Obj::new(body, KeyStyle::Snake) else { continue };
                if let Some(paths) = body.value("paths") {
                    for item in paths.as_list().unwrap_or(std::slice::from_ref(paths)) {
                        let Some(rel) = item.as_str() else { continue };
                        let dir = normalize(&base.join(rel));
                        let holds_files = spec.files.iter().any(|&f| normalize(&ws.file(f).path).starts_with(&dir));
                        if !holds_files && !dir.exists() {
                            out.push((
                                manifest,
                                Diagnostic::new(
                                    Code::InvalidValue,
                                    item.range,
                                    format!(
                                        "paths entry \"{rel}\" of cluster \"{}\" matches no file or folder (relative to {})",
                                        spec.name,
                                        if base.as_os_str().is_empty() { "." } else { "the manifest's folder" }
                                    ),
                                ),
                            ));
                        }
                    }
                }
                for peers in body.objects("peers") {
                    for entry in peers.entries {
                        let Some(target) = entry.value.as_str() else { continue };
                        if ws.cluster_named(target).is_none() {
                            let known: Vec<&str> = ws.clusters.iter().map(|c| c.name.as_str()).collect();
                            out.push((
                                manifest,
                                Diagnostic::new(
                                    Code::InvalidValue,
                                    entry.value.range,
                                    format!(
                                        "peer \"{}\" of cluster \"{}\" maps to \"{target}\", which is no cluster of the manifest (known: {})",
                                        entry.key.text,
                                        spec.name,
                                        known.join(", ")
                                    ),
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
}
