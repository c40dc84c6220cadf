//! The estate's topology as plain data: clusters, services, upstream and export edges, mesh gateways — what
//! `consul-ls graph` prints (`--format json`, see the contract's "Topology") and what [`mermaid`] and [`dot`] draw.
//!
//! Everything cross-file comes from the workspace's [`Topology`](crate::workspace::Topology) (where an upstream
//! leads, what a peer name means, which gateways a cluster has) and the findings on an edge from the analysis'
//! diagnostics, matched by file and range: an upstream's `destination_name`/`destination_peer` value, an
//! exported-services consumer's `Peer`. Only the codes that are about that one edge count
//! ([`EDGE_CODES`]); `peering-without-mesh-config`, which sits on the cluster's first peer name as a stand-in for
//! the whole cluster, does not.

pub mod dot;
pub mod mermaid;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;

use line_index::{LineIndex, TextSize};
use serde::Serialize;

use crate::analysis::Analysis;
use crate::model::{DEFAULT, EntryBody, Service, Str};
use crate::rules::{Code, Diagnostic};
use crate::syntax::TextRange;
use crate::workspace::{ClusterId, FileId, Topology};

/// The codes of the findings that sit on an upstream's `destination_name`/`destination_peer` or a consumer's
/// `Peer` because that upstream or export is what is wrong.
pub const EDGE_CODES: &[Code] =
    &[Code::UpstreamMissingPeer, Code::UnknownPeer, Code::ServiceNotExported, Code::UpstreamMissingNamespace];

/// The name of a mesh gateway the manifest declares (interface.md: "name `mesh-gateway`").
pub const DECLARED_GATEWAY: &str = "mesh-gateway";

/// The version of the JSON shape.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Graph {
    pub version: u32,
    /// Sorted by name.
    pub clusters: Vec<ClusterNode>,
    /// Sorted by id, then file line.
    pub services: Vec<ServiceNode>,
    /// Sorted by `from`, then line.
    pub edges: Vec<Edge>,
    /// Sorted by cluster, partition, name.
    pub gateways: Vec<Gateway>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterNode {
    pub name: String,
    /// The admin partitions that hold a service or a config entry, plus `default`; sorted.
    pub partitions: Vec<String>,
}

/// A service registration (mesh gateways included).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceNode {
    /// `cluster/partition/namespace/name`.
    pub id: String,
    pub cluster: String,
    pub partition: String,
    pub namespace: String,
    pub name: String,
    /// Consul's service kind: `""` for a typical service, `mesh-gateway`, `connect-proxy`, ...
    pub kind: String,
    pub file: String,
    /// 1-based line of the registration's name (of the registration, without one).
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Edge {
    /// An upstream of `from`'s proxy.
    Upstream {
        /// The downstream service's id.
        from: String,
        /// The id of the service the upstream reaches; `None` when it is registered nowhere it is looked for.
        to: Option<String>,
        /// For `to: null`: the name the upstream asks for.
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<String>,
        /// `destination_peer`, when set.
        peer: Option<String>,
        file: String,
        /// 1-based line of `destination_name` (of the upstream, without one).
        line: u32,
        findings: Vec<&'static str>,
        /// For drawing a `to: null` target: where it was looked for and why it is not there.
        #[serde(skip)]
        missing: Option<Missing>,
    },
    /// An exported service's consumer peer.
    Export {
        /// The exported service's id (`*` as its name for a wildcard export).
        from: String,
        /// The consumer's `Peer`, as written.
        to_peer: String,
        file: String,
        /// 1-based line of the exported service's `Name`.
        line: u32,
        findings: Vec<&'static str>,
        /// The cluster the peer name resolves to, for drawing.
        #[serde(skip)]
        to_cluster: Option<String>,
    },
}

