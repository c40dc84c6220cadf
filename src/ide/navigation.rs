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
use crate::workspace::topology::PeerUseAt;
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

/// Entry kinds whose `Name` is a service name.
fn names_a_service(kind: &str) -> bool {
    !matches!(kind, "exported-services" | "mesh" | "proxy-defaults" | "sameness-group" | "jwt-provider")
        && !kind.ends_with("-certificate")
        && !kind.ends_with("-route")
        && !kind.ends_with("-gateway")
        && kind != "control-plane-request-limit"
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
        } else if on(&entry.name) && names_a_service(&entry.kind.text) {
            return Some(service(c, entry.name()));
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
            // Upstreams: local ones without a peer, and other clusters' through a peer that resolves here.
            for cluster in ws.cluster_ids() {
                for at in topology.upstreams_naming(cluster, name) {
                    let reaches = match at.upstream.peer() {
                        None => cluster == *c,
                        Some(peer) => topology.resolve_peer(cluster, peer) == Some(*c),
                    };
                    if reaches && let Some(n) = &at.upstream.destination_name {
                        out.push(FileRange { file: at.file(), range: n.range });
                    }
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
                if names_a_service(&at.entry.kind.text)
                    && let Some(n) = &at.entry.name
                {
                    out.push(FileRange { file: at.file, range: n.range });
                }
            }
            for at in topology.policies(*c) {
                for rule in &at.policy.rules {
                    if rule.resource == "service" && rule.segment.as_deref() == Some(name.as_str()) {
                        out.push(FileRange { file: at.file, range: rule.range });
                    }
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
            for (_, use_) in topology.peer_uses_of(*d) {
                let counts = match use_ {
                    PeerUseAt::Upstream(_) => true,
                    PeerUseAt::Consumer { consumer, .. } => consumer.named_peer().is_some(),
                };
                if counts && let Some(p) = use_.peer() {
                    out.push(FileRange { file: use_.file(), range: p.range });
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
    use crate::ide::testing::{fixture, rel};

    const MANIFEST: &str = "cluster \"c1\" {\n  paths = [\"c1\"]\n  peers = { \"to-c2\" = \"c2\" }\n}\ncluster \"c2\" {\n  paths = [\"c2\"]\n}\n";
    const FRONTEND: &str = "service {\n  name = \"frontend\"\n  connect { sidecar_service { proxy { upstreams = [\n    { destination_name = \"backend\", destination_peer = \"to-c2\" },\n    { destination_name = \"billing\" }\n  ] } } }\n}\n";
    const EXPORTS: &str = "Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  { Name = \"backend\", Consumers = [{ Peer = \"c1\" }] },\n  { Name = \"billing\", Consumers = [{ Peer = \"c1\" }] }\n]\n";
    const BACKEND: &str =
        "service {\n  name = \"backend\"\n  port = 9090\n}\nservices {\n  name = \"billing\"\n  port = 9091\n}\n";
    const GATEWAY: &str = "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n";
    const POLICY: &str = "service \"mesh-gateway\" {\n  policy = \"write\"\n}\nmesh = \"write\"\n";
    const DEFAULTS: &str = "Kind = \"service-defaults\"\nName = \"backend\"\nProtocol = \"http\"\n";

    /// Runs `f` with the cursor placed (by `$0`) in file `cursor_file` at the first `needle`, and renders the
    /// result as `path:text` pairs.
    fn run(cursor_file: &str, needle: &str, f: impl Fn(&Analysis, FileId, u32) -> Vec<FileRange>) -> Vec<String> {
        let files = [
            ("consul-ls.hcl", MANIFEST),
            ("c1/frontend.hcl", FRONTEND),
            ("c2/exported-services.hcl", EXPORTS),
            ("c2/backend.hcl", BACKEND),
            ("c2/gateway.hcl", GATEWAY),
            ("c2/policy.hcl", POLICY),
            ("c2/defaults.hcl", DEFAULTS),
        ];
        let marked: Vec<(&str, String)> = files
            .iter()
            .map(|(path, text)| {
                let text = if *path == cursor_file {
                    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in {path}")) + 1;
                    format!("{}$0{}", &text[..at], &text[at..])
                } else {
                    text.to_string()
                };
                (*path, text)
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = marked.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (ws, file, offset) = fixture(&borrowed);
        f(&ws, file, offset)
            .into_iter()
            .map(|at| {
                let text = &ws.workspace().file(at.file).text[at.range.as_usize()];
                format!("{}:{}", rel(&ws, at.file), text.lines().next().unwrap_or(""))
            })
            .collect()
    }

    fn refs(ws: &Analysis, file: FileId, offset: u32) -> Vec<FileRange> {
        references(ws, file, offset, true)
    }

    #[test]
    fn upstream_through_a_peer_goes_to_the_peer_clusters_registration() {
        assert_eq!(run("c1/frontend.hcl", "\"backend\"", definition), ["c2/backend.hcl:\"backend\""]);
        // Without a peer and not registered locally: the registration of the cluster that exports it here.
        assert_eq!(run("c1/frontend.hcl", "\"billing\"", definition), ["c2/backend.hcl:\"billing\""]);
    }

    #[test]
    fn peers_go_to_the_manifest_cluster() {
        assert_eq!(run("c1/frontend.hcl", "\"to-c2\"", definition), ["consul-ls.hcl:\"c2\""]);
        assert_eq!(run("c2/exported-services.hcl", "\"c1\"", definition), ["consul-ls.hcl:\"c1\""]);
        assert_eq!(run("consul-ls.hcl", "\"c2\" }", definition), ["consul-ls.hcl:\"c2\""]);
    }

    #[test]
    fn references_of_a_service_across_clusters() {
        let found = run("c2/backend.hcl", "\"backend\"", refs);
        assert_eq!(
            found,
            [
                "c1/frontend.hcl:\"backend\"",
                "c2/backend.hcl:\"backend\"",
                "c2/defaults.hcl:\"backend\"",
                "c2/exported-services.hcl:\"backend\""
            ]
        );
        // From the export, the same set.
        assert_eq!(run("c2/exported-services.hcl", "\"backend\"", refs), found);
        let without_declaration = run("c2/backend.hcl", "\"backend\"", |ws, f, o| references(ws, f, o, false));
        assert_eq!(without_declaration.len(), 3);
    }

    #[test]
    fn references_of_a_cluster_are_its_peer_names() {
        assert_eq!(
            run("consul-ls.hcl", "\"c2\" {", refs),
            ["c1/frontend.hcl:\"to-c2\"", "consul-ls.hcl:\"c2\"", "consul-ls.hcl:\"c2\""]
        );
    }

    #[test]
    fn mesh_gateway_references_its_policies_and_dependent_exports() {
        let found = run("c2/gateway.hcl", "\"mesh-gateway\"", refs);
        assert_eq!(
            found,
            [
                "c2/exported-services.hcl:\"exported-services\"",
                "c2/gateway.hcl:\"mesh-gateway\"",
                "c2/policy.hcl:service \"mesh-gateway\" {"
            ]
        );
        assert_eq!(run("c2/policy.hcl", "\"mesh-gateway\"", definition), ["c2/gateway.hcl:\"mesh-gateway\""]);
    }

    #[test]
    fn nothing_elsewhere() {
        assert!(run("c2/backend.hcl", "port", definition).is_empty());
    }
}
