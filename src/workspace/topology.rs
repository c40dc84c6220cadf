//! The topology query API: the one place that answers the cross-file questions — what a peer name means, who
//! exports what to which cluster, who imports a service, which mesh gateways serve which partition, which
//! policies grant a gateway what, which gateway mode applies to an upstream. Rules, hover, completion,
//! navigation, symbols and fixes all ask it; none of them derives these answers on its own.
//!
//! Lookups go through the per-cluster [`ClusterIndex`](super::ClusterIndex) maps, so a question costs what its
//! answer holds. Results that are lists come in the files' path order (then position), so whatever is "first"
//! is stable.

use super::index::{EntryRef, ExportRef, MentionRef, PeerUse, PeeringRef, PolicyRef, RuleRef, ServiceRef, UpstreamRef};
use super::manifest::{self, ManifestItem};
use super::{ClusterId, FileId, Workspace};
use crate::model::k8s::Peering;
use crate::model::{
    AclPolicy, AclRule, ConfigEntry, Consumer, DEFAULT, EntryBody, ExportedService, ModeSetting, Service,
    ServiceMention, Str, Upstream,
};
use crate::syntax::TextRange;

/// A registered service and the file it is in.
#[derive(Clone, Copy, Debug)]
pub struct ServiceAt<'a> {
    pub file: FileId,
    pub service: &'a Service,
}

/// An upstream, the service whose proxy has it, and where.
#[derive(Clone, Copy, Debug)]
pub struct UpstreamAt<'a> {
    pub at: UpstreamRef,
    pub service: &'a Service,
    pub upstream: &'a Upstream,
}

impl UpstreamAt<'_> {
    pub fn file(&self) -> FileId {
        self.at.file
    }
}

/// Where an upstream leads: the cluster it looks in and the registration it reaches there.
#[derive(Clone, Copy, Debug)]
pub struct UpstreamTarget<'a> {
    /// The peer's cluster for a peered upstream, else the upstream's own; `None` when the target is outside the
    /// workspace or not a service: a peer that names no cluster, another datacenter, a prepared query, no name.
    pub cluster: Option<ClusterId>,
    /// The partition and namespace the upstream looks in there (for a peered upstream: the partition of the
    /// first export of the service to this cluster, else `default`).
    pub partition: &'a str,
    pub namespace: &'a str,
    /// The registration of the service in that cluster, when there is one.
    pub service: Option<ServiceAt<'a>>,
}

/// A config entry and its file.
#[derive(Clone, Copy, Debug)]
pub struct EntryAt<'a> {
    pub file: FileId,
    pub entry: &'a ConfigEntry,
}

/// A service listed in an exported-services entry.
#[derive(Clone, Copy, Debug)]
pub struct Export<'a> {
    pub file: FileId,
    pub entry: &'a ConfigEntry,
    pub service: &'a ExportedService,
}

/// A policy and its file.
#[derive(Clone, Copy, Debug)]
pub struct PolicyAt<'a> {
    pub file: FileId,
    pub policy: &'a AclPolicy,
}

/// A PeeringAcceptor or PeeringDialer resource and its file.
#[derive(Clone, Copy, Debug)]
pub struct PeeringAt<'a> {
    pub file: FileId,
    pub peering: &'a Peering,
}

/// How a peer name used in a cluster's files resolves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerResolution {
    /// The manifest's `peers` maps it.
    Manifest,
    /// A PeeringAcceptor/PeeringDialer of this cluster named so pairs with one of the other cluster (the same
    /// token secret).
    Paired,
    /// A cluster of that name.
    ClusterName,
}

/// A policy's rule that grants a mesh gateway `service:write`: the policy "belongs to" that gateway.
#[derive(Clone, Copy, Debug)]
pub struct Grant<'a> {
    pub file: FileId,
    pub policy: &'a AclPolicy,
    pub rule: &'a AclRule,
}

/// A peer name used in a file: an upstream's `destination_peer` or an exported-services consumer's `Peer`.
#[derive(Clone, Copy, Debug)]
pub enum PeerUseAt<'a> {
    Upstream(UpstreamAt<'a>),
    Consumer { export: Export<'a>, consumer: &'a Consumer },
}

impl<'a> PeerUseAt<'a> {
    pub fn file(&self) -> FileId {
        match self {
            PeerUseAt::Upstream(u) => u.file(),
            PeerUseAt::Consumer { export, .. } => export.file,
        }
    }

    /// The peer's value (quotes included), where a finding or a reference sits.
    pub fn peer(&self) -> Option<&'a crate::model::Str> {
        match self {
            PeerUseAt::Upstream(u) => u.upstream.destination_peer.as_ref(),
            PeerUseAt::Consumer { consumer, .. } => consumer.peer.as_ref(),
        }
    }
}

/// A service named inside a config entry (an intention source, a resolver/router/splitter target).
#[derive(Clone, Copy, Debug)]
pub struct MentionAt<'a> {
    pub at: MentionRef,
    pub entry: &'a ConfigEntry,
    pub mention: &'a ServiceMention,
}

impl MentionAt<'_> {
    pub fn file(&self) -> FileId {
        self.at.file
    }
}