impl Edge {
    pub fn from(&self) -> &str {
        match self {
            Edge::Upstream { from, .. } | Edge::Export { from, .. } => from,
        }
    }
    pub fn line(&self) -> u32 {
        match self {
            Edge::Upstream { line, .. } | Edge::Export { line, .. } => *line,
        }
    }
    pub fn file(&self) -> &str {
        match self {
            Edge::Upstream { file, .. } | Edge::Export { file, .. } => file,
        }
    }
    pub fn findings(&self) -> &[&'static str] {
        match self {
            Edge::Upstream { findings, .. } | Edge::Export { findings, .. } => findings,
        }
    }
    /// What tells two edges of the same `from` and line apart, for a stable order.
    fn tie_break(&self) -> (u8, &str, &str) {
        match self {
            Edge::Upstream { to, target, .. } => {
                (0, to.as_deref().or(target.as_deref()).unwrap_or(""), target.as_deref().unwrap_or(""))
            }
            Edge::Export { to_peer, .. } => (1, to_peer, ""),
        }
    }
}

/// Where an unresolved upstream target was looked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// The cluster it was looked in (the peer's, or the upstream's own); `None` when outside the workspace.
    pub cluster: Option<String>,
    /// The id the service would have there (`cluster/partition/namespace/name`).
    pub id: Option<String>,
    /// Why it is not there, for the drawing's label.
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gateway {
    pub cluster: String,
    pub partition: String,
    pub name: String,
    /// `file` (a registration in the workspace) or `manifest` (a partition named in the manifest's
    /// `mesh_gateways`).
    pub declared_in: &'static str,
}

impl Graph {
    /// The JSON document, pretty-printed, with a final newline.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }
}

/// The topology of the analysis, with file paths shown by `display` and edge findings taken from `diagnostics`
/// (the analysis' own, or the editor's view of them with codes turned off).
pub fn graph(
    analysis: &Analysis,
    display: &dyn Fn(&Path) -> String,
    diagnostics: &dyn Fn(FileId) -> Vec<Diagnostic>,
) -> Graph {
    let mut builder = Builder { analysis, display, diagnostics, files: HashMap::new() };
    builder.build()
}

/// What is read once per file: its shown path, line index and findings.
struct FileInfo {
    path: String,
    lines: LineIndex,
    diagnostics: Vec<Diagnostic>,
}

struct Builder<'a> {
    analysis: &'a Analysis,
    display: &'a dyn Fn(&Path) -> String,
    diagnostics: &'a dyn Fn(FileId) -> Vec<Diagnostic>,
    files: HashMap<FileId, FileInfo>,
}

fn or_default(text: &str) -> &str {
    if text.is_empty() { DEFAULT } else { text }
}

fn service_id(cluster: &str, partition: &str, namespace: &str, name: &str) -> String {
    format!("{cluster}/{}/{}/{name}", or_default(partition), or_default(namespace))
}

/// Whether a finding's range is on `value`: overlapping it, or equal to it when empty.
fn on(finding: TextRange, value: TextRange) -> bool {
    finding == value || (finding.start < value.end && value.start < finding.end)
}

impl<'a> Builder<'a> {
    fn file(&mut self, file: FileId) -> &FileInfo {
        let analysis = self.analysis;
        let (display, diagnostics) = (self.display, self.diagnostics);
        self.files.entry(file).or_insert_with(|| {
            let source = analysis.workspace().file(file);
            FileInfo {
                path: display(&source.path),
                lines: LineIndex::new(&source.text),
                diagnostics: diagnostics(file),
            }
        })
    }

    /// The shown path and the 1-based line of `offset` in `file`.
    fn place(&mut self, file: FileId, offset: u32) -> (String, u32) {
        let info = self.file(file);
        let offset = offset.min(u32::from(info.lines.len()));
        let line = info.lines.try_line_col(TextSize::from(offset)).map_or(0, |lc| lc.line) + 1;
        (info.path.clone(), line)
    }

