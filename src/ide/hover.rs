//! Hover: schema documentation for keys (type, allowed values, default, doc, Consul docs link), and for values the
//! resolved topology: where a peer leads and what it exports here, where an upstream's service is registered or
//! exported, which peers import an exported service, which exports depend on a mesh gateway, what an ACL rule
//! grants.

use std::fmt::Write as _;

use super::locate::locate;
use crate::analysis::Analysis;
use crate::model::{AclRule, ConfigEntry, Consumer, DEFAULT, EntryBody, ExportedService, Service, Str, Upstream};
use crate::schema::{self, Block, DOCS_BASE, Field, KeyStyle, Ty};
use crate::syntax::{TextRange, ValueKind};
use crate::workspace::{ClusterId, FileId, Topology, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

pub fn hover(analysis: &Analysis, file: FileId, offset: u32) -> Option<Hover> {
    let ws = analysis.workspace();
    let source = ws.files.get(file)?;
    if !source.kind().is_consul() && source.kind() != crate::model::FileKind::Manifest {
        return None;
    }
    let resolved = Resolved { ws, topology: analysis.topology(), file, cluster: ws.cluster_of(file) };
    resolved.at(offset).or_else(|| resolved.acl_rule(offset)).or_else(|| schema_hover(ws, file, offset))
}

// ---------------------------------------------------------------------------------------------------------------
// Schema documentation

fn schema_hover(ws: &Workspace, file: FileId, offset: u32) -> Option<Hover> {
    let source = ws.file(file);
    let frames = locate(source, offset);
    let frame = frames.iter().rev().find(|f| f.entry.is_some() && f.field.is_some())?;
    let (entry, field, block) = (frame.entry?, frame.field?, frame.block?);
    let on_key = entry.key.range.touches(offset);
    let on_scalar =
        !matches!(entry.value.kind, ValueKind::Object(_) | ValueKind::List(_)) && entry.value.range.touches(offset);
    if !on_key && !on_scalar {
        return None;
    }
    let mut markdown = field_doc(field, block, frame.style);
    // A config entry's Kind: the kind's own documentation.
    if field.name == "Kind"
        && let Some(kind) = entry.value.as_str()
        && let Some(kind_block) = schema::entries::entry_block(kind)
    {
        let _ = write!(markdown, "\n\n`{kind}`: [{}]({DOCS_BASE}{})", kind_block.name, kind_block.link);
    }
    Some(Hover { range: if on_key { entry.key.range } else { entry.value.range }, markdown })
}

/// A short name of a field's type.
pub fn type_name(ty: &Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Bool => "boolean".into(),
        Ty::Int => "integer".into(),
        Ty::Float => "number".into(),
        Ty::Duration => "duration (such as \"10s\")".into(),
        Ty::Enum(_) => "string (one of the allowed values)".into(),
        Ty::StrList => "list of strings".into(),
        Ty::Block(b) => format!("block ({})", b.name),
        Ty::BlockList(b) => format!("list of blocks ({})", b.name),
        Ty::Map(b) => format!("map of name → block ({})", b.name),
        Ty::Opaque => "map".into(),
        Ty::Any => "any value".into(),
        Ty::ConfigEntries => "list of config entries".into(),
    }
}

