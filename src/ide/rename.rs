//! Rename a service, a peer name or a cluster across every cluster of the workspace.
//!
//! What "the same service" is comes from the topology: service `S` of cluster `C` is named by its registrations
//! in `C`, the upstreams (anywhere) whose `destination_name` reaches it — without a peer in `C` itself, or
//! through a peer that resolves to `C` —, `C`'s exported-services entries that list it, `C`'s config entries
//! named after it, config entries' intention sources and resolver/router/splitter targets that reach it the same
//! way, and the ACL rules of `C`'s policies on it (in HCL, JSON, and inside a policy's `Rules` string).
//!
//! A peer name is a cluster's local name for another cluster. One the manifest maps (`peers = { "to-c2" = "c2" }`)
//! is renamed in that mapping and wherever the cluster's files use it. One the manifest does not map is the
//! other cluster's own name: renaming it renames that cluster — its `cluster "…"` label, the `peers` values that
//! name it, and every use of its name as a peer in the clusters that do not map that name to something else.
//!
//! Results are edits per file in byte offsets; nothing here knows the protocol.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{FileChange, TextEdit};
use crate::analysis::Analysis;
use crate::model::{EntryBody, FileKind, Str};
use crate::syntax::TextRange;
use crate::workspace::index::names_one_service;
use crate::workspace::manifest::{self, ManifestItem};
use crate::workspace::{ClusterId, FileId, Topology, Workspace};

/// What is renamed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// Service `name` of `cluster`.
    Service { cluster: ClusterId, name: String },
    /// The peer name `name` that `cluster`'s manifest block maps.
    Peer { cluster: ClusterId, name: String },
    /// A cluster (declared in the manifest).
    Cluster(ClusterId),
}

/// The name at the cursor that a rename would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameTarget {
    /// The name itself, without quotes.
    pub range: TextRange,
    pub name: String,
    pub subject: Subject,
}

/// Why a position cannot be renamed, or a new name cannot be used: a message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn error<T>(message: impl Into<String>) -> Result<T, RenameError> {
    Err(RenameError(message.into()))
}

const NOTHING_HERE: &str =
    "nothing to rename here: consul-ls renames service names, peer names and cluster names (place the cursor on one)";

/// The renamable name at `offset`, or why there is none.
pub fn prepare_rename(analysis: &Analysis, file: FileId, offset: u32) -> Result<RenameTarget, RenameError> {
    let topology = analysis.topology();
    let ws = analysis.workspace();
    let Some(source) = ws.files.get(file) else { return error(NOTHING_HERE) };
    let (subject, written) = if source.kind() == FileKind::Manifest {
        manifest_subject(ws, file, offset)?
    } else {
        subject_at(topology, file, offset)?
    };
    let range = inner_range(&source.text, written);
    let name = source.text[range.as_usize()].to_string();
    Ok(RenameTarget { range, name, subject })
}

/// The edits that rename what is at `offset` to `new_name`, per file in path order.
pub fn rename(analysis: &Analysis, file: FileId, offset: u32, new_name: &str) -> Result<Vec<FileChange>, RenameError> {
    let target = prepare_rename(analysis, file, offset)?;
    if new_name == target.name {
        return Ok(Vec::new());
    }
    let topology = analysis.topology();
    let places = match &target.subject {
        Subject::Service { cluster, name } => {
            check_service_name(new_name)?;
            if topology.knows_service(*cluster, new_name) {
                return error(format!(
                    "a service named \"{new_name}\" already exists in {}: renaming \"{name}\" would merge the two",
                    topology.cluster_name(*cluster)
                ));
            }
            service_places(topology, *cluster, name)
        }
        Subject::Peer { cluster, name } => {
            check_peer_name(new_name, "peer")?;
            let ws = topology.workspace();
            if topology.peer_is_mapped(*cluster, new_name) {
                return error(format!("{} already has a peer named \"{new_name}\"", topology.cluster_name(*cluster)));
            }
            if ws.cluster_named(new_name).is_some_and(|c| Some(c) != topology.resolve_peer(*cluster, name)) {
                return error(format!(
                    "\"{new_name}\" is the name of another cluster: as a peer name it would be confused with it"
                ));
            }
            peer_places(topology, *cluster, name)
        }
        Subject::Cluster(cluster) => {
            check_peer_name(new_name, "cluster")?;
            cluster_places(topology, *cluster, new_name)?
        }
    };
    edits(analysis.workspace(), &target.name, new_name, places)
}

