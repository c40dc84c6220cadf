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
    if source.kind() == crate::model::FileKind::Manifest
        && let Some(hover) = resolved.manifest(offset)
    {
        return Some(hover);
    }
    resolved
        .at(offset)
        .or_else(|| resolved.mode(offset))
        .or_else(|| resolved.acl_rule(offset))
        .or_else(|| schema_hover(ws, file, offset))
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
            } else if let Some(name) = service.name.as_ref().filter(|n| n.range.touches(offset)) {
                return Some(Hover { range: name.range, markdown: self.registration(service) });
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

    /// A service registration: who it is exported to, who imports it.
    fn registration(&self, service: &Service) -> String {
        let name = service.name();
        let mut out = format!("**Service `{name}`**");
        let Some(c) = self.cluster else { return out + "\n\n" + &self.no_cluster() };
        let _ = write!(out, " · {} · partition `{}`", self.name(c), service.partition);
        // Who it is exported to: each consumer peer of the exports that list it (or `*`).
        let mut exported_to: Vec<String> = Vec::new();
        let mut export_lines: Vec<String> = Vec::new();
        for export in self.topology.exports_of(c, name) {
            for consumer in &export.service.consumers {
                let Some(peer) = consumer.named_peer() else { continue };
                let target = self.topology.resolve_peer(c, &peer.text);
                let cluster =
                    target.map_or_else(|| format!("`{}` (no cluster)", peer.text), |d| self.name(d).to_string());
                if !exported_to.contains(&cluster) {
                    exported_to.push(cluster.clone());
                }
                let via = if export.service.name.text == "*" { " (through `*`)" } else { "" };
                export_lines.push(format!(
                    "- to {cluster} (peer `{}`){via} — {}",
                    peer.text,
                    place(self.ws, export.file, peer.range)
                ));
            }
        }
        let importers = self.topology.upstreams_reaching(c, name);
        let mut imported_by: Vec<String> = Vec::new();
        let mut import_lines: Vec<String> = Vec::new();
        for (d, at) in &importers {
            let u = at.upstream;
            if !imported_by.iter().any(|n| n == u.downstream.as_str()) {
                imported_by.push(u.downstream.to_string());
            }
            let how = match u.peer() {
                Some(peer) => format!("in {} through peer `{peer}`", self.name(*d)),
                None => format!("in {}", self.name(*d)),
            };
            let range = u.destination_name.as_ref().map_or(u.range, |n| n.range);
            import_lines.push(format!("- `{}` {how} — {}", u.downstream, place(self.ws, at.file(), range)));
        }
        let exported = if exported_to.is_empty() {
            "Not exported to a peer".to_string()
        } else {
            format!("Exported to {}", exported_to.join(", "))
        };
        let imported = if imported_by.is_empty() {
            "no upstream imports it".to_string()
        } else {
            format!("imported by {}", imported_by.join(", "))
        };
        let _ = write!(out, "\n\n{exported} · {imported}");
        if !export_lines.is_empty() {
            let _ = write!(out, "\n\nExports:\n{}", export_lines.join("\n"));
        }
        if !import_lines.is_empty() {
            let _ = write!(out, "\n\nUpstreams:\n{}", import_lines.join("\n"));
        }
        out
    }

    /// A mesh gateway `mode` setting: which peered upstreams it decides for, and what it means for them.
    fn mode(&self, offset: u32) -> Option<Hover> {
        let model = &self.ws.file(self.file).model;
        let upstream_modes = model.services.iter().flat_map(|s| s.upstreams.iter().filter_map(|u| u.mode()));
        let proxy_modes = model.services.iter().filter_map(|s| s.proxy_mode.as_ref());
        let entry_modes = model.entries.iter().filter_map(|e| match &e.body {
            EntryBody::ProxyDefaults { mode } | EntryBody::ServiceDefaults { mode } => mode.as_ref(),
            _ => None,
        });
        let setting = upstream_modes.chain(proxy_modes).chain(entry_modes).find(|m| m.range.touches(offset))?;
        let c = self.cluster?;
        let docs = schema_hover(self.ws, self.file, offset);
        let mut out = match &docs {
            Some(docs) => format!("{}\n\n---\n\n", docs.markdown),
            None => String::new(),
        };
        let mode = if setting.mode.is_empty() { "\"\" (inherit)" } else { setting.mode.as_str() };
        let _ = write!(out, "**Mesh gateway mode `{mode}`**");
        let applies: Vec<String> = self
            .topology
            .peered_upstreams(c)
            .into_iter()
            .filter(|at| {
                self.topology.effective_mode(c, *at).is_some_and(|(f, m)| f == self.file && m.range == setting.range)
            })
            .map(|at| {
                let u = at.upstream;
                let range = u.destination_name.as_ref().map_or(u.range, |n| n.range);
                format!(
                    "- `{}` (peer `{}`) of `{}` — {}",
                    u.name(),
                    u.peer().unwrap_or(""),
                    u.downstream,
                    place(self.ws, at.file(), range)
                )
            })
            .collect();
        if applies.is_empty() {
            let _ = write!(
                out,
                "\n\nDecides for no peered upstream of {} (none here, or each sets its own mode closer to it).",
                self.name(c)
            );
        } else {
            let _ = write!(out, "\n\nDecides for the peered upstreams:\n{}", applies.join("\n"));
            let gateways = self.topology.gateway_partitions(c);
            let meaning = match setting.mode.as_str() {
                "local" if gateways.is_empty() => {
                    format!("They leave through a mesh gateway of {}, and it registers **none**.", self.name(c))
                }
                "local" => format!(
                    "They leave through a mesh gateway of {} (partitions {}).",
                    self.name(c),
                    gateways.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                ),
                "remote" => "They go straight to the peer cluster's mesh gateway.".to_string(),
                "none" => "No mesh gateway is used for them; peered traffic needs one.".to_string(),
                _ => String::new(),
            };
            if !meaning.is_empty() {
                let _ = write!(out, "\n\n{meaning}");
            }
        }
        Some(Hover { range: setting.range, markdown: out })
    }

    /// The manifest: a cluster's label, a `peers` mapping.
    fn manifest(&self, offset: u32) -> Option<Hover> {
        use crate::workspace::manifest::{ManifestItem, items};
        for item in items(&self.ws.file(self.file).parse) {
            match item {
                ManifestItem::Cluster { name, label, .. } if label.touches(offset) => {
                    let c = self.ws.cluster_named(&name)?;
                    return Some(Hover { range: label, markdown: self.cluster(c) });
                }
                ManifestItem::Peer { from, name, key, value, .. } if key.touches(offset) || value.touches(offset) => {
                    let c = self.ws.cluster_named(&from)?;
                    let range = if key.touches(offset) { key } else { value };
                    return Some(Hover { range, markdown: self.peer_mapping(c, &name) });
                }
                _ => {}
            }
        }
        None
    }

    fn cluster(&self, c: ClusterId) -> String {
        let cluster = self.ws.cluster(c);
        let index = self.ws.cluster_index(c);
        let n_services: usize = index.services.values().map(|b| b.len()).sum();
        let mut out = format!(
            "**Cluster `{}`** · {} · {}",
            cluster.name,
            plural(cluster.files.len(), "file"),
            plural(n_services, "service registration")
        );
        let peers: Vec<String> = self
            .topology
            .known_peers(c)
            .iter()
            .filter_map(|p| {
                let d = self.topology.resolve_peer(c, p)?;
                let how = if self.topology.peer_is_mapped(c, p) { "" } else { " (by name)" };
                Some(format!("`{p}` → {}{how}", self.name(d)))
            })
            .collect();
        if !peers.is_empty() {
            let _ = write!(out, "\n\nPeers: {}", peers.join(", "));
        }
        let exports: Vec<String> = self
            .ws
            .cluster_ids()
            .filter(|&d| d != c)
            .filter_map(|d| {
                let n = self.topology.exports_to(c, d, None).len();
                (n > 0).then(|| format!("{} to {}", plural(n, "service"), self.name(d)))
            })
            .collect();
        let _ = write!(
            out,
            "\n\nExports: {}",
            if exports.is_empty() { "nothing to a peer".to_string() } else { exports.join(", ") }
        );
        let gateways = self.topology.gateway_partitions(c);
        let _ = write!(
            out,
            "\n\nMesh gateways: {}",
            if gateways.is_empty() {
                "none registered".to_string()
            } else {
                gateways.iter().map(|p| format!("partition `{p}`")).collect::<Vec<_>>().join(", ")
            }
        );
        let _ = write!(out, " · ACLs {}", if self.topology.acl_enabled(c) { "enabled" } else { "not enabled" });
        out
    }

    fn peer_mapping(&self, c: ClusterId, peer: &str) -> String {
        let mut out = format!("**Peer `{peer}`** of {}", self.name(c));
        let Some(d) = self.topology.resolve_peer(c, peer) else {
            return out + "\n\nNames **no cluster** of this workspace.";
        };
        let uses = self.topology.peer_name_uses(c, peer).len();
        let _ = write!(
            out,
            " → cluster **{}** · used {} in {}'s files\n\n{}",
            self.name(d),
            plural(uses, "time"),
            self.name(c),
            self.export_list(d, c)
        );
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

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
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
    use crate::ide::testing;

    /// The hover at `$0`: the hovered text, then the whole markdown.
    fn check(fixture: &str) -> String {
        let (analysis, file, offset) = testing::analysis(fixture);
        match hover(&analysis, file, offset) {
            Some(hover) => format!("{}\n\n{}", testing::show_range(&analysis, file, hover.range), hover.markdown),
            None => "(no hover)".to_string(),
        }
    }

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
  port = 8080
  connect { sidecar_service { proxy { upstreams = [
    { destination_name = "backend", destination_peer = "to-c2", local_bind_port = 9000 },
    { destination_name = "billing", local_bind_port = 9001 },
  ] } } }
}
//- c1/proxy-defaults.hcl
Kind = "proxy-defaults"
Name = "global"
MeshGateway {
  Mode = "local"
}
//- c2/exported-services.hcl
Kind = "exported-services"
Name = "default"
Services = [
  { Name = "backend", Consumers = [{ Peer = "c1" }] },
  { Name = "billing", Namespace = "fin", Consumers = [{ Peer = "c1" }] }
]
//- c2/backend.hcl
service {
  name = "backend"
  port = 9090
}
//- c2/gateway.hcl
service {
  name = "mesh-gateway"
  kind = "mesh-gateway"
  port = 8443
}
"#;

    /// The estate with `$0` after the first character of the first `needle` in `path`.
    fn at(path: &str, needle: &str) -> String {
        let marker = format!("//- {path}\n");
        let start = ESTATE.find(&marker).unwrap_or_else(|| panic!("no {path}")) + marker.len();
        let found = start + ESTATE[start..].find(needle).unwrap_or_else(|| panic!("{needle} not in {path}")) + 1;
        format!("{}$0{}", &ESTATE[..found], &ESTATE[found..])
    }

    #[test]
    fn key_documentation_from_the_schema() {
        let cases = [
            check(
                "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [{ destination_name = \"x\", destination_p$0eer = \"p\" }] } } }\n}\n",
            ),
            check("Kind = \"proxy-defaults\"\nName = \"global\"\nMeshGateway {\n  Mo$0de = \"local\"\n}\n"),
            check(
                "//- a.json\n{\"service\": {\"name\": \"x\", \"connect\": {\"sidecar_service\": {\"proxy\": {\"upstreams\": [{\"destination_name\": \"y\", \"destination_ty$0pe\": \"service\"}]}}}}}",
            ),
            check("Kind$0 = \"mesh\"\n"),
        ];
        insta::assert_snapshot!(cases.join("\n\n=====\n\n"));
    }

    #[test]
    fn no_hover_on_whitespace_or_unknown_keys_or_foreign_files() {
        assert_eq!(check("service {\n  name = \"web\"\n $0\n  bogus = 1\n}\n"), "(no hover)");
        assert_eq!(check("service {\n  name = \"web\"\n  port = 1\n  bo$0gus = 1\n}\n"), "(no hover)");
        assert_eq!(check("//- main.hcl\nresource \"x\" \"y\" {\n  na$0me = 1\n}\n"), "(no hover)");
    }

    #[test]
    fn destination_peer_names_the_cluster_and_its_exports() {
        insta::assert_snapshot!(check(&at("c1/frontend.hcl", "\"to-c2\"")));
        insta::assert_snapshot!(check(
            &at("c1/frontend.hcl", "\"to-c2\"").replace("to-c2\", local", "nowhere\", local")
        ));
    }

    #[test]
    fn upstream_name_says_where_the_service_lives() {
        insta::assert_snapshot!(check(&at("c1/frontend.hcl", "\"backend\"")));
        insta::assert_snapshot!(check(&at("c1/frontend.hcl", "\"billing\"")));
    }

    #[test]
    fn exported_service_lists_importing_upstreams() {
        insta::assert_snapshot!(check(&at("c2/exported-services.hcl", "\"backend\"")));
        insta::assert_snapshot!(check(&at("c2/exported-services.hcl", "\"c1\"")));
    }

    #[test]
    fn service_registration_says_who_exports_and_imports_it() {
        insta::assert_snapshot!(check(&at("c2/backend.hcl", "\"backend\"")));
        insta::assert_snapshot!(check(&at("c1/frontend.hcl", "\"frontend\"")));
    }

    #[test]
    fn mesh_gateway_lists_dependent_exports() {
        insta::assert_snapshot!(check(&at("c2/gateway.hcl", "\"mesh-gateway\"\n  port")));
    }

    #[test]
    fn gateway_mode_lists_the_peered_upstreams_it_decides_for() {
        insta::assert_snapshot!(check(&at("c1/proxy-defaults.hcl", "Mode")));
        // An upstream's own mode wins over proxy-defaults: the proxy-defaults mode then decides for nothing.
        let own = at("c1/proxy-defaults.hcl", "Mode").replace(
            "destination_peer = \"to-c2\", local_bind_port = 9000",
            "destination_peer = \"to-c2\", local_bind_port = 9000, mesh_gateway { mode = \"remote\" }",
        );
        insta::assert_snapshot!(check(&own));
    }

    #[test]
    fn manifest_clusters_and_peer_mappings() {
        insta::assert_snapshot!(check(&at("consul-ls.hcl", "\"c1\"")));
        insta::assert_snapshot!(check(&at("consul-ls.hcl", "\"to-c2\"")));
    }

    #[test]
    fn acl_rules_say_what_they_grant() {
        let gateway = "//- g.hcl\nservice {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n";
        let cases = [
            check(
                "//- p.hcl\nservice \"mesh-gateway\" {\n  policy = \"write\"\n}\nservice_prefix \"\" {\n  policy = \"re$0ad\"\n}\nmesh = \"write\"\n",
            ),
            check(&format!("//- p.hcl\nservice \"mesh-gateway\" {{\n  pol$0icy = \"write\"\n}}\n{gateway}")),
            check("//- p.json\n{\"Name\": \"gw\", \"Rules\": \"mesh = \\\"wr$0ite\\\"\"}"),
        ];
        insta::assert_snapshot!(cases.join("\n\n=====\n\n"));
    }
}