/// The documentation of a field: name, type, block, doc line, allowed values, default, flags, docs link.
pub fn field_doc(field: &Field, block: &Block, style: KeyStyle) -> String {
    let mut out = format!("**`{}`** · {} · {}", field.display_name(style), type_name(&field.ty), block.name);
    if !field.doc.is_empty() {
        let _ = write!(out, "\n\n{}", field.doc);
    }
    let mut facts = Vec::new();
    if let Ty::Enum(values) = field.ty {
        let list: Vec<String> = values.iter().map(|v| format!("`\"{v}\"`")).collect();
        facts.push(format!("Allowed values: {}", list.join(", ")));
    }
    if let Some(default) = field.default {
        facts.push(format!("Default: `{default}`"));
    }
    if field.required {
        facts.push("Required".to_string());
    }
    if field.enterprise {
        facts.push("Consul Enterprise only".to_string());
    }
    if field.deprecated {
        facts.push("Deprecated".to_string());
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n"));
    }
    let link = if field.link.is_empty() { block.link } else { field.link };
    if !link.is_empty() {
        let _ = write!(out, "\n\n[Consul docs]({DOCS_BASE}{link})");
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Topology

/// What a hover on a value resolves through: the workspace's topology, from the hovered file's cluster.
struct Resolved<'a> {
    ws: &'a Workspace,
    topology: Topology<'a>,
    file: FileId,
    /// The cluster of the hovered file.
    cluster: Option<ClusterId>,
}

/// `path:line` of a range, the path relative to its workspace folder.
pub fn place(ws: &Workspace, file: FileId, range: TextRange) -> String {
    let source = ws.file(file);
    let line = source.text[..(range.start as usize).min(source.text.len())].matches('\n').count() + 1;
    format!("`{}:{line}`", display_path(ws, file))
}

pub fn display_path(ws: &Workspace, file: FileId) -> String {
    let path = &ws.file(file).path;
    let relative = ws
        .roots
        .iter()
        .filter(|r| r.is_dir)
        .filter_map(|r| path.strip_prefix(&r.path).ok())
        .min_by_key(|p| p.components().count());
    match relative {
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    }
}

fn namespace_note(namespace: Option<&Str>) -> String {
    match namespace.map(|n| n.text.as_str()).filter(|n| !n.is_empty() && *n != DEFAULT) {
        Some(ns) => format!(" (namespace `{ns}`)"),
        None => String::new(),
    }
}

impl<'a> Resolved<'a> {
    fn name(&self, cluster: ClusterId) -> &'a str {
        self.topology.cluster_name(cluster)
    }

    fn at(&self, offset: u32) -> Option<Hover> {
        let model = &self.ws.file(self.file).model;
        for service in &model.services {
            for upstream in &service.upstreams {
                if let Some(peer) = upstream.destination_peer.as_ref().filter(|p| p.range.touches(offset)) {
                    return Some(Hover { range: peer.range, markdown: self.upstream_peer(upstream, peer) });
                }
                if let Some(name) = upstream.destination_name.as_ref().filter(|n| n.range.touches(offset)) {
                    return Some(Hover { range: name.range, markdown: self.upstream_name(upstream, name) });
                }
            }
            if service.is_mesh_gateway() {
                let on = |s: &Option<Str>| s.as_ref().filter(|s| s.range.touches(offset)).map(|s| s.range);
                if let Some(range) = on(&service.name).or_else(|| on(&service.kind)) {
                    return Some(Hover { range, markdown: self.gateway(service) });
                }
            }
        }
        if let Some(k8s) = model.k8s.as_deref() {
            for peering in &k8s.peerings {
                if peering.name.range.touches(offset) {
                    return Some(Hover { range: peering.name.range, markdown: self.peering(peering) });
                }
            }
        }
        for entry in &model.entries {
            let EntryBody::ExportedServices(services) = &entry.body else { continue };
            for exported in services {
                if exported.name.range.touches(offset) {
                    return Some(Hover { range: exported.name.range, markdown: self.exported(entry, exported) });
                }
                for consumer in &exported.consumers {
                    if let Some(peer) = consumer.peer.as_ref().filter(|p| p.range.touches(offset)) {
                        return Some(Hover { range: peer.range, markdown: self.consumer(exported, consumer, peer) });
                    }
                }
            }
        }
        None
    }

    fn exported_here(&self, exporter: ClusterId, to: ClusterId, service: &str) -> bool {
        !self.topology.exports_to(exporter, to, Some(service)).is_empty()
    }

    fn no_cluster(&self) -> String {
        "This file belongs to no cluster of the workspace (see `consul-ls.hcl`), so peers cannot be resolved.".into()
    }

    fn upstream_peer(&self, upstream: &Upstream, peer: &Str) -> String {
        let mut out = format!(
            "**Peer `{}`** · destination_peer of upstream `{}` of `{}`\n\n",
            peer.text,
            upstream.name(),
            upstream.downstream
        );
        let Some(c) = self.cluster else { return out + &self.no_cluster() };
        let Some(d) = self.topology.resolve_peer(c, &peer.text) else {
            let _ = write!(out, "Names **no cluster** of this workspace.");
            let known: Vec<String> = self.topology.known_peers(c).iter().map(|p| format!("`{p}`")).collect();
            if !known.is_empty() {
                let _ = write!(out, " Known peers: {}.", known.join(", "));
            }
            return out;
        };
        let how = self.resolution(c, &peer.text);
        let _ = write!(out, "Resolves to cluster **{}** ({how}).", self.name(d));
        out.push_str("\n\n");
        out.push_str(&self.export_list(d, c));
        if !upstream.name().is_empty() && !upstream.is_prepared_query() {
            let verdict = if self.exported_here(d, c, upstream.name()) { "is exported" } else { "is **not** exported" };
            let _ = write!(out, "\n\n`{}` {verdict} to {}.", upstream.name(), self.name(c));
        }
        out
    }

    /// How a peer name used in cluster `c` resolves, in words.
    fn resolution(&self, c: ClusterId, peer: &str) -> String {
        use crate::workspace::topology::PeerResolution;
        match self.topology.resolve_peer_how(c, peer).map(|(_, how)| how) {
            Some(PeerResolution::Manifest) => format!("the manifest maps it for {}", self.name(c)),
            Some(PeerResolution::Paired) => {
                let ours = self.topology.peerings_named(c, peer);
                let pair = ours.iter().find_map(|p| {
                    self.topology.peering_partners(c, p.peering).into_iter().next().map(|(d, theirs)| (p, d, theirs))
                });
                match pair {
                    Some((p, d, theirs)) => format!(
                        "{}'s {} `{peer}` pairs with {}'s {} `{}` through the token secret `{}` — {}",
                        self.name(c),
                        p.peering.role.kind(),
                        self.name(d),
                        theirs.peering.role.kind(),
                        theirs.peering.name.text,
                        p.peering.secret.as_ref().map_or("", |s| s.text.as_str()),
                        place(self.ws, theirs.file, theirs.peering.name.range)
                    ),
                    None => "a PeeringAcceptor/PeeringDialer pair".to_string(),
                }
            }
            Some(PeerResolution::ClusterName) => "a cluster of that name".to_string(),
            None => String::new(),
        }
    }

    /// A PeeringAcceptor or PeeringDialer's name: the peer it declares, where it leads, who uses it.
    fn peering(&self, peering: &crate::model::k8s::Peering) -> String {
        let name = &peering.name.text;
        let mut out = format!("**{} `{name}`** · the peer's name in this cluster", peering.role.kind());
        let Some(c) = self.cluster else { return out + "\n\n" + &self.no_cluster() };
        match self.topology.resolve_peer(c, name) {
            Some(d) => {
                let _ = write!(
                    out,
                    "\n\nPeer `{name}` of {} resolves to cluster **{}** ({}).",
                    self.name(c),
                    self.name(d),
                    self.resolution(c, name)
                );
                out.push_str("\n\n");
                out.push_str(&self.export_list(d, c));
            }
            None => {
                let _ = write!(
                    out,
                    "\n\nNo cluster of this workspace pairs with it (no resource of another cluster names the token secret, and no cluster is named `{name}`)."
                );
            }
        }
        let uses: Vec<String> = self
            .topology
            .peer_uses_in(c)
            .into_iter()
            .filter(|u| u.peer().is_some_and(|p| p.text == *name))
            .filter_map(|u| u.peer().map(|p| place(self.ws, u.file(), p.range)))
            .collect();
        if !uses.is_empty() {
            let _ = write!(out, "\n\nUsed by: {}", uses.join(", "));
        }
        out
    }

    /// "cluster-02 exports to cluster-01:" and the list.
    fn export_list(&self, exporter: ClusterId, to: ClusterId) -> String {
        let exports = self.topology.exports_to(exporter, to, None);
        if exports.is_empty() {
            return format!("{} exports nothing to {}.", self.name(exporter), self.name(to));
        }
        let mut out = format!("{} exports to {}:", self.name(exporter), self.name(to));
        for export in exports {
            let exported = export.service;
            let what = if exported.name.text == "*" {
                "every service (`*`)".to_string()
            } else {
                format!("`{}`", exported.name.text)
            };
            let _ = write!(
                out,
                "\n- {what}{} — {}",
                namespace_note(exported.namespace.as_ref()),
                place(self.ws, export.file, exported.name.range)
            );
        }
        out
    }

    fn registered_line(&self, cluster: ClusterId, name: &str) -> String {
        let found = self.topology.registrations(cluster, name);
        if found.is_empty() {
            return match self.topology.routing_entry(cluster, name) {
                Some(at) => format!(
                    "Routed in {} by a {} — {}",
                    self.name(cluster),
                    at.entry.kind.text,
                    place(self.ws, at.file, at.entry.range)
                ),
                None => format!("**Not registered** in {}.", self.name(cluster)),
            };
        }
        let places: Vec<String> = found.iter().map(|s| place(self.ws, s.file, s.service.range)).collect();
        format!("Registered in {}: {}", self.name(cluster), places.join(", "))
    }

    fn upstream_name(&self, upstream: &Upstream, name: &Str) -> String {
        let mut out = format!("**Upstream `{}`** of `{}`\n\n", name.text, upstream.downstream);
        if upstream.is_prepared_query() {
            return out + "A prepared query (`destination_type = \"prepared_query\"`).";
        }
        let Some(c) = self.cluster else { return out + &self.no_cluster() };
        if let Some(peer) = upstream.peer() {
            let Some(d) = self.topology.resolve_peer(c, peer) else {
                let _ = write!(out, "Through peer `{peer}`, which names no cluster of this workspace.");
                return out;
            };
            let verdict = if self.exported_here(d, c, &name.text) { "exported" } else { "**not exported**" };
            let _ = write!(
                out,
                "Through peer `{peer}` → cluster **{}**, which has it {verdict} to {}.\n\n{}",
                self.name(d),
                self.name(c),
                self.registered_line(d, &name.text)
            );
            return out;
        }
        let _ = write!(
            out,
            "Resolves in {} (no `destination_peer`).\n\n{}",
            self.name(c),
            self.registered_line(c, &name.text)
        );
        let exporters: Vec<String> = self
            .ws
            .cluster_ids()
            .filter(|&d| d != c)
            .flat_map(|d| self.topology.exports_to(d, c, Some(&name.text)).into_iter().map(move |e| (d, e)))
            .map(|(d, e)| {
                let peers =
                    self.topology.peer_names(c, d).iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
                format!("- {} (peer {peers}) — {}", self.name(d), place(self.ws, e.file, e.service.name.range))
            })
            .collect();
        if !exporters.is_empty() {
            let _ = write!(out, "\n\nExported to {} by:\n{}", self.name(c), exporters.join("\n"));
        }
        out
    }

    /// Upstreams in `importer` that reach `exporter` through a peer and name `service` (or any, for `*`).
    fn importing_upstreams(&self, importer: ClusterId, exporter: ClusterId, service: &str) -> Vec<String> {
        self.topology
            .importing_upstreams(importer, exporter, service)
            .into_iter()
            .map(|at| {
                let u = at.upstream;
                let name = u.destination_name.as_ref().map_or(u.range, |n| n.range);
                format!("upstream `{}` of `{}` — {}", u.name(), u.downstream, place(self.ws, at.file(), name))
            })
            .collect()
    }

    fn exported(&self, entry: &ConfigEntry, exported: &ExportedService) -> String {
        let what = if exported.name.text == "*" {
            "every service (`*`)".to_string()
        } else {
            format!("`{}`", exported.name.text)
        };
        let mut out = format!("**Exported service** {what}{}", namespace_note(exported.namespace.as_ref()));
        let Some(c) = self.cluster else { return out + "\n\n" + &self.no_cluster() };
        let _ = write!(out, " · from {} (partition `{}`)", self.name(c), entry.partition);
        if exported.name.text != "*" {
            let _ = write!(out, "\n\n{}", self.registered_line(c, &exported.name.text));
        }
        out.push_str("\n\nConsumers:");
        for consumer in &exported.consumers {
            out.push_str("\n- ");
            out.push_str(&self.consumer_line(c, consumer, &exported.name.text));
        }
        if exported.consumers.is_empty() {
            out.push_str(" none");
        }
        out
    }

    fn consumer_line(&self, c: ClusterId, consumer: &Consumer, service: &str) -> String {
        if let Some(partition) = consumer.partition.as_ref().filter(|p| !p.text.is_empty()) {
            return format!("partition `{}` (same cluster)", partition.text);
        }
        let Some(peer) = consumer.peer.as_ref().filter(|p| !p.text.is_empty()) else {
            return "(no peer or partition)".to_string();
        };
        let Some(d) = consumer.named_peer().and_then(|p| self.topology.resolve_peer(c, &p.text)) else {
            return format!("peer `{}`: no cluster of the workspace", peer.text);
        };
        let upstreams = self.importing_upstreams(d, c, service);
        if upstreams.is_empty() {
            // The usual mistake: the upstream is there, but without destination_peer it looks locally.
            let unpeered: Vec<String> = self
                .topology
                .upstreams_naming(d, service)
                .into_iter()
                .filter(|at| at.upstream.peer().is_none())
                .map(|at| {
                    let u = at.upstream;
                    let name = u.destination_name.as_ref().map_or(u.range, |n| n.range);
                    format!("upstream `{}` of `{}` ({})", u.name(), u.downstream, place(self.ws, at.file(), name))
                })
                .collect();
            if unpeered.is_empty() {
                format!("peer `{}` → {}: no upstream there imports it", peer.text, self.name(d))
            } else {
                format!(
                    "peer `{}` → {}: no upstream there imports it through a peer; {} names it without `destination_peer`",
                    peer.text,
                    self.name(d),
                    unpeered.join(", ")
                )
            }
        } else {
            format!("peer `{}` → {}: imported by {}", peer.text, self.name(d), upstreams.join("; "))
        }
    }

    fn consumer(&self, exported: &ExportedService, consumer: &Consumer, peer: &Str) -> String {
        let mut out = format!("**Peer `{}`** · consumer of exported service `{}`\n\n", peer.text, exported.name.text);
        let Some(c) = self.cluster else { return out + &self.no_cluster() };
        match consumer.named_peer().and_then(|p| self.topology.resolve_peer(c, &p.text)) {
            Some(d) => {
                let _ = write!(out, "Resolves to cluster **{}**.\n\n", self.name(d));
                out.push_str(&self.consumer_line(c, consumer, &exported.name.text));
            }
            None => {
                let _ = write!(out, "Names **no cluster** of this workspace.");
            }
        }
        out
    }

    fn gateway(&self, gateway: &Service) -> String {
        let mut out = format!("**Mesh gateway `{}`**", gateway.name());
        let Some(c) = self.cluster else { return out + "\n\n" + &self.no_cluster() };
        let _ = write!(out, " · {} · partition `{}`", self.name(c), gateway.partition);
        let mut dependents = Vec::new();
        for at in self.topology.exported_services_entries(c) {
            if at.entry.partition != gateway.partition {
                continue;
            }
            let peers = Topology::export_peers(at.entry);
            if peers.is_empty() {
                continue;
            }
            let peers: Vec<String> = peers.iter().map(|p| format!("`{p}`")).collect();
            dependents.push(format!(
                "- exported-services `{}` → peers {} — {}",
                at.entry.name(),
                peers.join(", "),
                place(self.ws, at.file, at.entry.kind.range)
            ));
        }
        if dependents.is_empty() {
            let _ =
                write!(out, "\n\nNo exported-services entry of partition `{}` exports to a peer.", gateway.partition);
        } else {
            let _ = write!(out, "\n\nExports that depend on it:\n{}", dependents.join("\n"));
        }
        let outgoing: Vec<String> = self
            .topology
            .peered_upstreams(c)
            .into_iter()
            .filter(|at| at.service.partition == gateway.partition)
            .map(|at| {
                let u = at.upstream;
                let name = u.destination_name.as_ref().map_or(u.range, |n| n.range);
                format!(
                    "- `{}` of `{}` (peer `{}`) — {}",
                    u.name(),
                    u.downstream,
                    u.peer().unwrap_or(""),
                    place(self.ws, at.file(), name)
                )
            })
            .collect();
        if !outgoing.is_empty() {
            let _ = write!(out, "\n\nPeered upstreams of this partition:\n{}", outgoing.join("\n"));
        }
        if self.topology.acl_enabled(c) {
            let grants: Vec<String> = self
                .topology
                .gateway_grants(c, gateway.name())
                .iter()
                .map(|g| place(self.ws, g.file, g.rule.range))
                .collect();
            if grants.is_empty() {
                let _ = write!(
                    out,
                    "\n\nACLs are enabled in {}, and **no policy** grants it `service:write`.",
                    self.name(c)
                );
            } else {
                let _ = write!(out, "\n\n`service:write` granted by: {}", grants.join(", "));
            }
        }
        out
    }

    fn acl_rule(&self, offset: u32) -> Option<Hover> {
        let model = &self.ws.file(self.file).model;
        let rule = model
            .policies
            .iter()
            // The policy the Consul chart writes has no rules of its own in the file to describe.
            .filter(|p| p.source != crate::model::RulesSource::Generated)
            .flat_map(|p| &p.rules)
            .filter(|r| r.range.touches(offset))
            .min_by_key(|r| r.range.len())?;
        let mut markdown = describe_rule(rule);
        if let Some(c) = self.cluster {
            let gateways: Vec<String> = self
                .topology
                .gateways_granted_by(c, rule)
                .iter()
                .map(|g| format!("`{}` ({})", g.service.name(), place(self.ws, g.file, g.service.range)))
                .collect();
            if !gateways.is_empty() {
                let _ = write!(markdown, "\n\nGives mesh gateway {} its `service:write`.", gateways.join(", "));
            }
        }
        Some(Hover { range: rule.range, markdown })
    }
}

