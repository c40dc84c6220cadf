//! Go to definition and find references between the things that name each other across files and clusters:
//! upstreams, service registrations, exported-services entries, peers (and their clusters in the manifest), mesh
//! gateways and ACL policies.
//!
//! Two kinds of targets: a service of a cluster (declared by its registrations) and a cluster (declared by its
//! `cluster "…"` block in the manifest).

use super::FileRange;
use crate::analysis::Analysis;
use crate::model::{EntryBody, FileKind, Obj, object_values};
use crate::schema::KeyStyle;
use crate::syntax::TextRange;
use crate::workspace::topology::{PeerNameAt, PeerUseAt};
use crate::workspace::{ClusterId, FileId, Topology, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// Service `name` of `cluster`. `via_exports`: reached from an upstream without `destination_peer` whose
    /// cluster does not register the service, so peers that export it are candidates too.
    Service {
        cluster: ClusterId,
        name: String,
        via_exports: bool,
    },
    Cluster(ClusterId),
    /// Peer `name` as cluster `cluster` declares it with PeeringAcceptor/PeeringDialer resources.
    Peer {
        cluster: ClusterId,
        name: String,
    },
}

pub fn definition(analysis: &Analysis, file: FileId, offset: u32) -> Vec<FileRange> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    let Some(target) = target_at(topology, file, offset) else { return Vec::new() };
    dedup(ws, declarations(topology, &target))
}

pub fn references(analysis: &Analysis, file: FileId, offset: u32, include_declaration: bool) -> Vec<FileRange> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    let Some(target) = target_at(topology, file, offset) else { return Vec::new() };
    let mut out = if include_declaration { declarations(topology, &target) } else { Vec::new() };
    out.extend(uses(topology, &target));
    dedup(ws, out)
}

/// In path order, then position; each place once.
fn dedup(ws: &Workspace, mut out: Vec<FileRange>) -> Vec<FileRange> {
    out.sort_by(|a, b| (&ws.file(a.file).path, a.range).cmp(&(&ws.file(b.file).path, b.range)));
    out.dedup();
    out
}

fn target_at(topology: Topology<'_>, file: FileId, offset: u32) -> Option<Target> {
    let ws = topology.workspace();
    let source = ws.files.get(file)?;
    if source.kind() == FileKind::Manifest {
        return manifest_target(ws, file, offset);
    }
    let c = ws.cluster_of(file)?;
    let on = |s: &Option<crate::model::Str>| s.as_ref().is_some_and(|s| s.range.touches(offset));
    let service = |cluster, name: &str| Target::Service { cluster, name: name.to_string(), via_exports: false };
    let model = &source.model;
    for s in &model.services {
        for u in &s.upstreams {
            if on(&u.destination_name) {
                return match u.peer() {
                    Some(peer) => topology.resolve_peer(c, peer).map(|d| service(d, u.name())),
                    None => Some(Target::Service { cluster: c, name: u.name().to_string(), via_exports: true }),
                };
            }
            if on(&u.destination_peer) {
                return peer_target(topology, c, u.peer()?);
            }
        }
        if on(&s.name) || (s.is_mesh_gateway() && on(&s.kind)) {
            return Some(service(c, s.name()));
        }
    }
    for entry in &model.entries {
        if let EntryBody::ExportedServices(services) = &entry.body {
            for exported in services {
                if exported.name.range.touches(offset) && exported.name.text != "*" {
                    return Some(service(c, &exported.name.text));
                }
                for consumer in &exported.consumers {
                    if on(&consumer.peer) {
                        return peer_target(topology, c, &consumer.peer.as_ref()?.text);
                    }
                }
            }
        } else if on(&entry.name) && entry.names_a_service() {
            return Some(service(c, entry.name()));
        }
        for mention in &entry.mentions {
            if on(&mention.service) {
                return match mention.peer() {
                    Some(peer) => topology.resolve_peer(c, peer).map(|d| service(d, mention.name())),
                    None => Some(service(c, mention.name())),
                };
            }
            if on(&mention.peer) {
                return topology.resolve_peer(c, mention.peer()?).map(Target::Cluster);
            }
        }
    }
    if let Some(k8s) = model.k8s.as_deref()
        && let Some(peering) = k8s.peerings.iter().find(|p| p.name.range.touches(offset))
    {
        return Some(Target::Peer { cluster: c, name: peering.name.text.to_string() });
    }
    let rule = model
        .policies
        .iter()
        .filter(|p| p.source != crate::model::RulesSource::Generated)
        .flat_map(|p| &p.rules)
        .filter(|r| r.resource == "service" && r.range.touches(offset))
        .min_by_key(|r| r.range.len())?;
    Some(service(c, rule.segment.as_deref()?))
}