    /// The edge codes of the findings in `file` that sit on one of `values`, sorted, each once.
    fn findings(&mut self, file: FileId, values: &[Option<&Str>]) -> Vec<&'static str> {
        let info = self.file(file);
        let mut codes: Vec<&'static str> = info
            .diagnostics
            .iter()
            .filter(|d| EDGE_CODES.contains(&d.code))
            .filter(|d| values.iter().flatten().any(|v| on(d.range, v.range)))
            .map(|d| d.code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    fn build(&mut self) -> Graph {
        let analysis = self.analysis;
        let topology = analysis.topology();
        let ws = analysis.workspace();
        let mut clusters = Vec::new();
        let mut services = Vec::new();
        let mut edges = Vec::new();
        let mut gateways = Vec::new();
        for c in ws.cluster_ids() {
            let cluster = topology.cluster_name(c);
            clusters.push(ClusterNode {
                name: cluster.to_string(),
                partitions: topology.cluster_partitions(c).into_iter().map(|p| or_default(p).to_string()).collect(),
            });
            for at in topology.services(c) {
                let service = at.service;
                if service.name().is_empty() {
                    continue;
                }
                let offset = service.name.as_ref().map_or(service.range.start, |n| n.range.start);
                let (file, line) = self.place(at.file, offset);
                services.push(ServiceNode {
                    id: id_of(cluster, service, service.name()),
                    cluster: cluster.to_string(),
                    partition: or_default(&service.partition).to_string(),
                    namespace: or_default(&service.namespace).to_string(),
                    name: service.name().to_string(),
                    kind: service.kind().to_string(),
                    file,
                    line,
                });
            }
            for gateway in topology.gateways(c) {
                gateways.push(Gateway {
                    cluster: cluster.to_string(),
                    partition: or_default(&gateway.service.partition).to_string(),
                    name: gateway.service.name().to_string(),
                    declared_in: "file",
                });
            }
            for partition in topology.declared_gateway_partitions(c) {
                gateways.push(Gateway {
                    cluster: cluster.to_string(),
                    partition: or_default(partition).to_string(),
                    name: DECLARED_GATEWAY.to_string(),
                    declared_in: "manifest",
                });
            }
            self.upstream_edges(topology, c, &mut edges);
            self.export_edges(topology, c, &mut edges);
        }
        clusters.sort_by(|a, b| a.name.cmp(&b.name));
        services.sort_by(|a, b| (&a.id, a.line, &a.file).cmp(&(&b.id, b.line, &b.file)));
        services.dedup();
        edges.sort_by(|a, b| {
            (a.from(), a.line(), a.file(), a.tie_break()).cmp(&(b.from(), b.line(), b.file(), b.tie_break()))
        });
        edges.dedup();
        gateways.sort_by(|a, b| {
            (&a.cluster, &a.partition, &a.name, a.declared_in).cmp(&(&b.cluster, &b.partition, &b.name, b.declared_in))
        });
        gateways.dedup();
        Graph { version: VERSION, clusters, services, edges, gateways }
    }

    fn upstream_edges(&mut self, topology: Topology<'_>, c: ClusterId, edges: &mut Vec<Edge>) {
        let cluster = topology.cluster_name(c);
        for at in topology.upstreams(c) {
            let u = at.upstream;
            let name = u.name();
            if name.is_empty() || u.downstream.is_empty() {
                continue;
            }
            let from = id_of(cluster, at.service, &u.downstream);
            let target = topology.upstream_target(c, at);
            let (to, missing) = match (target.cluster, target.service) {
                (Some(d), Some(reg)) => (Some(id_of(topology.cluster_name(d), reg.service, reg.service.name())), None),
                (Some(d), None) => {
                    let cluster = topology.cluster_name(d);
                    let id = service_id(cluster, target.partition, target.namespace, name);
                    (
                        None,
                        Some(Missing {
                            cluster: Some(cluster.to_string()),
                            id: Some(id),
                            note: "not registered".into(),
                        }),
                    )
                }
                (None, _) => {
                    let note = match (u.peer(), u.datacenter().filter(|d| !d.text.is_empty())) {
                        _ if u.is_prepared_query() => "prepared query".to_string(),
                        (Some(peer), _) => format!("unknown peer {peer}"),
                        (None, Some(dc)) => format!("datacenter {}", dc.text),
                        (None, None) => "not a service".to_string(),
                    };
                    (None, Some(Missing { cluster: None, id: None, note }))
                }
            };
            let offset = u.destination_name.as_ref().map_or(u.range.start, |n| n.range.start);
            let (file, line) = self.place(at.file(), offset);
            let findings = self.findings(at.file(), &[u.destination_name.as_ref(), u.destination_peer.as_ref()]);
            edges.push(Edge::Upstream {
                from,
                target: to.is_none().then(|| name.to_string()),
                to,
                peer: u.peer().map(str::to_string),
                file,
                line,
                findings,
                missing,
            });
        }
    }

    fn export_edges(&mut self, topology: Topology<'_>, c: ClusterId, edges: &mut Vec<Edge>) {
        let cluster = topology.cluster_name(c);
        for at in topology.exported_services_entries(c) {
            let EntryBody::ExportedServices(exported) = &at.entry.body else { continue };
            for service in exported {
                if service.name.text.is_empty() {
                    continue;
                }
                let namespace = service.namespace.as_ref().map_or(DEFAULT, |n| n.text.as_str());
                let from = service_id(cluster, &at.entry.partition, namespace, &service.name.text);
                for consumer in &service.consumers {
                    let Some(peer) = consumer.named_peer() else { continue };
                    let (file, line) = self.place(at.file, service.name.range.start);
                    let findings = self.findings(at.file, &[Some(peer)]);
                    let to_cluster = topology.resolve_peer(c, &peer.text).map(|d| topology.cluster_name(d).to_string());
                    edges.push(Edge::Export {
                        from: from.clone(),
                        to_peer: peer.text.to_string(),
                        file,
                        line,
                        findings,
                        to_cluster,
                    });
                }
            }
        }
    }
}

/// The id of service `name` in `service`'s partition and namespace.
fn id_of(cluster: &str, service: &Service, name: &str) -> String {
    service_id(cluster, &service.partition, &service.namespace, name)
}

// ---------------------------------------------------------------------------------------------------------------
// What both drawings draw: groups per cluster (and partition), nodes, edges.

/// The graph laid out for drawing, the same for Mermaid and DOT.
#[derive(Debug)]
struct Drawing {
    clusters: Vec<DrawCluster>,
    /// Nodes outside every cluster (targets outside the workspace).
    loose: Vec<Node>,
    edges: Vec<DrawEdge>,
}

#[derive(Debug)]
struct DrawCluster {
    /// `c0`, `c1`, ...
    id: String,
    name: String,
    /// Nodes directly in the cluster (when it is not split by partition, and placeholders).
    nodes: Vec<Node>,
    /// Partition groups: (id, partition, nodes), when the cluster's services are in several partitions or a
    /// partition other than `default`.
    partitions: Vec<(String, String, Vec<Node>)>,
}

impl DrawCluster {
    fn all_nodes(&self) -> impl Iterator<Item = &Node> {
        self.partitions.iter().flat_map(|(_, _, nodes)| nodes).chain(&self.nodes)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Service,
    Gateway,
    /// A mesh gateway the manifest declares (registered outside the files).
    DeclaredGateway,
    /// A target that is not registered, or a peer that names no cluster.
    Missing,
    /// Stands in a cluster that has no services.
    Empty,
}

#[derive(Debug)]
struct Node {
    id: String,
    lines: Vec<String>,
    shape: Shape,
}

#[derive(Debug, PartialEq)]
enum End {
    Node(String),
    /// A cluster group, by index in `Drawing::clusters`.
    Cluster(usize),
}

#[derive(Debug, PartialEq)]
struct DrawEdge {
    from: String,
    to: End,
    export: bool,
    /// The finding codes (red when not empty).
    findings: Vec<&'static str>,
}

impl DrawEdge {
    fn label(&self) -> Option<Vec<String>> {
        if !self.findings.is_empty() {
            Some(self.findings.iter().map(|c| c.to_string()).collect())
        } else if self.export {
            Some(vec!["export".to_string()])
        } else {
            None
        }
    }
}

fn layout(graph: &Graph) -> Drawing {
    let clusters: Vec<DrawCluster> = graph
        .clusters
        .iter()
        .enumerate()
        .map(|(i, c)| DrawCluster {
            id: format!("c{i}"),
            name: c.name.clone(),
            nodes: Vec::new(),
            partitions: Vec::new(),
        })
        .collect();
    let mut layout = Layout { graph, clusters, loose: Vec::new(), node_of: HashMap::new(), extra: HashMap::new() };
    layout.services();
    let mut edges: Vec<DrawEdge> = Vec::new();
    for edge in &graph.edges {
        let drawn = layout.edge(edge);
        // Two upstreams of one service that reach the same target the same way are one arrow.
        if !edges.contains(&drawn) {
            edges.push(drawn);
        }
    }
    let Layout { mut clusters, loose, .. } = layout;
    // A cluster that an export points at needs something inside it (DOT), and an empty group says little.
    for cluster in &mut clusters {
        if cluster.all_nodes().next().is_none() {
            let id = format!("{}e", cluster.id);
            cluster.nodes.push(Node { id, lines: vec!["no services".to_string()], shape: Shape::Empty });
        }
    }
    Drawing { clusters, loose, edges }
}

struct Layout<'g> {
    graph: &'g Graph,
    clusters: Vec<DrawCluster>,
    loose: Vec<Node>,
    /// Service id → node id, for registrations.
    node_of: HashMap<&'g str, String>,
    /// Placeholder key → node id.
    extra: HashMap<String, String>,
}

impl<'g> Layout<'g> {
    fn cluster_index(&self, name: &str) -> Option<usize> {
        self.graph.clusters.iter().position(|c| c.name == name)
    }