/// Service names: what Consul and its DNS interface accept without quoting.
fn check_service_name(name: &str) -> Result<(), RenameError> {
    if name.is_empty() {
        return error("a service name cannot be empty");
    }
    if name == "*" {
        return error("\"*\" is the wildcard, not a service name");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return error(format!(
            "\"{name}\" is not a valid service name: use letters, digits, '-', '_' and '.' (a DNS-compatible name)"
        ));
    }
    Ok(())
}

/// Peer and cluster names: peering names must be valid DNS labels (lowercase letters, digits and '-', starting and
/// ending with a letter or digit, at most 63 characters).
fn check_peer_name(name: &str, what: &str) -> Result<(), RenameError> {
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if valid {
        Ok(())
    } else if name.is_empty() {
        error(format!("a {what} name cannot be empty"))
    } else {
        error(format!(
            "\"{name}\" is not a valid {what} name: Consul peer names are DNS labels (lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-')"
        ))
    }
}

/// The range of the name inside how it is written: without its quotes (`"web"`), or its escaped quotes inside a
/// `Rules` string (`\"web\"`).
pub fn inner_range(text: &str, range: TextRange) -> TextRange {
    let written = text.get(range.as_usize()).unwrap_or("");
    if written.len() >= 4 && written.starts_with("\\\"") && written.ends_with("\\\"") {
        TextRange::new(range.start + 2, range.end - 2)
    } else if written.len() >= 2 && written.starts_with('"') && written.ends_with('"') {
        TextRange::new(range.start + 1, range.end - 1)
    } else {
        range
    }
}

fn touches(s: &Option<Str>, offset: u32) -> bool {
    s.as_ref().is_some_and(|s| s.range.touches(offset))
}

/// What the name at `offset` of a Consul file is, and where it is written.
fn subject_at(topology: Topology<'_>, file: FileId, offset: u32) -> Result<(Subject, TextRange), RenameError> {
    let ws = topology.workspace();
    let model = &ws.file(file).model;
    let Some(c) = ws.cluster_of(file) else {
        return error(
            "this file belongs to no cluster of the workspace (see consul-ls.hcl), so names in it cannot be renamed across clusters",
        );
    };
    let service = |cluster, name: &str| Subject::Service { cluster, name: name.to_string() };
    let through = |peer: Option<&str>, name: &str| -> Result<Subject, RenameError> {
        match peer {
            None => Ok(service(c, name)),
            Some(peer) => match topology.resolve_peer(c, peer) {
                Some(d) => Ok(service(d, name)),
                None => error(format!(
                    "peer \"{peer}\" names no cluster of the workspace, so \"{name}\" cannot be resolved"
                )),
            },
        }
    };
    for s in &model.services {
        for u in &s.upstreams {
            if let Some(n) = u.destination_name.as_ref().filter(|n| n.range.touches(offset)) {
                return Ok((through(u.peer(), u.name())?, n.range));
            }
            if let Some(p) = u.destination_peer.as_ref().filter(|p| p.range.touches(offset)) {
                return Ok((peer_subject(topology, c, &p.text)?, p.range));
            }
        }
        if let Some(n) = s.name.as_ref().filter(|n| n.range.touches(offset)) {
            return Ok((service(c, s.name()), n.range));
        }
    }
    for entry in &model.entries {
        if let EntryBody::ExportedServices(services) = &entry.body {
            for exported in services {
                if exported.name.range.touches(offset) {
                    if exported.name.text == "*" {
                        return error("\"*\" exports every service: it is not a name to rename");
                    }
                    return Ok((service(c, &exported.name.text), exported.name.range));
                }
                for consumer in &exported.consumers {
                    if let Some(p) = consumer.peer.as_ref().filter(|p| p.range.touches(offset)) {
                        return Ok((peer_subject(topology, c, &p.text)?, p.range));
                    }
                }
            }
        }
        for mention in &entry.mentions {
            if let Some(n) = mention.service.as_ref().filter(|n| n.range.touches(offset)) {
                return Ok((through(mention.peer(), mention.name())?, n.range));
            }
            if let Some(p) = mention.peer.as_ref().filter(|p| p.range.touches(offset)) {
                return Ok((peer_subject(topology, c, &p.text)?, p.range));
            }
        }
        if touches(&entry.name, offset) && entry.names_a_service() {
            let name = entry.name.as_ref().map(|n| n.range).unwrap_or_default();
            return Ok((service(c, entry.name()), name));
        }
    }
    for rule in model.policies.iter().flat_map(|p| &p.rules) {
        if let Some(range) = rule.segment_range.filter(|r| r.touches(offset))
            && names_one_service(rule)
        {
            return Ok((service(c, rule.segment.as_deref().unwrap_or("")), range));
        }
    }
    error(NOTHING_HERE)
}

