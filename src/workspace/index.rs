//! The per-cluster index: what each file of a cluster contributes (services, mesh gateways, config entries,
//! exports, policies, upstreams, peer names), keyed for the questions the rules and the IDE ask. Kept up to date
//! file by file: [`ClusterIndex::remove_file`] drops a file's references using its old model, [`add_file`] adds
//! those of its new model, so an edit costs what the edited file contributes, not what the cluster holds.
//!
//! References are ids plus positions in the file's model (`services[i].upstreams[j]`); they stay valid for as long
//! as that version of the file is in the workspace, because a new version is removed and re-added as a whole.
//!
//! [`add_file`]: ClusterIndex::add_file

use std::collections::{BTreeMap, HashMap};

use smallvec::SmallVec;

use super::{ClusterId, FileId};
use crate::model::{EntryBody, FileKind, FileModel};
use crate::syntax::CompactString;

/// The references under one name: almost always one or two, kept inline.
pub type Bucket<T> = SmallVec<[T; 2]>;

/// Name → references. Names are inline strings up to 24 bytes.
pub type ByName<T> = HashMap<CompactString, Bucket<T>>;

/// A service registration: `files[file].model.services[service]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceRef {
    pub file: FileId,
    pub service: u32,
}

/// An upstream: `files[file].model.services[service].upstreams[upstream]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UpstreamRef {
    pub file: FileId,
    pub service: u32,
    pub upstream: u32,
}

/// A config entry: `files[file].model.entries[entry]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryRef {
    pub file: FileId,
    pub entry: u32,
}

/// An exported service of an exported-services entry: `...entries[entry]` → `ExportedServices[service]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExportRef {
    pub file: FileId,
    pub entry: u32,
    pub service: u32,
}

/// An ACL policy: `files[file].model.policies[policy]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PolicyRef {
    pub file: FileId,
    pub policy: u32,
}

/// A service mention of a config entry: `...entries[entry].mentions[mention]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MentionRef {
    pub file: FileId,
    pub entry: u32,
    pub mention: u32,
}

/// A rule of a policy: `...policies[policy].rules[rule]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleRef {
    pub file: FileId,
    pub policy: u32,
    pub rule: u32,
}

/// A PeeringAcceptor or PeeringDialer: `files[file].model.k8s.peerings[peering]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeeringRef {
    pub file: FileId,
    pub peering: u32,
}

/// Where a peer name is used: an upstream's `destination_peer`, or an exported-services consumer's `Peer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeerUse {
    Upstream(UpstreamRef),
    Consumer { export: ExportRef, consumer: u32 },
}

impl PeerUse {
    pub fn file(self) -> FileId {
        match self {
            PeerUse::Upstream(u) => u.file,
            PeerUse::Consumer { export, .. } => export.file,
        }
    }
}

/// Everything the cluster's files contribute, keyed for lookups. Lists are unordered; queries that need the
/// files' path order sort what they return (see `Topology`).
#[derive(Clone, Debug, Default)]
pub struct ClusterIndex {
    pub cluster: ClusterId,
    /// Registered services by name (mesh gateways included).
    pub services: ByName<ServiceRef>,
    pub gateways: Vec<ServiceRef>,
    /// Resolvers, routers and splitters by name: they make a service name routable in the cluster.
    pub chains: ByName<EntryRef>,
    /// Every config entry, by kind.
    pub entries: ByName<EntryRef>,
    /// Entries by `Name`, for the kinds whose name is a service's.
    pub entries_by_name: ByName<EntryRef>,
    /// Exported services by name (`*` under its own key).
    pub exports: ByName<ExportRef>,
    pub policies: Vec<PolicyRef>,
    /// Upstreams by `destination_name`: who names (imports) a service.
    pub upstreams: ByName<UpstreamRef>,
    /// Peer name → where it is used (`destination_peer`, consumer `Peer`).
    pub peer_uses: ByName<PeerUse>,
    /// Services named inside config entries (intention sources, resolver/router/splitter targets), by name.
    pub mentions: ByName<MentionRef>,
    /// Peers named inside config entries (an intention source's or a failover target's `Peer`), by peer name.
    pub peer_mentions: ByName<MentionRef>,
    /// ACL rules on one service (`service "web" { }`, not prefixes), by the service's name.
    pub service_rules: ByName<RuleRef>,
    /// Agent configs that set `acl { enabled = true }`, Helm values with `global.acls.manageSystemACLs`.
    pub acl_enabling_files: Vec<FileId>,
    /// PeeringAcceptor and PeeringDialer resources by `metadata.name` (the peer's name in this cluster).
    pub peerings: ByName<PeeringRef>,
    /// The same, by the name of their token secret (`spec.peer.secret.name`): how the two sides pair up.
    pub peerings_by_secret: ByName<PeeringRef>,
    /// Files with Consul Helm chart values documents.
    pub helm_files: Vec<FileId>,
    /// How many of the cluster's files are Kubernetes YAML with consul-k8s documents.
    pub kubernetes_files: usize,
    /// Partitions of services and entries, with how many items name each.
    pub partitions: BTreeMap<String, usize>,
    /// Namespaces of services and entries, with how many items name each.
    pub namespaces: BTreeMap<String, usize>,
}