    /// A node per registered service id, and per mesh gateway the manifest declares (unless a registration of
    /// that gateway is drawn), in its cluster, grouped by partition when the cluster has nodes in a partition
    /// other than `default`.
    fn services(&mut self) {
        // (cluster, partition, node)
        let mut placed: Vec<(usize, String, Node)> = Vec::new();
        for service in &self.graph.services {
            if self.node_of.contains_key(service.id.as_str()) {
                continue;
            }
            let id = format!("s{}", self.node_of.len());
            self.node_of.insert(&service.id, id.clone());
            let Some(c) = self.cluster_index(&service.cluster) else { continue };
            let mut lines = vec![service.name.clone()];
            if service.namespace != DEFAULT {
                lines.push(format!("namespace {}", service.namespace));
            }
            let shape = if service.kind == "mesh-gateway" { Shape::Gateway } else { Shape::Service };
            placed.push((c, service.partition.clone(), Node { id, lines, shape }));
        }
        for (i, gateway) in self.graph.gateways.iter().enumerate() {
            let id = service_id(&gateway.cluster, &gateway.partition, DEFAULT, &gateway.name);
            if gateway.declared_in != "manifest" || self.node_of.contains_key(id.as_str()) {
                continue;
            }
            let Some(c) = self.cluster_index(&gateway.cluster) else { continue };
            let lines = vec![gateway.name.clone(), "declared in consul-ls.hcl".to_string()];
            placed.push((
                c,
                gateway.partition.clone(),
                Node { id: format!("g{i}"), lines, shape: Shape::DeclaredGateway },
            ));
        }
        for (c, cluster) in self.clusters.iter_mut().enumerate() {
            let split = placed.iter().any(|(i, partition, _)| *i == c && partition != DEFAULT);
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut placed).into_iter().partition(|(i, _, _)| *i == c);
            placed = rest;
            for (_, partition, node) in mine {
                if !split {
                    cluster.nodes.push(node);
                    continue;
                }
                match cluster.partitions.iter_mut().find(|(_, p, _)| *p == partition) {
                    Some((_, _, nodes)) => nodes.push(node),
                    None => {
                        let pid = format!("{}p{}", cluster.id, cluster.partitions.len());
                        cluster.partitions.push((pid, partition, vec![node]));
                    }
                }
            }
        }
    }