/// A peer name used in cluster `c`: a mapped name is renamed as a peer; an unmapped one is a cluster's name.
fn peer_subject(topology: Topology<'_>, c: ClusterId, peer: &str) -> Result<Subject, RenameError> {
    if peer == "*" {
        return error("\"*\" is not a peer name");
    }
    if topology.peer_is_mapped(c, peer) {
        return Ok(Subject::Peer { cluster: c, name: peer.to_string() });
    }
    match topology.resolve_peer(c, peer) {
        Some(d) => Ok(Subject::Cluster(d)),
        None => error(format!(
            "peer \"{peer}\" names no cluster of the workspace: correct the name (or declare the cluster in consul-ls.hcl) rather than renaming it"
        )),
    }
}

/// In the manifest: a cluster's label, a `peers` key (a peer name) or value (a cluster).
fn manifest_subject(ws: &Workspace, file: FileId, offset: u32) -> Result<(Subject, TextRange), RenameError> {
    let cluster = |name: &str| {
        ws.cluster_named(name).ok_or_else(|| RenameError(format!("\"{name}\" names no cluster of the workspace")))
    };
    for item in manifest::items(&ws.file(file).parse) {
        match item {
            ManifestItem::Cluster { name, label, .. } if label.touches(offset) => {
                return Ok((Subject::Cluster(cluster(&name)?), label));
            }
            ManifestItem::Peer { from, name, key, .. } if key.touches(offset) => {
                return Ok((Subject::Peer { cluster: cluster(&from)?, name }, key));
            }
            ManifestItem::Peer { cluster: to, value, .. } if value.touches(offset) => {
                return Ok((Subject::Cluster(cluster(&to)?), value));
            }
            _ => {}
        }
    }
    error(NOTHING_HERE)
}

/// Where service `name` of `cluster` is written (ranges as written, quotes included).
fn service_places(topology: Topology<'_>, cluster: ClusterId, name: &str) -> Vec<(FileId, TextRange)> {
    let mut out = Vec::new();
    for at in topology.registrations(cluster, name) {
        out.extend(at.service.name.as_ref().map(|n| (at.file, n.range)));
    }
    for (_, at) in topology.upstreams_reaching(cluster, name) {
        out.extend(at.upstream.destination_name.as_ref().map(|n| (at.file(), n.range)));
    }
    for export in topology.exports_naming(cluster, name) {
        out.push((export.file, export.service.name.range));
    }
    for at in topology.entries_named(cluster, name) {
        if at.entry.names_a_service() {
            out.extend(at.entry.name.as_ref().map(|n| (at.file, n.range)));
        }
    }
    for (_, at) in topology.mentions_reaching(cluster, name) {
        out.extend(at.mention.service.as_ref().map(|n| (at.file(), n.range)));
    }
    for at in topology.service_rules(cluster, name) {
        out.extend(at.rule.segment_range.map(|r| (at.file, r)));
    }
    out
}