/// Whether `rule` is one on a single named service (what renaming the service renames).
pub fn names_one_service(rule: &crate::model::AclRule) -> bool {
    matches!(rule.resource.as_str(), "service" | "service:intentions") && rule.segment.is_some()
}

fn push<V>(map: &mut ByName<V>, key: &str, value: V) {
    match map.get_mut(key) {
        Some(bucket) => bucket.push(value),
        None => {
            let mut bucket = SmallVec::new();
            bucket.push(value);
            map.insert(key.into(), bucket);
        }
    }
}

/// Drops `file`'s references from the bucket `key`, and the bucket when it becomes empty.
fn drop_from<V>(map: &mut ByName<V>, key: &str, keep: impl Fn(&V) -> bool) {
    if let Some(list) = map.get_mut(key) {
        list.retain(|v| keep(v));
        if list.is_empty() {
            map.remove(key);
        }
    }
}

impl ClusterIndex {
    pub fn new(cluster: ClusterId) -> ClusterIndex {
        ClusterIndex { cluster, ..ClusterIndex::default() }
    }

    /// Adds what `model` (the current version of `file`) contributes.
    pub fn add_file(&mut self, file: FileId, model: &FileModel) {
        if !model.kind.is_consul() {
            return;
        }
        if matches!(model.kind, FileKind::AgentConfig | FileKind::Kubernetes) && model.acl_enabled == Some(true) {
            self.acl_enabling_files.push(file);
        }
        if model.kind == FileKind::Kubernetes {
            self.kubernetes_files += 1;
        }
        if let Some(k8s) = &model.k8s {
            for (i, peering) in k8s.peerings.iter().enumerate() {
                let at = PeeringRef { file, peering: i as u32 };
                push(&mut self.peerings, &peering.name.text, at);
                if let Some(secret) = &peering.secret {
                    push(&mut self.peerings_by_secret, &secret.text, at);
                }
            }
            if !k8s.helm.is_empty() {
                self.helm_files.push(file);
            }
        }
        for (s, service) in model.services.iter().enumerate() {
            let service_ref = ServiceRef { file, service: s as u32 };
            push(&mut self.services, service.name(), service_ref);
            if service.is_mesh_gateway() {
                self.gateways.push(service_ref);
            }
            *self.partitions.entry(service.partition.to_string()).or_default() += 1;
            *self.namespaces.entry(service.namespace.to_string()).or_default() += 1;
            for (u, upstream) in service.upstreams.iter().enumerate() {
                let upstream_ref = UpstreamRef { file, service: s as u32, upstream: u as u32 };
                push(&mut self.upstreams, upstream.name(), upstream_ref);
                if let Some(peer) = upstream.peer() {
                    push(&mut self.peer_uses, peer, PeerUse::Upstream(upstream_ref));
                }
            }
        }
        for (e, entry) in model.entries.iter().enumerate() {
            let entry_ref = EntryRef { file, entry: e as u32 };
            push(&mut self.entries, &entry.kind.text, entry_ref);
            *self.partitions.entry(entry.partition.to_string()).or_default() += 1;
            *self.namespaces.entry(entry.namespace.to_string()).or_default() += 1;
            if entry.name.is_some() {
                push(&mut self.entries_by_name, entry.name(), entry_ref);
            }
            for (m, mention) in entry.mentions.iter().enumerate() {
                let mention_ref = MentionRef { file, entry: e as u32, mention: m as u32 };
                if mention.service.is_some() {
                    push(&mut self.mentions, mention.name(), mention_ref);
                }
                if let Some(peer) = mention.peer() {
                    push(&mut self.peer_mentions, peer, mention_ref);
                }
            }
            match &entry.body {
                EntryBody::DiscoveryChain => push(&mut self.chains, entry.name(), entry_ref),
                EntryBody::ExportedServices(services) => {
                    for (i, exported) in services.iter().enumerate() {
                        let export = ExportRef { file, entry: e as u32, service: i as u32 };
                        push(&mut self.exports, &exported.name.text, export);
                        for (c, consumer) in exported.consumers.iter().enumerate() {
                            if let Some(peer) = consumer.peer.as_ref().filter(|p| !p.text.is_empty()) {
                                let use_ = PeerUse::Consumer { export, consumer: c as u32 };
                                push(&mut self.peer_uses, &peer.text, use_);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (p, policy) in model.policies.iter().enumerate() {
            self.policies.push(PolicyRef { file, policy: p as u32 });
            for (r, rule) in policy.rules.iter().enumerate() {
                if names_one_service(rule)
                    && let Some(segment) = &rule.segment
                {
                    push(&mut self.service_rules, segment, RuleRef { file, policy: p as u32, rule: r as u32 });
                }
            }
        }
    }

    /// Removes what `model` (the version of `file` that was added before) contributed.
    pub fn remove_file(&mut self, file: FileId, model: &FileModel) {
        if !model.kind.is_consul() {
            return;
        }
        self.acl_enabling_files.retain(|&f| f != file);
        if model.kind == FileKind::Kubernetes {
            self.kubernetes_files = self.kubernetes_files.saturating_sub(1);
        }
        if let Some(k8s) = &model.k8s {
            for peering in &k8s.peerings {
                drop_from(&mut self.peerings, &peering.name.text, |r| r.file != file);
                if let Some(secret) = &peering.secret {
                    drop_from(&mut self.peerings_by_secret, &secret.text, |r| r.file != file);
                }
            }
            if !k8s.helm.is_empty() {
                self.helm_files.retain(|&f| f != file);
            }
        }
        for service in &model.services {
            drop_from(&mut self.services, service.name(), |r| r.file != file);
            drop_partition(&mut self.partitions, &service.partition);
            drop_partition(&mut self.namespaces, &service.namespace);
            for upstream in &service.upstreams {
                drop_from(&mut self.upstreams, upstream.name(), |r| r.file != file);
                if let Some(peer) = upstream.peer() {
                    drop_from(&mut self.peer_uses, peer, |u| u.file() != file);
                }
            }
        }
        if model.services.iter().any(|s| s.is_mesh_gateway()) {
            self.gateways.retain(|r| r.file != file);
        }
        for entry in &model.entries {
            drop_from(&mut self.entries, &entry.kind.text, |r| r.file != file);
            drop_partition(&mut self.partitions, &entry.partition);
            drop_partition(&mut self.namespaces, &entry.namespace);
            if entry.name.is_some() {
                drop_from(&mut self.entries_by_name, entry.name(), |r| r.file != file);
            }
            for mention in &entry.mentions {
                if mention.service.is_some() {
                    drop_from(&mut self.mentions, mention.name(), |r| r.file != file);
                }
                if let Some(peer) = mention.peer() {
                    drop_from(&mut self.peer_mentions, peer, |r| r.file != file);
                }
            }
            match &entry.body {
                EntryBody::DiscoveryChain => drop_from(&mut self.chains, entry.name(), |r| r.file != file),
                EntryBody::ExportedServices(services) => {
                    for exported in services {
                        drop_from(&mut self.exports, &exported.name.text, |r| r.file != file);
                        for consumer in &exported.consumers {
                            if let Some(peer) = consumer.peer.as_ref().filter(|p| !p.text.is_empty()) {
                                drop_from(&mut self.peer_uses, &peer.text, |u| u.file() != file);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if !model.policies.is_empty() {
            self.policies.retain(|r| r.file != file);
            for rule in model.policies.iter().flat_map(|p| &p.rules) {
                if names_one_service(rule)
                    && let Some(segment) = &rule.segment
                {
                    drop_from(&mut self.service_rules, segment, |r| r.file != file);
                }
            }
        }
    }
}

fn drop_partition(partitions: &mut BTreeMap<String, usize>, partition: &str) {
    if let Some(n) = partitions.get_mut(partition) {
        *n -= 1;
        if *n == 0 {
            partitions.remove(partition);
        }
    }
}