    /// A placeholder node (dashed), once per key.
    fn placeholder(&mut self, key: String, cluster: Option<usize>, lines: Vec<String>) -> String {
        if let Some(id) = self.extra.get(&key) {
            return id.clone();
        }
        let id = format!("x{}", self.extra.len());
        self.extra.insert(key, id.clone());
        let node = Node { id: id.clone(), lines, shape: Shape::Missing };
        match cluster {
            Some(c) => self.clusters[c].nodes.push(node),
            None => self.loose.push(node),
        }
        id
    }

    /// The node of a service id: its registration's, else a placeholder in its cluster (a downstream known only
    /// from a proxy registration, an exported name nobody registers here, a wildcard export, an upstream target
    /// that is not registered).
    fn id_node(&mut self, id: &str) -> String {
        if let Some(node) = self.node_of.get(id) {
            return node.clone();
        }
        let (cluster, partition, namespace, name) = split_id(id);
        let mut lines = vec![name.to_string()];
        if namespace != DEFAULT {
            lines.push(format!("namespace {namespace}"));
        }
        if partition != DEFAULT {
            lines.push(format!("partition {partition}"));
        }
        lines.push(if name == "*" { "every service" } else { "not registered" }.to_string());
        let cluster = self.cluster_index(cluster);
        self.placeholder(format!("id:{id}"), cluster, lines)
    }