/// A peer name used in cluster `c`: the peer its PeeringAcceptor/PeeringDialer resources declare, else the
/// cluster it resolves to.
fn peer_target(topology: Topology<'_>, c: ClusterId, peer: &str) -> Option<Target> {
    if !topology.peerings_named(c, peer).is_empty() {
        return Some(Target::Peer { cluster: c, name: peer.to_string() });
    }
    topology.resolve_peer(c, peer).map(Target::Cluster)
}

/// A `cluster "name"` label, or a `peers` entry (either side), in the manifest.
fn manifest_target(ws: &Workspace, file: FileId, offset: u32) -> Option<Target> {
    for item in manifest_items(ws, file) {
        match item {
            ManifestItem::Cluster { name, range } if range.touches(offset) => {
                return ws.cluster_named(&name).map(Target::Cluster);
            }
            ManifestItem::Peer { cluster, key, value, .. } if key.touches(offset) || value.touches(offset) => {
                return ws.cluster_named(&cluster).map(Target::Cluster);
            }
            _ => {}
        }
    }
    None
}

enum ManifestItem {
    /// `cluster "name" { }`: the label's range.
    Cluster { name: String, range: TextRange },
    /// `peers = { "key" = "cluster" }`, in the cluster `from`.
    Peer { from: String, cluster: String, key: TextRange, value: TextRange },
}

