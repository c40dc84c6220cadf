//! The per-cluster index the cross-file rules read: services, mesh gateways, exports, defaults, policies.

use super::Workspace;
use crate::model::{AclPolicy, ConfigEntry, EntryBody, ExportedService, FileKind, Service, Upstream};

/// A reference to something in a file: (file index, item).
pub type At<'a, T> = (usize, &'a T);

pub struct ClusterIndex<'a> {
    pub cluster: usize,
    /// Files in path order.
    pub files: Vec<usize>,
    pub services: Vec<At<'a, Service>>,
    pub upstreams: Vec<(usize, &'a Service, &'a Upstream)>,
    pub gateways: Vec<At<'a, Service>>,
    pub entries: Vec<At<'a, ConfigEntry>>,
    pub policies: Vec<At<'a, AclPolicy>>,
    pub acl_enabled: bool,
    /// Exported services by name (`*` included under its own key), so lookups do not scan every export.
    pub exports_by_name: std::collections::HashMap<&'a str, Vec<&'a ExportedService>>,
    /// Names of registered services and of discovery-chain entries (resolvers, routers, splitters).
    pub local_service_names: std::collections::HashSet<&'a str>,
}

impl<'a> ClusterIndex<'a> {
    pub fn build(ws: &'a Workspace, cluster: usize) -> ClusterIndex<'a> {
        let spec = &ws.clusters[cluster];
        let mut files = spec.files.clone();
        files.sort_by(|&a, &b| ws.files[a].path.cmp(&ws.files[b].path));
        files.dedup();
        let mut index = ClusterIndex {
            cluster,
            files: files.clone(),
            services: Vec::new(),
            upstreams: Vec::new(),
            gateways: Vec::new(),
            entries: Vec::new(),
            policies: Vec::new(),
            acl_enabled: false,
            exports_by_name: std::collections::HashMap::new(),
            local_service_names: std::collections::HashSet::new(),
        };
        let mut agent_acl = false;
        for &f in &files {
            let model = &ws.files[f].model;
            if !model.kind.is_consul() {
                continue;
            }
            if model.kind == FileKind::AgentConfig && model.acl_enabled == Some(true) {
                agent_acl = true;
            }
            for service in &model.services {
                index.services.push((f, service));
                if service.is_mesh_gateway() {
                    index.gateways.push((f, service));
                }
                for upstream in &service.upstreams {
                    index.upstreams.push((f, service, upstream));
                }
            }
            index.entries.extend(model.entries.iter().map(|e| (f, e)));
            index.policies.extend(model.policies.iter().map(|p| (f, p)));
        }
        index.acl_enabled = spec.acl_enabled.unwrap_or(agent_acl);
        let mut by_name: std::collections::HashMap<&'a str, Vec<&'a ExportedService>> =
            std::collections::HashMap::new();
        for &(_, entry) in &index.entries {
            if let EntryBody::ExportedServices(services) = &entry.body {
                for service in services {
                    by_name.entry(service.name.text.as_str()).or_default().push(service);
                }
            }
        }
        index.exports_by_name = by_name;
        let services = index.services.iter().map(|(_, s)| s.name());
        let chains =
            index.entries.iter().filter(|(_, e)| matches!(e.body, EntryBody::DiscoveryChain)).map(|(_, e)| e.name());
        index.local_service_names = services.chain(chains).collect();
        index
    }

    /// Whether a service of this name is registered, or routed by a discovery-chain entry, in the cluster.
    pub fn knows_service(&self, name: &str) -> bool {
        self.local_service_names.contains(name)
    }

    /// exported-services entries with their exported services.
    pub fn exports(&self) -> impl Iterator<Item = (usize, &'a ConfigEntry, &'a ExportedService)> + '_ {
        self.entries.iter().flat_map(|&(f, entry)| {
            let services: &'a [ExportedService] = match &entry.body {
                EntryBody::ExportedServices(services) => services,
                _ => &[],
            };
            services.iter().map(move |s| (f, entry, s))
        })
    }

    pub fn entries_of_kind(&self, kind: &'a str) -> impl Iterator<Item = At<'a, ConfigEntry>> + '_ {
        self.entries.iter().copied().filter(move |(_, e)| e.kind.text == kind)
    }

    /// Whether the cluster uses peering: an upstream with `destination_peer` or an export to a peer.
    pub fn uses_peering(&self) -> bool {
        self.upstreams.iter().any(|(_, _, u)| u.peer().is_some())
            || self.exports().any(|(_, _, s)| s.consumers.iter().any(|c| c.named_peer().is_some()))
    }
}