/// An ACL rule on one service, with its policy and file.
#[derive(Clone, Copy, Debug)]
pub struct RuleAt<'a> {
    pub file: FileId,
    pub policy: &'a AclPolicy,
    pub rule: &'a AclRule,
}

/// A place where a peer name is written: a peer use (upstream, consumer) or a config entry's mention.
#[derive(Clone, Copy, Debug)]
pub enum PeerNameAt<'a> {
    Use(PeerUseAt<'a>),
    Mention(MentionAt<'a>),
}

impl<'a> PeerNameAt<'a> {
    pub fn file(&self) -> FileId {
        match self {
            PeerNameAt::Use(u) => u.file(),
            PeerNameAt::Mention(m) => m.file(),
        }
    }

    pub fn peer(&self) -> Option<&'a Str> {
        match self {
            PeerNameAt::Use(u) => u.peer(),
            PeerNameAt::Mention(m) => m.mention.peer.as_ref(),
        }
    }
}

/// Whether `rule` grants `service:write` on the service `name` (an exact `service` rule or a covering
/// `service_prefix`): what makes a policy a mesh gateway's.
pub fn grants_write(rule: &AclRule, name: &str) -> bool {
    rule.access == "write"
        && match (rule.resource.as_str(), rule.segment.as_deref()) {
            ("service", Some(segment)) => segment == name,
            ("service_prefix", Some(segment)) => name.starts_with(segment),
            _ => false,
        }
}

/// Read or write access.
pub fn reads(access: &str) -> bool {
    matches!(access, "read" | "write")
}

#[derive(Clone, Copy)]
pub struct Topology<'a> {
    ws: &'a Workspace,
}

impl<'a> Topology<'a> {
    pub fn new(ws: &'a Workspace) -> Topology<'a> {
        Topology { ws }
    }

    pub fn workspace(&self) -> &'a Workspace {
        self.ws
    }