/// What an ACL rule grants, in words, with the resource's documentation from the schema.
pub fn describe_rule(rule: &AclRule) -> String {
    let (resource, on_intentions) = match rule.resource.strip_suffix(":intentions") {
        Some(base) => (base, true),
        None => (rule.resource.as_str(), false),
    };
    let (kind, prefix) = match resource.strip_suffix("_prefix") {
        Some(kind) => (kind, true),
        None => (resource, false),
    };
    let target = match (&rule.segment, prefix) {
        (None, _) => format!("`{resource}`"),
        (Some(segment), false) => format!("{kind} `{segment}`"),
        (Some(segment), true) if segment.is_empty() => format!("every {kind}"),
        (Some(segment), true) => format!("every {kind} whose name starts with `{segment}`"),
    };
    let target = if on_intentions { format!("intentions of {target}") } else { target };
    let access = match rule.access.as_str() {
        "write" => "**write** (and read) access to".to_string(),
        "read" => "**read** access to".to_string(),
        "list" => "**list** (and read) access to".to_string(),
        "deny" => "**denies** access to".to_string(),
        other => format!("`{other}` (not an access level Consul knows) on"),
    };
    let verb = if rule.access == "deny" { "" } else { "Grants " };
    let mut out = format!("**ACL rule** · `{}`\n\n{verb}{access} {target}.", rule.resource);
    if let Some((scope, label)) = &rule.partition_scope {
        let _ = write!(out, " Within `{scope} \"{label}\"`.");
    }
    if let Some(field) = schema::acl::ACL_RULES.field(resource, KeyStyle::Snake) {
        let _ =
            write!(out, "\n\n`{resource}`: {}\n\n[Consul docs]({DOCS_BASE}{})", field.doc, schema::acl::ACL_RULES.link);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing::fixture;

    const MANIFEST: &str = "cluster \"c1\" {\n  paths = [\"c1\"]\n  peers = { \"to-c2\" = \"c2\" }\n}\ncluster \"c2\" {\n  paths = [\"c2\"]\n}\n";
    const FRONTEND: &str = "service {\n  name = \"frontend\"\n  connect { sidecar_service { proxy { upstreams = [\n    { destination_name = \"backend\", destination_peer = \"to-c2\" },\n    { destination_name = \"billing\" }\n  ] } } }\n}\n";
    const EXPORTS: &str = "Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  { Name = \"backend\", Consumers = [{ Peer = \"c1\" }] },\n  { Name = \"billing\", Namespace = \"fin\", Consumers = [{ Peer = \"c1\" }] }\n]\n";
    const BACKEND: &str = "service {\n  name = \"backend\"\n  port = 9090\n}\n";
    const GATEWAY: &str = "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n";

    fn hover_at(files: &[(&str, &str)]) -> Hover {
        let (ws, file, offset) = fixture(files);
        hover(&ws, file, offset).expect("a hover")
    }

    fn with_cursor(text: &str, needle: &str) -> String {
        text.replacen(needle, &format!("{}$0{}", &needle[..2], &needle[2..]), 1)
    }

    fn topology_files(frontend: &str, exports: &str, gateway: &str) -> Vec<(&'static str, String)> {
        vec![
            ("consul-ls.hcl", MANIFEST.to_string()),
            ("c1/frontend.hcl", frontend.to_string()),
            ("c2/exported-services.hcl", exports.to_string()),
            ("c2/backend.hcl", BACKEND.to_string()),
            ("c2/gateway.hcl", gateway.to_string()),
        ]
    }

    fn run(files: Vec<(&str, String)>) -> Hover {
        let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        hover_at(&borrowed)
    }

    #[test]
    fn key_documentation_from_the_schema() {
        let hover = hover_at(&[(
            "a.hcl",
            "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [{ destination_name = \"x\", destination_p$0eer = \"p\" }] } } }\n}\n",
        )]);
        assert!(hover.markdown.starts_with("**`destination_peer`** · string · upstream"), "{}", hover.markdown);
        assert!(hover.markdown.contains("cannot be combined with `datacenter`"), "{}", hover.markdown);
        assert!(hover.markdown.contains(DOCS_BASE), "{}", hover.markdown);

        let hover = hover_at(&[(
            "a.hcl",
            "Kind = \"proxy-defaults\"\nName = \"global\"\nMeshGateway {\n  Mo$0de = \"local\"\n}\n",
        )]);
        assert!(
            hover.markdown.contains("Allowed values: `\"\"`, `\"none\"`, `\"local\"`, `\"remote\"`"),
            "{}",
            hover.markdown
        );
        assert!(hover.markdown.starts_with("**`Mode`**"), "{}", hover.markdown);

        // Defaults, and keys written in another accepted spelling.
        let hover = hover_at(&[(
            "a.json",
            "{\"service\": {\"name\": \"x\", \"connect\": {\"sidecar_service\": {\"proxy\": {\"upstreams\": [{\"destination_name\": \"y\", \"destination_ty$0pe\": \"service\"}]}}}}}",
        )]);
        assert!(hover.markdown.contains("Default: `service`"), "{}", hover.markdown);
    }

    #[test]
    fn no_hover_on_whitespace_or_unknown_keys_or_foreign_files() {
        let (ws, file, offset) = fixture(&[("a.hcl", "service {\n  name = \"web\"\n $0\n  bogus = 1\n}\n")]);
        assert_eq!(hover(&ws, file, offset), None);
        let (ws, file, offset) = fixture(&[("a.hcl", "service {\n  name = \"web\"\n  bo$0gus = 1\n}\n")]);
        assert_eq!(hover(&ws, file, offset), None);
        let (ws, file, offset) = fixture(&[("main.hcl", "resource \"x\" \"y\" {\n  na$0me = 1\n}\n")]);
        assert_eq!(hover(&ws, file, offset), None);
    }

    #[test]
    fn destination_peer_names_the_cluster_and_its_exports() {
        let frontend = with_cursor(FRONTEND, "\"to-c2\"");
        let hover = run(topology_files(&frontend, EXPORTS, GATEWAY));
        let md = &hover.markdown;
        assert!(md.contains("Resolves to cluster **c2** (the manifest maps it for c1)"), "{md}");
        assert!(md.contains("c2 exports to c1:\n- `backend` — `c2/exported-services.hcl:4`"), "{md}");
        assert!(md.contains("- `billing` (namespace `fin`)"), "{md}");
        assert!(md.contains("`backend` is exported to c1."), "{md}");

        let frontend = with_cursor(&FRONTEND.replace("to-c2", "nowhere"), "\"nowhere\"");
        let md = run(topology_files(&frontend, EXPORTS, GATEWAY)).markdown;
        assert!(md.contains("Names **no cluster** of this workspace. Known peers: `c2`, `to-c2`."), "{md}");
    }

    #[test]
    fn upstream_name_says_where_the_service_lives() {
        let frontend = with_cursor(FRONTEND, "\"backend\"");
        let md = run(topology_files(&frontend, EXPORTS, GATEWAY)).markdown;
        assert!(md.contains("Through peer `to-c2` → cluster **c2**, which has it exported to c1."), "{md}");
        assert!(md.contains("Registered in c2: `c2/backend.hcl:1`"), "{md}");

        let frontend = with_cursor(FRONTEND, "\"billing\"");
        let md = run(topology_files(&frontend, EXPORTS, GATEWAY)).markdown;
        assert!(md.contains("Resolves in c1 (no `destination_peer`)."), "{md}");
        assert!(md.contains("**Not registered** in c1."), "{md}");
        assert!(md.contains("Exported to c1 by:\n- c2 (peer `to-c2`) — `c2/exported-services.hcl:5`"), "{md}");
    }

    #[test]
    fn exported_service_lists_importing_upstreams() {
        let exports = with_cursor(EXPORTS, "\"backend\"");
        let md = run(topology_files(FRONTEND, &exports, GATEWAY)).markdown;
        assert!(md.starts_with("**Exported service** `backend` · from c2 (partition `default`)"), "{md}");
        assert!(md.contains("Registered in c2: `c2/backend.hcl:1`"), "{md}");
        assert!(
            md.contains("peer `c1` → c1: imported by upstream `backend` of `frontend` — `c1/frontend.hcl:4`"),
            "{md}"
        );

        let exports = with_cursor(EXPORTS, "\"c1\"");
        let md = run(topology_files(FRONTEND, &exports, GATEWAY)).markdown;
        assert!(md.contains("Resolves to cluster **c1**."), "{md}");
    }

    #[test]
    fn mesh_gateway_lists_dependent_exports() {
        let gateway = with_cursor(GATEWAY, "\"mesh-gateway\"\n  port");
        let md = run(topology_files(FRONTEND, EXPORTS, &gateway)).markdown;
        assert!(md.starts_with("**Mesh gateway `mesh-gateway`** · c2 · partition `default`"), "{md}");
        assert!(md.contains("- exported-services `default` → peers `c1` — `c2/exported-services.hcl:1`"), "{md}");
    }

    #[test]
    fn acl_rules_say_what_they_grant() {
        let policy = "service \"mesh-gateway\" {\n  policy = \"write\"\n}\nservice_prefix \"\" {\n  policy = \"re$0ad\"\n}\nmesh = \"write\"\n";
        let md = hover_at(&[("p.hcl", policy)]).markdown;
        assert!(md.starts_with("**ACL rule** · `service_prefix`\n\nGrants **read** access to every service."), "{md}");
        let policy = "service \"mesh-gateway\" {\n  pol$0icy = \"write\"\n}\n";
        let md = hover_at(&[("p.hcl", policy), ("g.hcl", GATEWAY)]).markdown;
        assert!(md.contains("Grants **write** (and read) access to service `mesh-gateway`."), "{md}");
        assert!(md.contains("Gives mesh gateway `mesh-gateway`"), "{md}");
        // Inside an API policy's Rules string.
        let api = "{\"Name\": \"gw\", \"Rules\": \"mesh = \\\"wr$0ite\\\"\"}";
        let md = hover_at(&[("p.json", api)]).markdown;
        assert!(md.contains("Grants **write** (and read) access to `mesh`."), "{md}");
    }
}
