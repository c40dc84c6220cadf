//! What one file contributes to the cross-file analysis, in the two shapes the dependency tracking compares
//! between the old and the new version of an edited file:
//!
//! - [`FileFacts::registered`] and [`FileFacts::exports`]: the names other files' upstream checks depend on
//!   (without positions: moving a registration does not change what an upstream elsewhere resolves to);
//! - [`ClusterFacts`]: everything the cluster-level rules read (gateways, exported-services entries, mesh and
//!   defaults entries, gateway modes, policies, peered upstreams, the ACL switch), positions included, because
//!   those findings sit on these items.

use std::collections::BTreeSet;

use crate::model::k8s::PeeringRole;
use crate::model::{AclRule, EntryBody, FileKind, FileModel, ModeSetting};
use crate::syntax::TextRange;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileFacts {
    /// Registered service names and discovery-chain names: what `knows_service` answers for the cluster.
    pub registered: BTreeSet<String>,
    /// Exported services: (name, namespace, named consumer peers).
    pub exports: BTreeSet<(String, String, Vec<String>)>,
    /// The names of the file's exported-services entries: the related locations of `service-not-exported` in
    /// the clusters that peer with this file's clusters list them (their positions are followed by the analysis'
    /// related index; which entries exist is a fact).
    pub export_entries: Vec<String>,
    pub cluster: ClusterFacts,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterFacts {
    pub acl_enabled: bool,
    /// Mesh gateways: name, partition, the `kind` entry's range.
    pub gateways: Vec<(String, String, Option<TextRange>)>,
    /// exported-services entries: the `Kind` entry's range, partition, named consumer peers.
    pub exported_entries: Vec<(TextRange, String, Vec<String>)>,
    /// mesh entries: the `Kind` entry's range and PeerThroughMeshGateways.
    pub mesh: Vec<(TextRange, Option<bool>)>,
    /// proxy-defaults / service-defaults: kind, name, mode.
    pub defaults: Vec<(String, String, Option<ModeSetting>)>,
    /// Policies: name, range, rules (with their ranges).
    pub policies: Vec<(Option<String>, TextRange, Vec<AclRule>)>,
    /// Upstreams with a destination_peer: name, peer, peer's range, downstream, partition, modes (upstream's,
    /// its service's proxy's).
    pub peered_upstreams: Vec<PeeredUpstream>,
    /// Exported-services consumers' peers with their ranges.
    pub consumer_peers: Vec<(String, TextRange)>,
}

pub type PeeredUpstream = (String, String, TextRange, String, String, Option<ModeSetting>, Option<ModeSetting>);

/// The PeeringAcceptor/PeeringDialer resources of a file version: (name, role, secret), sorted. Peer resolution
/// everywhere depends on them.
pub fn peerings_of(file: Option<&crate::workspace::SourceFile>) -> Vec<(String, PeeringRole, Option<String>)> {
    let Some(k8s) = file.and_then(|f| f.model.k8s.as_deref()) else { return Vec::new() };
    let mut out: Vec<_> = k8s
        .peerings
        .iter()
        .map(|p| (p.name.text.to_string(), p.role, p.secret.as_ref().map(|s| s.text.to_string())))
        .collect();
    out.sort();
    out
}

impl FileFacts {
    pub fn of(model: &FileModel) -> FileFacts {
        let mut facts = FileFacts::default();
        if !model.kind.is_consul() {
            return facts;
        }
        let cluster = &mut facts.cluster;
        cluster.acl_enabled =
            matches!(model.kind, FileKind::AgentConfig | FileKind::Kubernetes) && model.acl_enabled == Some(true);
        for service in &model.services {
            facts.registered.insert(service.name().to_string());
            if service.is_mesh_gateway() {
                cluster.gateways.push((
                    service.name().to_string(),
                    service.partition.to_string(),
                    service.kind.as_ref().map(|k| k.entry_range()),
                ));
            }
            for upstream in &service.upstreams {
                if let (Some(peer), Some(at)) = (upstream.peer(), &upstream.destination_peer) {
                    cluster.peered_upstreams.push((
                        upstream.name().to_string(),
                        peer.to_string(),
                        at.range,
                        upstream.downstream.to_string(),
                        upstream.partition.to_string(),
                        upstream.mode().cloned(),
                        service.proxy_mode.clone(),
                    ));
                }
            }
        }
        for entry in &model.entries {
            match &entry.body {
                EntryBody::DiscoveryChain => {
                    facts.registered.insert(entry.name().to_string());
                }
                EntryBody::ExportedServices(services) => {
                    let mut peers = Vec::new();
                    for exported in services {
                        let named: Vec<String> = exported
                            .consumers
                            .iter()
                            .filter_map(|c| c.named_peer())
                            .map(|p| p.text.to_string())
                            .collect();
                        let namespace = exported.namespace.as_ref().map_or(String::new(), |n| n.text.to_string());
                        facts.exports.insert((exported.name.text.to_string(), namespace, named.clone()));
                        for consumer in &exported.consumers {
                            if let Some(p) = consumer.peer.as_ref().filter(|p| !p.text.is_empty()) {
                                cluster.consumer_peers.push((p.text.to_string(), p.range));
                            }
                        }
                        peers.extend(named);
                    }
                    cluster.exported_entries.push((entry.kind.entry_range(), entry.partition.to_string(), peers));
                    facts.export_entries.push(entry.name().to_string());
                }
                EntryBody::Mesh { peer_through_mesh_gateways, .. } => {
                    cluster.mesh.push((entry.kind.entry_range(), *peer_through_mesh_gateways));
                }
                EntryBody::ProxyDefaults { mode } | EntryBody::ServiceDefaults { mode } => {
                    cluster.defaults.push((entry.kind.text.to_string(), entry.name().to_string(), mode.clone()));
                }
                EntryBody::Other => {}
            }
        }
        for policy in &model.policies {
            cluster.policies.push((policy.name.clone(), policy.range, policy.rules.clone()));
        }
        facts
    }

    /// The exported service names whose export facts differ between two versions (`*` included).
    pub fn changed_exports<'a>(&'a self, other: &'a FileFacts) -> BTreeSet<&'a str> {
        self.exports.symmetric_difference(&other.exports).map(|(name, _, _)| name.as_str()).collect()
    }

    /// Whether the file's exported-services entries (which exist, by name) differ between two versions.
    pub fn changed_export_entries(&self, other: &FileFacts) -> bool {
        self.export_entries != other.export_entries
    }

    /// The registered names that one version has and the other does not.
    pub fn changed_registrations<'a>(&'a self, other: &'a FileFacts) -> BTreeSet<&'a str> {
        self.registered.symmetric_difference(&other.registered).map(String::as_str).collect()
    }
}