    pub fn cluster_name(&self, cluster: ClusterId) -> &'a str {
        &self.ws.cluster(cluster).name
    }

    // -- resolving ---------------------------------------------------------------------------------------------

    pub fn service(&self, at: ServiceRef) -> ServiceAt<'a> {
        ServiceAt { file: at.file, service: &self.ws.file(at.file).model.services[at.service as usize] }
    }

    pub fn upstream(&self, at: UpstreamRef) -> UpstreamAt<'a> {
        let service = &self.ws.file(at.file).model.services[at.service as usize];
        UpstreamAt { at, service, upstream: &service.upstreams[at.upstream as usize] }
    }

    pub fn entry(&self, at: EntryRef) -> EntryAt<'a> {
        EntryAt { file: at.file, entry: &self.ws.file(at.file).model.entries[at.entry as usize] }
    }

    pub fn export(&self, at: ExportRef) -> Export<'a> {
        let entry = &self.ws.file(at.file).model.entries[at.entry as usize];
        let service = match &entry.body {
            EntryBody::ExportedServices(services) => &services[at.service as usize],
            _ => unreachable!("an export reference points into an exported-services entry"),
        };
        Export { file: at.file, entry, service }
    }

    pub fn policy(&self, at: PolicyRef) -> PolicyAt<'a> {
        PolicyAt { file: at.file, policy: &self.ws.file(at.file).model.policies[at.policy as usize] }
    }

    pub fn mention(&self, at: MentionRef) -> MentionAt<'a> {
        let entry = &self.ws.file(at.file).model.entries[at.entry as usize];
        MentionAt { at, entry, mention: &entry.mentions[at.mention as usize] }
    }

    pub fn rule(&self, at: RuleRef) -> RuleAt<'a> {
        let policy = &self.ws.file(at.file).model.policies[at.policy as usize];
        RuleAt { file: at.file, policy, rule: &policy.rules[at.rule as usize] }
    }

    fn peer_use(&self, use_: PeerUse) -> PeerUseAt<'a> {
        match use_ {
            PeerUse::Upstream(u) => PeerUseAt::Upstream(self.upstream(u)),
            PeerUse::Consumer { export, consumer } => {
                let export = self.export(export);
                PeerUseAt::Consumer { export, consumer: &export.service.consumers[consumer as usize] }
            }
        }
    }

    /// Sorts items by their file's path, then by `key` within the file.
    fn in_path_order<T, K: Ord>(&self, items: &mut [T], file: impl Fn(&T) -> FileId, key: impl Fn(&T) -> K) {
        let files = &self.ws.files;
        items.sort_by(|a, b| files[file(a)].path.cmp(&files[file(b)].path).then_with(|| key(a).cmp(&key(b))));
    }

    // -- peers -------------------------------------------------------------------------------------------------

    /// The cluster a peer name used in `from`'s files refers to: the manifest's `peers` mapping; else, in a
    /// cluster that declares its peerings with PeeringAcceptor/PeeringDialer resources, the resource of that
    /// name (`metadata.name`) paired with one of another cluster by their token secret, or a cluster of that
    /// name — and nothing when no resource has that name (Consul knows no such peer there); else a cluster of
    /// that name.
    pub fn resolve_peer(&self, from: ClusterId, peer: &str) -> Option<ClusterId> {
        self.resolve_peer_how(from, peer).map(|(c, _)| c)
    }

    /// [`Topology::resolve_peer`], and by what.
    pub fn resolve_peer_how(&self, from: ClusterId, peer: &str) -> Option<(ClusterId, PeerResolution)> {
        if let Some((_, target)) = self.ws.cluster(from).peers.iter().find(|(name, _)| name == peer) {
            return self.ws.cluster_named(target).map(|c| (c, PeerResolution::Manifest));
        }
        let index = self.ws.cluster_index(from);
        if !index.peerings.is_empty() {
            let refs = index.peerings.get(peer)?;
            if let Some(c) = self.paired_cluster(from, peer, refs) {
                return Some((c, PeerResolution::Paired));
            }
        }
        self.ws.cluster_named(peer).map(|c| (c, PeerResolution::ClusterName))
    }

    pub fn peering(&self, at: PeeringRef) -> PeeringAt<'a> {
        let k8s = self.ws.file(at.file).model.k8s.as_deref();
        let Some(peering) = k8s.and_then(|k| k.peerings.get(at.peering as usize)) else {
            unreachable!("a peering reference points into a YAML file's peerings")
        };
        PeeringAt { file: at.file, peering }
    }

    /// The cluster whose PeeringAcceptor/PeeringDialer pairs with one of `refs` (resources of `from` named
    /// `peer`): the opposite role, the same secret name. Several candidates: the one named `peer`, else none.
    fn paired_cluster(&self, from: ClusterId, peer: &str, refs: &[PeeringRef]) -> Option<ClusterId> {
        let mut candidates: Vec<ClusterId> = Vec::new();
        for &r in refs {
            let ours = self.peering(r).peering;
            let Some(secret) = ours.secret.as_ref().filter(|s| !s.text.is_empty()) else { continue };
            for c in self.ws.cluster_ids().filter(|&c| c != from) {
                let Some(theirs) = self.ws.cluster_index(c).peerings_by_secret.get(secret.text.as_str()) else {
                    continue;
                };
                if theirs.iter().any(|&t| self.peering(t).peering.role != ours.role) {
                    candidates.push(c);
                }
            }
        }
        candidates.sort();
        candidates.dedup();
        match candidates.as_slice() {
            [one] => Some(*one),
            [] => None,
            many => many.iter().copied().find(|&c| self.ws.cluster(c).name == peer),
        }
    }

    /// The PeeringAcceptor/PeeringDialer resources of `cluster` named `peer`, in path order.
    pub fn peerings_named(&self, cluster: ClusterId, peer: &str) -> Vec<PeeringAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).peerings.get(peer).cloned().unwrap_or_default();
        self.in_path_order(&mut refs, |r| r.file, |r| r.peering);
        refs.into_iter().map(|r| self.peering(r)).collect()
    }

    /// Every PeeringAcceptor/PeeringDialer of `cluster`, in path order.
    pub fn peerings(&self, cluster: ClusterId) -> Vec<PeeringAt<'a>> {
        let mut refs: Vec<PeeringRef> = self.ws.cluster_index(cluster).peerings.values().flatten().copied().collect();
        self.in_path_order(&mut refs, |r| r.file, |r| r.peering);
        refs.into_iter().map(|r| self.peering(r)).collect()
    }

    /// The resources of the other clusters that pair with `peering` (of `cluster`): the opposite role, the same
    /// token secret.
    pub fn peering_partners(&self, cluster: ClusterId, peering: &Peering) -> Vec<(ClusterId, PeeringAt<'a>)> {
        let Some(secret) = peering.secret.as_ref().filter(|s| !s.text.is_empty()) else { return Vec::new() };
        let mut out = Vec::new();
        for c in self.ws.cluster_ids().filter(|&c| c != cluster) {
            let Some(theirs) = self.ws.cluster_index(c).peerings_by_secret.get(secret.text.as_str()) else { continue };
            let mut refs: Vec<PeeringRef> = theirs.to_vec();
            self.in_path_order(&mut refs, |r| r.file, |r| r.peering);
            for r in refs {
                let at = self.peering(r);
                if at.peering.role != peering.role {
                    out.push((c, at));
                }
            }
        }
        out
    }

    /// Whether the cluster is (at least partly) installed on Kubernetes: it has consul-k8s YAML files.
    pub fn is_kubernetes(&self, cluster: ClusterId) -> bool {
        self.ws.cluster_index(cluster).kubernetes_files > 0
    }

    /// Whether `cluster` declares its peers with PeeringAcceptor/PeeringDialer resources (then a peer name that
    /// no resource and no manifest mapping declares is no peer of the cluster).
    pub fn declares_peerings(&self, cluster: ClusterId) -> bool {
        !self.ws.cluster_index(cluster).peerings.is_empty()
    }

    /// Whether `peer` is one of `cluster`'s declared peer names (manifest mapping or resource).
    pub fn peer_is_declared(&self, cluster: ClusterId, peer: &str) -> bool {
        self.peer_is_mapped(cluster, peer) || self.ws.cluster_index(cluster).peerings.contains_key(peer)
    }

    /// Whether `from`'s manifest entry maps `peer` explicitly (rather than by a cluster of that name).
    pub fn peer_is_mapped(&self, from: ClusterId, peer: &str) -> bool {
        self.ws.cluster(from).peers.iter().any(|(name, _)| name == peer)
    }

    /// The names `from` uses for the peer cluster `to`: manifest mappings and PeeringAcceptor/PeeringDialer
    /// names that resolve to it; else (in a cluster without such resources) the cluster's name.
    pub fn peer_names(&self, from: ClusterId, to: ClusterId) -> Vec<String> {
        let target = &self.ws.cluster(to).name;
        let mut names: Vec<String> =
            self.ws.cluster(from).peers.iter().filter(|(_, c)| c == target).map(|(p, _)| p.clone()).collect();
        let index = self.ws.cluster_index(from);
        let mut declared: Vec<&str> = index
            .peerings
            .keys()
            .map(|k| k.as_str())
            .filter(|p| !names.iter().any(|n| n == p) && self.resolve_peer(from, p) == Some(to))
            .collect();
        declared.sort();
        names.extend(declared.into_iter().map(str::to_string));
        if names.is_empty() && index.peerings.is_empty() {
            names.push(target.clone());
        }
        names
    }

    /// Every name `from` could use for a peer, sorted: the manifest's peer names, and the PeeringAcceptor /
    /// PeeringDialer names — or, in a cluster without such resources, the other clusters' names.
    pub fn known_peers(&self, from: ClusterId) -> Vec<String> {
        let own = &self.ws.cluster(from).name;
        let index = self.ws.cluster_index(from);
        let mut names: Vec<String> = if index.peerings.is_empty() {
            self.ws.clusters.iter().filter(|c| &c.name != own).map(|c| c.name.clone()).collect()
        } else {
            index.peerings.keys().map(|k| k.to_string()).collect()
        };
        names.extend(self.ws.cluster(from).peers.iter().map(|(p, _)| p.clone()));
        names.sort();
        names.dedup();
        names
    }

    /// Whether a name written in `from`'s files, through `peer` (or without one, locally), means something of
    /// cluster `target`.
    pub fn reaches_cluster(&self, from: ClusterId, peer: Option<&str>, target: ClusterId) -> bool {
        match peer {
            None => from == target,
            Some(peer) => self.resolve_peer(from, peer) == Some(target),
        }
    }

    /// Every place in `cluster`'s files where the peer name `peer` is written: upstreams' `destination_peer`,
    /// exported-services consumers' `Peer`, config entries' `Peer` (intention sources, failover targets,
    /// redirects); in path order, then position.
    pub fn peer_name_uses(&self, cluster: ClusterId, peer: &str) -> Vec<PeerNameAt<'a>> {
        let index = self.ws.cluster_index(cluster);
        let uses = index.peer_uses.get(peer).into_iter().flatten().map(|&u| PeerNameAt::Use(self.peer_use(u)));
        let mentions =
            index.peer_mentions.get(peer).into_iter().flatten().map(|&m| PeerNameAt::Mention(self.mention(m)));
        let mut out: Vec<PeerNameAt<'a>> = uses.chain(mentions).collect();
        self.in_path_order(&mut out, PeerNameAt::file, |u| u.peer().map_or(0, |p| p.range.start));
        out
    }

    /// Every place, in any cluster, where a peer name that resolves to cluster `target` is written (uses and
    /// config entries' mentions), with the cluster it is in.
    pub fn peer_names_of(&self, target: ClusterId) -> Vec<(ClusterId, PeerNameAt<'a>)> {
        let mut out = Vec::new();
        for c in self.ws.cluster_ids() {
            let index = self.ws.cluster_index(c);
            let mut names: Vec<&str> =
                index.peer_uses.keys().chain(index.peer_mentions.keys()).map(|k| k.as_str()).collect();
            names.sort();
            names.dedup();
            for name in names {
                if self.resolve_peer(c, name) == Some(target) {
                    out.extend(self.peer_name_uses(c, name).into_iter().map(|u| (c, u)));
                }
            }
        }
        out
    }

    // -- the manifest ------------------------------------------------------------------------------------------

    /// The manifest that declares `cluster`, and what it says (every cluster's blocks), read from its current text.
    pub fn manifest_items(&self, cluster: ClusterId) -> Option<(FileId, Vec<ManifestItem>)> {
        let file = self.ws.cluster(cluster).manifest?;
        Some((file, manifest::items(&self.ws.files.get(file)?.parse)))
    }

    /// Where `cluster` is declared: its `cluster "name"` label in the manifest.
    pub fn cluster_declaration(&self, cluster: ClusterId) -> Option<(FileId, TextRange)> {
        let (file, items) = self.manifest_items(cluster)?;
        let name = &self.ws.cluster(cluster).name;
        items.into_iter().find_map(|item| match item {
            ManifestItem::Cluster { name: n, label, .. } if &n == name => Some((file, label)),
            _ => None,
        })
    }

    // -- services ----------------------------------------------------------------------------------------------

    /// The registrations of service `name` in `cluster`, in path order.
    pub fn registrations(&self, cluster: ClusterId, name: &str) -> Vec<ServiceAt<'a>> {
        let refs = self.ws.cluster_index(cluster).services.get(name).map_or(&[][..], |b| b.as_slice());
        let mut out: Vec<(ServiceRef, ServiceAt<'a>)> = refs.iter().map(|&r| (r, self.service(r))).collect();
        self.in_path_order(&mut out, |(r, _)| r.file, |(r, _)| r.service);
        out.into_iter().map(|(_, s)| s).collect()
    }

    /// Every registered service of `cluster`, in path order.
    pub fn services(&self, cluster: ClusterId) -> Vec<ServiceAt<'a>> {
        let mut refs: Vec<ServiceRef> = self.ws.cluster_index(cluster).services.values().flatten().copied().collect();
        self.in_path_order(&mut refs, |r| r.file, |r| r.service);
        refs.into_iter().map(|r| self.service(r)).collect()
    }

    /// The resolver, router or splitter that makes `name` routable in `cluster` (the first, in path order).
    pub fn routing_entry(&self, cluster: ClusterId, name: &str) -> Option<EntryAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).chains.get(name).cloned().unwrap_or_default();
        self.in_path_order(&mut refs, |r| r.file, |r| r.entry);
        refs.first().map(|&r| self.entry(r))
    }

    /// Whether a service of this name is registered, or routed by a discovery-chain entry, in the cluster.
    pub fn knows_service(&self, cluster: ClusterId, name: &str) -> bool {
        let index = self.ws.cluster_index(cluster);
        index.services.contains_key(name) || index.chains.contains_key(name)
    }

    /// Config entries of `cluster` whose `Name` is `name` (any kind), in path order.
    pub fn entries_named(&self, cluster: ClusterId, name: &str) -> Vec<EntryAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).entries_by_name.get(name).cloned().unwrap_or_default();
        self.in_path_order(&mut refs, |r| r.file, |r| r.entry);
        refs.into_iter().map(|r| self.entry(r)).collect()
    }

    /// Config entries of one kind in `cluster`, in path order.
    pub fn entries_of_kind(&self, cluster: ClusterId, kind: &str) -> Vec<EntryAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).entries.get(kind).cloned().unwrap_or_default();
        self.in_path_order(&mut refs, |r| r.file, |r| r.entry);
        refs.into_iter().map(|r| self.entry(r)).collect()
    }

    /// The upstreams, in any cluster, that name service `name` of cluster `target`: without a peer in `target`
    /// itself, or through a peer that resolves to `target`; clusters in order, then path order.
    pub fn upstreams_reaching(&self, target: ClusterId, name: &str) -> Vec<(ClusterId, UpstreamAt<'a>)> {
        let mut out = Vec::new();
        for c in self.ws.cluster_ids() {
            if !self.ws.cluster_index(c).upstreams.contains_key(name) {
                continue;
            }
            for at in self.upstreams_naming(c, name) {
                if self.reaches_cluster(c, at.upstream.peer(), target) {
                    out.push((c, at));
                }
            }
        }
        out
    }

    /// The config entries' mentions (intention sources, resolver/router/splitter targets), in any cluster, of
    /// service `name` of cluster `target`; clusters in order, then path order.
    pub fn mentions_reaching(&self, target: ClusterId, name: &str) -> Vec<(ClusterId, MentionAt<'a>)> {
        let mut out = Vec::new();
        for c in self.ws.cluster_ids() {
            let Some(refs) = self.ws.cluster_index(c).mentions.get(name) else { continue };
            let mut refs = refs.to_vec();
            self.in_path_order(&mut refs, |r| r.file, |r| (r.entry, r.mention));
            for r in refs {
                let at = self.mention(r);
                if self.reaches_cluster(c, at.mention.peer(), target) {
                    out.push((c, at));
                }
            }
        }
        out
    }

    /// The exported-services entries of `cluster` that list `name` itself (not through `*`), in path order.
    pub fn exports_naming(&self, cluster: ClusterId, name: &str) -> Vec<Export<'a>> {
        let mut refs = self.ws.cluster_index(cluster).exports.get(name).cloned().unwrap_or_default();
        self.in_path_order(&mut refs, |r| r.file, |r| (r.entry, r.service));
        refs.into_iter().map(|r| self.export(r)).collect()
    }

    /// The exported-services entries of `cluster` that list `name` or `*` (whatever their consumers), in path
    /// order.
    pub fn exports_of(&self, cluster: ClusterId, name: &str) -> Vec<Export<'a>> {
        let index = self.ws.cluster_index(cluster);
        let mut refs: Vec<ExportRef> = index
            .exports
            .get(name)
            .into_iter()
            .flatten()
            .chain(index.exports.get("*").into_iter().flatten())
            .copied()
            .collect();
        self.in_path_order(&mut refs, |r| r.file, |r| (r.entry, r.service));
        refs.dedup();
        refs.into_iter().map(|r| self.export(r)).collect()
    }

    /// The distinct peers (as `cluster` names them) that `cluster` exports service `name` to, by name or `*`;
    /// sorted.
    pub fn export_consumers(&self, cluster: ClusterId, name: &str) -> Vec<&'a str> {
        let index = self.ws.cluster_index(cluster);
        let refs = index.exports.get(name).into_iter().flatten().chain(index.exports.get("*").into_iter().flatten());
        let mut peers: Vec<&'a str> = refs
            .flat_map(|&r| self.export(r).service.consumers.iter())
            .filter_map(|c| c.named_peer().map(|p| p.text.as_str()))
            .collect();
        peers.sort();
        peers.dedup();
        peers
    }

    /// The ACL rules of `cluster`'s policies on the one service `name` (`service "name"`, its intentions rule),
    /// in path order.
    pub fn service_rules(&self, cluster: ClusterId, name: &str) -> Vec<RuleAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).service_rules.get(name).cloned().unwrap_or_default();
        self.in_path_order(&mut refs, |r| r.file, |r| (r.policy, r.rule));
        refs.into_iter().map(|r| self.rule(r)).collect()
    }

    /// Every namespace named by a service or entry anywhere, plus `default`; sorted.
    pub fn namespaces(&self) -> Vec<String> {
        let mut out: Vec<String> = vec![crate::model::DEFAULT.to_string()];
        for c in self.ws.cluster_ids() {
            out.extend(self.ws.cluster_index(c).namespaces.keys().cloned());
        }
        out.sort();
        out.dedup();
        out
    }

    /// Every admin partition named by a service or entry anywhere, plus `default`; sorted.
    pub fn partitions(&self) -> Vec<String> {
        let mut out: Vec<String> = vec![crate::model::DEFAULT.to_string()];
        for c in self.ws.cluster_ids() {
            out.extend(self.ws.cluster_index(c).partitions.keys().cloned());
        }
        out.sort();
        out.dedup();
        out
    }

    /// The admin partitions of `cluster` that hold a service or a config entry or a mesh gateway the manifest
    /// declares, plus `default`; sorted.
    pub fn cluster_partitions(&self, cluster: ClusterId) -> Vec<&'a str> {
        let index = self.ws.cluster_index(cluster);
        let mut out: Vec<&'a str> = index.partitions.keys().map(String::as_str).collect();
        out.extend(self.declared_gateway_partitions(cluster));
        out.push(DEFAULT);
        out.sort();
        out.dedup();
        out
    }

    // -- exports -----------------------------------------------------------------------------------------------

    /// Whether one of the consumers names a peer that, from `exporter`, resolves to cluster `to`.
    fn reaches(&self, exporter: ClusterId, exported: &ExportedService, to: ClusterId) -> bool {
        exported
            .consumers
            .iter()
            .any(|c| c.named_peer().is_some_and(|p| self.resolve_peer(exporter, &p.text) == Some(to)))
    }

    /// What `exporter` exports to cluster `to`: the services named `name` or `*` (every export, for `None`), in
    /// path order.
    pub fn exports_to(&self, exporter: ClusterId, to: ClusterId, name: Option<&str>) -> Vec<Export<'a>> {
        let index = self.ws.cluster_index(exporter);
        let mut refs: Vec<ExportRef> = match name {
            Some(name) => {
                let named = index.exports.get(name).into_iter().flatten();
                let wildcard = if name == "*" { None } else { index.exports.get("*") };
                named.chain(wildcard.into_iter().flatten()).copied().collect()
            }
            None => index.exports.values().flatten().copied().collect(),
        };
        self.in_path_order(&mut refs, |r| r.file, |r| (r.entry, r.service));
        refs.into_iter().map(|r| self.export(r)).filter(|e| self.reaches(exporter, e.service, to)).collect()
    }

    /// The clusters other than `to` that export `name` (or `*`) to `to`, in cluster order.
    pub fn exporters_to(&self, to: ClusterId, name: &str) -> Vec<ClusterId> {
        self.ws.cluster_ids().filter(|&d| d != to && !self.exports_to(d, to, Some(name)).is_empty()).collect()
    }

    /// The exported-services entries of `cluster`, in path order.
    pub fn exported_services_entries(&self, cluster: ClusterId) -> Vec<EntryAt<'a>> {
        self.entries_of_kind(cluster, "exported-services")
    }

    /// The distinct peers an exported-services entry exports to (consumers naming a peer), sorted.
    pub fn export_peers(entry: &'a ConfigEntry) -> Vec<&'a str> {
        let EntryBody::ExportedServices(services) = &entry.body else { return Vec::new() };
        let mut peers: Vec<&str> = services
            .iter()
            .flat_map(|s| s.consumers.iter().filter_map(|c| c.named_peer()).map(|p| p.text.as_str()))
            .collect();
        peers.sort();
        peers.dedup();
        peers
    }

    // -- upstreams ---------------------------------------------------------------------------------------------

    /// The upstreams of `cluster` naming `name`, in path order.
    pub fn upstreams_naming(&self, cluster: ClusterId, name: &str) -> Vec<UpstreamAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).upstreams.get(name).cloned().unwrap_or_default();
        self.in_path_order(&mut refs, |r| r.file, |r| (r.service, r.upstream));
        refs.into_iter().map(|r| self.upstream(r)).collect()
    }

    /// Every upstream of `cluster`, in path order.
    pub fn upstreams(&self, cluster: ClusterId) -> Vec<UpstreamAt<'a>> {
        let mut refs: Vec<UpstreamRef> = self.ws.cluster_index(cluster).upstreams.values().flatten().copied().collect();
        self.in_path_order(&mut refs, |r| r.file, |r| (r.service, r.upstream));
        refs.into_iter().map(|r| self.upstream(r)).collect()
    }

    /// Where an upstream of `cluster` leads. A peered upstream looks in the peer's cluster, for the registration in
    /// the namespace it names (`default` without `destination_namespace`) and a partition that exports the service
    /// to `cluster`; any other looks in its own cluster, in `destination_partition` (else its service's
    /// partition) and `destination_namespace` (else its service's namespace). When no registration matches
    /// exactly, the closest one stands in (same namespace, else the first in path order), as the peering rules
    /// only ask whether a name is registered.
    pub fn upstream_target(&self, cluster: ClusterId, upstream: UpstreamAt<'a>) -> UpstreamTarget<'a> {
        let none = UpstreamTarget { cluster: None, partition: DEFAULT, namespace: DEFAULT, service: None };
        let u = upstream.upstream;
        let name = u.name();
        if name.is_empty() || name == "*" || u.is_prepared_query() {
            return none;
        }
        let wanted_namespace = |fallback: &'a str| -> &'a str {
            u.destination_namespace().map(|n| n.text.as_str()).filter(|n| !n.is_empty()).unwrap_or(fallback)
        };
        let (target, namespace, partitions): (ClusterId, &'a str, Vec<&'a str>) = match u.peer() {
            Some(peer) => {
                let Some(d) = self.resolve_peer(cluster, peer) else { return none };
                let partitions =
                    self.exports_to(d, cluster, Some(name)).iter().map(|e| e.entry.partition.as_str()).collect();
                (d, wanted_namespace(DEFAULT), partitions)
            }
            None => {
                if u.datacenter().is_some_and(|d| !d.text.is_empty()) {
                    return none;
                }
                let partition = u
                    .destination_partition()
                    .map(|p| p.text.as_str())
                    .filter(|p| !p.is_empty())
                    .unwrap_or(&u.partition);
                (cluster, wanted_namespace(&upstream.service.namespace), vec![partition])
            }
        };
        let found = self.registrations(target, name);
        let exact = found
            .iter()
            .find(|s| s.service.namespace == namespace && partitions.contains(&s.service.partition.as_str()));
        let same_namespace = || found.iter().find(|s| s.service.namespace == namespace);
        let service = exact.or_else(same_namespace).or(found.first()).copied();
        let partition = partitions.first().copied().unwrap_or(DEFAULT);
        UpstreamTarget { cluster: Some(target), partition, namespace, service }
    }

    /// Upstreams in `importer` that reach `exporter` through a peer and name `service` (any service, for `*`).
    pub fn importing_upstreams(&self, importer: ClusterId, exporter: ClusterId, service: &str) -> Vec<UpstreamAt<'a>> {
        let through_peer =
            |u: &UpstreamAt<'a>| u.upstream.peer().is_some_and(|p| self.resolve_peer(importer, p) == Some(exporter));
        if service != "*" {
            // By name: what the index holds for it, not every peered upstream of the cluster.
            return self.upstreams_naming(importer, service).into_iter().filter(through_peer).collect();
        }
        let mut out: Vec<UpstreamAt<'a>> = self.peered_upstreams(importer).into_iter().filter(through_peer).collect();
        out.dedup_by_key(|u| u.at);
        out
    }

    /// Every upstream of `cluster` that names a peer (`destination_peer`), in path order.
    pub fn peered_upstreams(&self, cluster: ClusterId) -> Vec<UpstreamAt<'a>> {
        self.peer_uses_in(cluster)
            .into_iter()
            .filter_map(|u| match u {
                PeerUseAt::Upstream(u) => Some(u),
                PeerUseAt::Consumer { .. } => None,
            })
            .collect()
    }

    /// Every use of a peer name in `cluster` (upstreams' `destination_peer`, consumers' `Peer`), in path order
    /// and then position.
    pub fn peer_uses_in(&self, cluster: ClusterId) -> Vec<PeerUseAt<'a>> {
        let mut uses: Vec<PeerUseAt<'a>> =
            self.ws.cluster_index(cluster).peer_uses.values().flatten().map(|&u| self.peer_use(u)).collect();
        self.in_path_order(&mut uses, PeerUseAt::file, |u| u.peer().map_or(0, |p| p.range.start));
        uses
    }

    /// Every use, in any cluster, of a peer name that resolves to cluster `target`, with the cluster it is in.
    pub fn peer_uses_of(&self, target: ClusterId) -> Vec<(ClusterId, PeerUseAt<'a>)> {
        let mut out = Vec::new();
        for c in self.ws.cluster_ids() {
            for (peer, uses) in &self.ws.cluster_index(c).peer_uses {
                if self.resolve_peer(c, peer) == Some(target) {
                    out.extend(uses.iter().map(|&u| (c, self.peer_use(u))));
                }
            }
        }
        out
    }

    /// Whether the cluster uses peering: an upstream with `destination_peer`, or an export to a named peer.
    pub fn uses_peering(&self, cluster: ClusterId) -> bool {
        self.ws
            .cluster_index(cluster)
            .peer_uses
            .iter()
            .any(|(name, uses)| name != "*" || uses.iter().any(|u| matches!(u, PeerUse::Upstream(_))))
    }

    // -- gateways and modes ------------------------------------------------------------------------------------

    /// The mesh gateways registered in `cluster`, in path order.
    pub fn gateways(&self, cluster: ClusterId) -> Vec<ServiceAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).gateways.clone();
        self.in_path_order(&mut refs, |r| r.file, |r| r.service);
        refs.into_iter().map(|r| self.service(r)).collect()
    }

    /// Whether a mesh gateway is registered in the cluster: in its files, or declared in the manifest's
    /// `mesh_gateways` (registered outside the repository).
    pub fn has_gateways(&self, cluster: ClusterId) -> bool {
        !self.ws.cluster_index(cluster).gateways.is_empty() || !self.ws.cluster(cluster).mesh_gateways.is_empty()
    }

    /// The partitions of `cluster` that have a mesh gateway (in its files or declared in the manifest), sorted.
    pub fn gateway_partitions(&self, cluster: ClusterId) -> Vec<&'a str> {
        let mut out: Vec<&str> = self.gateways(cluster).iter().map(|g| g.service.partition.as_str()).collect();
        out.extend(self.declared_gateway_partitions(cluster));
        out.sort();
        out.dedup();
        out
    }

    /// The partitions whose mesh gateway the manifest declares (`mesh_gateways`), as written.
    pub fn declared_gateway_partitions(&self, cluster: ClusterId) -> impl Iterator<Item = &'a str> + use<'a> {
        self.ws.cluster(cluster).mesh_gateways.iter().map(String::as_str)
    }

    /// The mesh gateway mode setting that applies to an upstream, and the file it is written in: the upstream's
    /// own, else its service's proxy registration, else the downstream's service-defaults, else proxy-defaults
    /// (`""` inherits).
    pub fn effective_mode(&self, cluster: ClusterId, upstream: UpstreamAt<'a>) -> Option<(FileId, &'a ModeSetting)> {
        let set = |m: &'a Option<ModeSetting>| m.as_ref().filter(|m| !m.mode.is_empty());
        if let Some(mode) = upstream.upstream.mode().filter(|m| !m.mode.is_empty()) {
            return Some((upstream.file(), mode));
        }
        if let Some(mode) = set(&upstream.service.proxy_mode) {
            return Some((upstream.file(), mode));
        }
        for at in self.entries_named(cluster, &upstream.upstream.downstream) {
            if let EntryBody::ServiceDefaults { mode } = &at.entry.body
                && let Some(mode) = set(mode)
            {
                return Some((at.file, mode));
            }
        }
        for at in self.entries_of_kind(cluster, "proxy-defaults") {
            if let EntryBody::ProxyDefaults { mode } = &at.entry.body
                && let Some(mode) = set(mode)
            {
                return Some((at.file, mode));
            }
        }
        None
    }

    /// The cluster's mesh config entries, in path order.
    pub fn mesh_entries(&self, cluster: ClusterId) -> Vec<EntryAt<'a>> {
        self.entries_of_kind(cluster, "mesh")
    }

    // -- ACLs --------------------------------------------------------------------------------------------------

    /// ACLs are enabled when the manifest says so, or, without that setting, when an agent config of the
    /// cluster sets `acl { enabled = true }`.
    pub fn acl_enabled(&self, cluster: ClusterId) -> bool {
        self.ws.cluster(cluster).acl_enabled.unwrap_or(!self.ws.cluster_index(cluster).acl_enabling_files.is_empty())
    }

    /// Where ACLs are switched on for `cluster`: the manifest's `acl_enabled`, else the first agent config (in
    /// path order) that sets `acl { enabled = true }`.
    pub fn acl_enabled_at(&self, cluster: ClusterId) -> Option<(FileId, TextRange)> {
        if self.ws.cluster(cluster).acl_enabled.is_some() {
            let (file, items) = self.manifest_items(cluster)?;
            let name = self.cluster_name(cluster);
            return items.into_iter().find_map(|item| match item {
                ManifestItem::AclEnabled { from, range } if from == name => Some((file, range)),
                _ => None,
            });
        }
        let mut files = self.ws.cluster_index(cluster).acl_enabling_files.clone();
        self.in_path_order(&mut files, |f| *f, |_| 0);
        files.into_iter().find_map(|f| self.ws.file(f).model.acl_enabled_at.map(|range| (f, range)))
    }

    /// The cluster's policies, in path order.
    pub fn policies(&self, cluster: ClusterId) -> Vec<PolicyAt<'a>> {
        let mut refs = self.ws.cluster_index(cluster).policies.clone();
        self.in_path_order(&mut refs, |r| r.file, |r| r.policy);
        refs.into_iter().map(|r| self.policy(r)).collect()
    }

    /// The policies of `cluster` that belong to the mesh gateway `gateway` (they grant it `service:write`), each
    /// with its first granting rule, in path order.
    pub fn gateway_grants(&self, cluster: ClusterId, gateway: &str) -> Vec<Grant<'a>> {
        self.policies(cluster)
            .into_iter()
            .filter_map(|p| {
                let rule = p.policy.rules.iter().find(|r| grants_write(r, gateway))?;
                Some(Grant { file: p.file, policy: p.policy, rule })
            })
            .collect()
    }

    /// The mesh gateways of `cluster` to which `rule` grants `service:write`.
    pub fn gateways_granted_by(&self, cluster: ClusterId, rule: &AclRule) -> Vec<ServiceAt<'a>> {
        self.gateways(cluster).into_iter().filter(|g| grants_write(rule, g.service.name())).collect()
    }
}