    fn edge(&mut self, edge: &Edge) -> DrawEdge {
        let from = self.id_node(edge.from());
        let from_cluster = self.cluster_index(split_id(edge.from()).0);
        let (to, export) = match edge {
            Edge::Upstream { to: Some(to), .. } => (End::Node(self.id_node(to)), false),
            Edge::Upstream { to: None, target, missing, .. } => {
                let target = target.clone().unwrap_or_default();
                let node = match missing {
                    Some(Missing { id: Some(id), .. }) => self.id_node(id),
                    Some(Missing { note, .. }) => {
                        let lines = vec![target.clone(), note.clone()];
                        self.placeholder(format!("outside:{target}:{note}"), None, lines)
                    }
                    None => self.placeholder(format!("outside:{target}"), None, vec![target.clone()]),
                };
                (End::Node(node), false)
            }
            Edge::Export { to_cluster, to_peer, .. } => {
                let resolved = to_cluster.as_deref().and_then(|c| self.cluster_index(c));
                match resolved.filter(|&c| Some(c) != from_cluster) {
                    Some(c) => (End::Cluster(c), true),
                    None => {
                        let note = if to_cluster.is_some() { "this cluster itself" } else { "unknown peer" };
                        let lines = vec![format!("peer {to_peer}"), note.to_string()];
                        (End::Node(self.placeholder(format!("peer:{to_peer}"), None, lines)), true)
                    }
                }
            }
        };
        DrawEdge { from, to, export, findings: edge.findings().to_vec() }
    }
}

/// `cluster/partition/namespace/name` → its four parts (a cluster name may hold `/`: the last three are split off).
fn split_id(id: &str) -> (&str, &str, &str, &str) {
    let mut parts = id.rsplitn(4, '/');
    let name = parts.next().unwrap_or("");
    let namespace = parts.next().unwrap_or(DEFAULT);
    let partition = parts.next().unwrap_or(DEFAULT);
    let cluster = parts.next().unwrap_or("");
    (cluster, partition, namespace, name)
}