/// Where the peer name `name` of `cluster` is written: its manifest mapping and its uses in the cluster's files.
fn peer_places(topology: Topology<'_>, cluster: ClusterId, name: &str) -> Vec<(FileId, TextRange)> {
    let mut out = Vec::new();
    let cluster_name = topology.cluster_name(cluster);
    if let Some((file, items)) = topology.manifest_items(cluster) {
        for item in items {
            if let ManifestItem::Peer { from, name: n, key, .. } = item
                && from == cluster_name
                && n == name
            {
                out.push((file, key));
            }
        }
    }
    for at in topology.peer_name_uses(cluster, name) {
        out.extend(at.peer().map(|p| (at.file(), p.range)));
    }
    out
}

/// Where cluster `target`'s name is written: its manifest label, the `peers` values naming it, and its name used
/// as a peer wherever that name is not mapped to something else.
fn cluster_places(
    topology: Topology<'_>,
    target: ClusterId,
    new_name: &str,
) -> Result<Vec<(FileId, TextRange)>, RenameError> {
    let ws = topology.workspace();
    let name = topology.cluster_name(target);
    if ws.cluster_named(new_name).is_some() {
        return error(format!("a cluster named \"{new_name}\" already exists"));
    }
    let Some((manifest_file, items)) = topology.manifest_items(target) else {
        return error(format!(
            "cluster \"{name}\" is named after its folder (no consul-ls.hcl declares it): rename the folder instead"
        ));
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            ManifestItem::Cluster { name: n, label, has_paths, .. } if n == name => {
                if !has_paths {
                    return error(format!(
                        "cluster \"{name}\" has no `paths`, so its folder is the one named \"{name}\": add paths = [\"{name}\"] to its block before renaming it"
                    ));
                }
                out.push((manifest_file, label));
            }
            ManifestItem::Peer { cluster, value, .. } if cluster == name => out.push((manifest_file, value)),
            _ => {}
        }
    }
    for c in ws.cluster_ids() {
        if topology.peer_is_mapped(c, name) {
            continue;
        }
        if topology.peer_is_mapped(c, new_name) {
            return error(format!(
                "{} maps the peer name \"{new_name}\" to another cluster, so its uses of \"{name}\" cannot become \"{new_name}\"",
                topology.cluster_name(c)
            ));
        }
        for at in topology.peer_name_uses(c, name) {
            out.extend(at.peer().map(|p| (at.file(), p.range)));
        }
    }
    Ok(out)
}

/// One edit per place (each place once), grouped by file in path order. A place that does not spell the old
/// name plainly (escapes inside the name) stops the rename rather than being edited blindly.
fn edits(
    ws: &Workspace,
    old: &str,
    new_name: &str,
    places: Vec<(FileId, TextRange)>,
) -> Result<Vec<FileChange>, RenameError> {
    let mut by_file: BTreeMap<PathBuf, Vec<TextEdit>> = BTreeMap::new();
    for (file, written) in places {
        let source = ws.file(file);
        let range = inner_range(&source.text, written);
        if source.text.get(range.as_usize()) != Some(old) {
            let line = source.text[..range.start as usize].matches('\n').count() + 1;
            return error(format!(
                "\"{old}\" is written with escapes in {}:{line}; rename it there by hand first",
                source.path.display()
            ));
        }
        by_file.entry(source.path.clone()).or_default().push(TextEdit { range, new_text: new_name.to_string() });
    }
    Ok(by_file
        .into_iter()
        .map(|(path, mut edits)| {
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            edits.dedup();
            FileChange::Edit { path, edits }
        })
        .collect())
}

#[cfg(test)]
mod tests;
