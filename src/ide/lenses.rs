//! Code lenses: the topology over each service registration and each exported service — "exported to 2 peers ·
//! imported by 3 upstreams in 2 clusters" — with the places that make it so (the client lists them as
//! references when the lens is clicked).
//!
//! Each lens costs index lookups by the service's name (the exports that list it, the upstreams that name it in
//! each cluster), never a walk over the workspace: a file's lenses cost what the file holds.

use std::collections::BTreeSet;

use super::FileRange;
use crate::analysis::Analysis;
use crate::model::{EntryBody, ExportedService};
use crate::workspace::{ClusterId, FileId, Topology};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeLens {
    /// What the lens sits over: the service's name.
    pub at: FileRange,
    pub title: String,
    /// The places the title counts: the exports and the importing upstreams.
    pub references: Vec<FileRange>,
}

pub fn code_lenses(analysis: &Analysis, file: FileId) -> Vec<CodeLens> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    let Some(source) = ws.files.get(file) else { return Vec::new() };
    let Some(c) = ws.cluster_of(file) else { return Vec::new() };
    let model = &source.model;
    let mut out = Vec::new();
    for service in &model.services {
        let Some(name) = service.name.as_ref().filter(|n| !n.text.is_empty()) else { continue };
        if service.is_mesh_gateway() {
            continue;
        }
        let exports = topology.exports_of(c, &name.text);
        let peers = topology.export_consumers(c, &name.text);
        let importers = topology.upstreams_reaching(c, &name.text);
        let mut references: Vec<FileRange> =
            exports.iter().map(|e| FileRange { file: e.file, range: e.service.name.range }).collect();
        references.extend(importers.iter().filter_map(|(_, at)| {
            at.upstream.destination_name.as_ref().map(|n| FileRange { file: at.file(), range: n.range })
        }));
        let clusters: BTreeSet<ClusterId> = importers.iter().map(|(c, _)| *c).collect();
        let title = format!("{} · {}", exported_to(peers.len()), imported_by(importers.len(), clusters.len()));
        out.push(CodeLens { at: FileRange { file, range: name.range }, title, references });
    }
    for entry in &model.entries {
        let EntryBody::ExportedServices(services) = &entry.body else { continue };
        for exported in services {
            out.push(exported_lens(topology, file, c, exported));
        }
    }
    out
}

/// The lens over a service listed in an exported-services entry: the peers it names, and the upstreams in those
/// peers' clusters that import it.
fn exported_lens(topology: Topology<'_>, file: FileId, c: ClusterId, exported: &ExportedService) -> CodeLens {
    let mut peers: Vec<&str> =
        exported.consumers.iter().filter_map(|consumer| consumer.named_peer().map(|p| p.text.as_str())).collect();
    peers.sort();
    peers.dedup();
    let mut clusters: BTreeSet<ClusterId> = BTreeSet::new();
    let mut references = Vec::new();
    let mut n_upstreams = 0;
    let importers: BTreeSet<ClusterId> = peers.iter().filter_map(|p| topology.resolve_peer(c, p)).collect();
    for d in importers {
        let upstreams = topology.importing_upstreams(d, c, &exported.name.text);
        if !upstreams.is_empty() {
            clusters.insert(d);
        }
        n_upstreams += upstreams.len();
        references.extend(upstreams.iter().filter_map(|at| {
            at.upstream.destination_name.as_ref().map(|n| FileRange { file: at.file(), range: n.range })
        }));
    }
    for consumer in &exported.consumers {
        if let Some(peer) = consumer.named_peer() {
            references.push(FileRange { file, range: peer.range });
        }
    }
    let title = format!("{} · {}", exported_to(peers.len()), imported_by(n_upstreams, clusters.len()));
    CodeLens { at: FileRange { file, range: exported.name.range }, title, references }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn exported_to(peers: usize) -> String {
    if peers == 0 {
        "not exported to a peer".to_string()
    } else {
        format!("exported to {}", plural(peers, "peer", "peers"))
    }
}

fn imported_by(upstreams: usize, clusters: usize) -> String {
    if upstreams == 0 {
        "no upstream imports it".to_string()
    } else {
        format!(
            "imported by {} in {}",
            plural(upstreams, "upstream", "upstreams"),
            plural(clusters, "cluster", "clusters")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing::{self, show_range};

    fn check(fixture: &str, path: &str) -> String {
        let (analysis, _, _) = testing::analysis(fixture);
        let file = analysis.workspace().file_id(&std::path::Path::new(testing::ROOT).join(path)).unwrap();
        code_lenses(&analysis, file)
            .iter()
            .map(|lens| {
                let refs: Vec<String> = lens
                    .references
                    .iter()
                    .map(|r| format!("\n    {}", show_range(&analysis, r.file, r.range)))
                    .collect();
                format!("{} {}{}", show_range(&analysis, lens.at.file, lens.at.range), lens.title, refs.join(""))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    const ESTATE: &str = r#"
        //- c2/backend.hcl
        service {
          name = "backend"
          port = 9090
        }
        services {
          name = "unused"
          port = 9091
        }
        //- consul-ls.hcl
        cluster "c1" {
          paths = ["c1"]
        }
        cluster "c2" {
          paths = ["c2"]
        }
        cluster "c3" {
          paths = ["c3"]
        }
        //- c1/frontend.hcl
        service {
          name = "frontend"
          port = 8080
          connect { sidecar_service { proxy { upstreams = [
            { destination_name = "backend", destination_peer = "c2", local_bind_port = 9000 },
          ] } } }
        }
        //- c3/reports.hcl
        service {
          name = "reports"
          port = 7070
          connect { sidecar_service { proxy { upstreams = [
            { destination_name = "backend", destination_peer = "c2", local_bind_port = 9000 },
          ] } } }
        }
        //- c2/local.hcl
        service {
          name = "local"
          port = 1
          connect { sidecar_service { proxy { upstreams = [{ destination_name = "backend", local_bind_port = 2 }] } } }
        }
        //- c2/exports.hcl
        Kind = "exported-services"
        Name = "default"
        Services = [
          { Name = "backend", Consumers = [{ Peer = "c1" }, { Peer = "c3" }] },
        ]
    "#;

    #[test]
    fn registrations_count_exports_and_importers_across_clusters() {
        insta::assert_snapshot!(check(ESTATE, "c2/backend.hcl"));
    }

    #[test]
    fn exported_services_count_their_consumers_importers() {
        insta::assert_snapshot!(check(ESTATE, "c2/exports.hcl"));
    }

    #[test]
    fn no_lenses_outside_clusters() {
        let fixture = "//- consul-ls.hcl\ncluster \"c1\" {\n  paths = [\"c1\"]\n}\n//- other/a.hcl\nservice {\n  name = \"a\"\n  port = 1\n}\n";
        assert_eq!(check(fixture, "other/a.hcl"), "");
    }
}