fn manifest_items(ws: &Workspace, file: FileId) -> Vec<ManifestItem> {
    let mut out = Vec::new();
    let Some(root) = Obj::new(&ws.file(file).parse.root, KeyStyle::Snake) else { return out };
    for labels in root.objects("cluster") {
        for label in labels.entries {
            out.push(ManifestItem::Cluster { name: label.key.text.to_string(), range: label.key.range });
            for body in object_values(&label.value) {
                let Some(body) = Obj::new(body, KeyStyle::Snake) else { continue };
                for peers in body.objects("peers") {
                    for entry in peers.entries {
                        if let Some(cluster) = entry.value.as_str() {
                            out.push(ManifestItem::Peer {
                                from: label.key.text.to_string(),
                                cluster: cluster.to_string(),
                                key: entry.key.range,
                                value: entry.value.range,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// The manifests of the workspace (the root ones that define clusters).
fn manifests(ws: &Workspace) -> Vec<FileId> {
    ws.roots
        .iter()
        .filter(|r| r.is_dir)
        .filter_map(|r| ws.file_id(&r.path.join(crate::workspace::MANIFEST_FILE)))
        .collect()
}

fn declarations(topology: Topology<'_>, target: &Target) -> Vec<FileRange> {
    let ws = topology.workspace();
    let mut out = Vec::new();
    match target {
        Target::Service { cluster, name, via_exports } => {
            out.extend(registrations(topology, *cluster, name));
            if out.is_empty() {
                // A virtual service routed by a discovery chain.
                for at in topology.entries_named(*cluster, name) {
                    if matches!(at.entry.body, EntryBody::DiscoveryChain)
                        && let Some(n) = &at.entry.name
                    {
                        out.push(FileRange { file: at.file, range: n.range });
                    }
                }
            }
            if out.is_empty() && *via_exports {
                // Not here: the registrations in the peers that export it to this cluster.
                for other in topology.exporters_to(*cluster, name) {
                    out.extend(registrations(topology, other, name));
                }
            }
        }
        Target::Cluster(d) => {
            for m in manifests(ws) {
                for item in manifest_items(ws, m) {
                    if let ManifestItem::Cluster { name, range } = item
                        && name == ws.cluster(*d).name
                    {
                        out.push(FileRange { file: m, range });
                    }
                }
            }
        }
        Target::Peer { cluster, name } => {
            // The resources that declare it here, and those of the other cluster they pair with.
            for at in topology.peerings_named(*cluster, name) {
                out.push(FileRange { file: at.file, range: at.peering.name.range });
                for (_, theirs) in topology.peering_partners(*cluster, at.peering) {
                    out.push(FileRange { file: theirs.file, range: theirs.peering.name.range });
                }
            }
        }
    }
    out
}

fn registrations(topology: Topology<'_>, cluster: ClusterId, name: &str) -> Vec<FileRange> {
    topology
        .registrations(cluster, name)
        .into_iter()
        .filter_map(|s| s.service.name.as_ref().map(|n| FileRange { file: s.file, range: n.range }))
        .collect()
}

fn uses(topology: Topology<'_>, target: &Target) -> Vec<FileRange> {
    let ws = topology.workspace();
    let mut out = Vec::new();
    match target {
        Target::Service { cluster: c, name, .. } => {
            // Upstreams: local ones without a peer, and other clusters' through a peer that resolves here; the
            // same for config entries' mentions (intention sources, resolver/router/splitter targets).
            for (_, at) in topology.upstreams_reaching(*c, name) {
                if let Some(n) = &at.upstream.destination_name {
                    out.push(FileRange { file: at.file(), range: n.range });
                }
            }
            for (_, at) in topology.mentions_reaching(*c, name) {
                if let Some(n) = &at.mention.service {
                    out.push(FileRange { file: at.file(), range: n.range });
                }
            }
            let gateway_partitions: Vec<&str> = topology
                .registrations(*c, name)
                .iter()
                .filter(|s| s.service.is_mesh_gateway())
                .map(|s| s.service.partition.as_str())
                .collect();
            for at in topology.exported_services_entries(*c) {
                let EntryBody::ExportedServices(services) = &at.entry.body else { continue };
                for exported in services.iter().filter(|e| e.name.text == *name) {
                    out.push(FileRange { file: at.file, range: exported.name.range });
                }
                // A mesh gateway is what exports to peers in its partition depend on.
                let to_peers = !Topology::export_peers(at.entry).is_empty();
                if to_peers && gateway_partitions.contains(&at.entry.partition.as_str()) {
                    out.push(FileRange { file: at.file, range: at.entry.kind.range });
                }
            }
            for at in topology.entries_named(*c, name) {
                if at.entry.names_a_service()
                    && let Some(n) = &at.entry.name
                {
                    out.push(FileRange { file: at.file, range: n.range });
                }
            }
            for at in topology.service_rules(*c, name) {
                if at.rule.resource == "service" {
                    out.push(FileRange { file: at.file, range: at.rule.range });
                }
            }
        }
        Target::Peer { cluster, name } => {
            for use_ in topology.peer_uses_in(*cluster) {
                if let Some(p) = use_.peer().filter(|p| p.text == *name) {
                    out.push(FileRange { file: use_.file(), range: p.range });
                }
            }
        }
        Target::Cluster(d) => {
            for (_, at) in topology.peer_names_of(*d) {
                let counts = match at {
                    PeerNameAt::Use(PeerUseAt::Consumer { consumer, .. }) => consumer.named_peer().is_some(),
                    _ => true,
                };
                if counts && let Some(p) = at.peer() {
                    out.push(FileRange { file: at.file(), range: p.range });
                }
            }
            for m in manifests(ws) {
                for item in manifest_items(ws, m) {
                    if let ManifestItem::Peer { from, cluster, value, .. } = item
                        && cluster == ws.cluster(*d).name
                        && from != cluster
                    {
                        out.push(FileRange { file: m, range: value });
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing;

    const ESTATE: &str = r#"
//- consul-ls.hcl
cluster "c1" {
  paths = ["c1"]
  peers = { "to-c2" = "c2" }
}
cluster "c2" {
  paths = ["c2"]
}
//- c1/frontend.hcl
service {
  name = "frontend"
  connect { sidecar_service { proxy { upstreams = [
    { destination_name = "backend", destination_peer = "to-c2" },
    { destination_name = "billing" }
  ] } } }
}
//- c2/exported-services.hcl
Kind = "exported-services"
Name = "default"
Services = [
  { Name = "backend", Consumers = [{ Peer = "c1" }] },
  { Name = "billing", Consumers = [{ Peer = "c1" }] }
]
//- c2/backend.hcl
service {
  name = "backend"
  port = 9090
}
services {
  name = "billing"
  port = 9091
}
//- c2/gateway.hcl
service {
  name = "mesh-gateway"
  kind = "mesh-gateway"
  port = 8443
}
//- c2/policy.hcl
service "mesh-gateway" {
  policy = "write"
}
mesh = "write"
//- c2/defaults.hcl
Kind = "service-defaults"
Name = "backend"
Protocol = "http"
//- c2/intentions.hcl
Kind = "service-intentions"
Name = "backend"
Sources = [{ Name = "frontend", Peer = "c1", Action = "allow" }]
"#;

    /// Runs `f` with the cursor (`$0`) after the first character of the first `needle` in `path`; one line per
    /// place found.
    fn check(path: &str, needle: &str, f: impl Fn(&Analysis, FileId, u32) -> Vec<FileRange>) -> String {
        let marker = format!("//- {path}\n");
        let start = ESTATE.find(&marker).unwrap_or_else(|| panic!("no {path}")) + marker.len();
        let at = start + ESTATE[start..].find(needle).unwrap_or_else(|| panic!("{needle} not in {path}")) + 1;
        let fixture = format!("{}$0{}", &ESTATE[..at], &ESTATE[at..]);
        let (analysis, file, offset) = testing::analysis(&fixture);
        f(&analysis, file, offset)
            .iter()
            .map(|at| {
                let shown = testing::show_range(&analysis, at.file, at.range);
                shown.lines().next().unwrap_or("").to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn refs(analysis: &Analysis, file: FileId, offset: u32) -> Vec<FileRange> {
        references(analysis, file, offset, true)
    }

    #[test]
    fn upstream_through_a_peer_goes_to_the_peer_clusters_registration() {
        let cases = [
            check("c1/frontend.hcl", "\"backend\"", definition),
            // Without a peer and not registered locally: the registration of the cluster that exports it here.
            check("c1/frontend.hcl", "\"billing\"", definition),
        ];
        insta::assert_snapshot!(cases.join("\n---\n"));
    }

    #[test]
    fn peers_go_to_the_manifest_cluster() {
        let cases = [
            check("c1/frontend.hcl", "\"to-c2\"", definition),
            check("c2/exported-services.hcl", "\"c1\"", definition),
            check("consul-ls.hcl", "\"c2\" }", definition),
        ];
        insta::assert_snapshot!(cases.join("\n---\n"));
    }

    #[test]
    fn references_of_a_service_across_clusters() {
        let from_registration = check("c2/backend.hcl", "\"backend\"", refs);
        // From the export, the same set.
        assert_eq!(check("c2/exported-services.hcl", "\"backend\"", refs), from_registration);
        let without_declaration = check("c2/backend.hcl", "\"backend\"", |a, f, o| references(a, f, o, false));
        insta::assert_snapshot!(format!("{from_registration}\n---\n{without_declaration}"));
    }

    #[test]
    fn references_of_a_cluster_are_its_peer_names() {
        insta::assert_snapshot!(check("consul-ls.hcl", "\"c2\" {", refs));
    }

    #[test]
    fn mesh_gateway_references_its_policies_and_dependent_exports() {
        let cases =
            [check("c2/gateway.hcl", "\"mesh-gateway\"", refs), check("c2/policy.hcl", "\"mesh-gateway\"", definition)];
        insta::assert_snapshot!(cases.join("\n---\n"));
    }

    #[test]
    fn nothing_elsewhere() {
        assert_eq!(check("c2/backend.hcl", "port", definition), "");
    }
}
