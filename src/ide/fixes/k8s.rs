//! Quick fixes in Kubernetes YAML: block-style edits (set a nested key, append a list item) that keep the
//! file's indentation, rewrites of one item of a `connect-service-upstreams` annotation (add the `.PEER.peer` or
//! `.NS.ns` label, drop a datacenter), the Helm values switch that registers a mesh gateway, the mesh resource's
//! `peerThroughMeshGateways`, and a service added to a peer's ExportedServices (or that resource created).
//!
//! The ExportedServices edit is [`export_service`]: it takes the exporting cluster, the service and the names
//! the exporter uses for the importing cluster, so the HCL/JSON side of the same fix (another module) can share
//! the call and the hint.

use std::path::PathBuf;

use super::{cluster_dir, free_path, line_end, line_start};
use crate::analysis::Analysis;
use crate::ide::{FileChange, TextEdit};
use crate::model::k8s::annotation::{self, ItemForm};
use crate::model::k8s::helm::get;
use crate::model::{EntryBody, FileKind};
use crate::syntax::yaml::documents;
use crate::syntax::{SourceKind, TextRange, Value, ValueKind};
use crate::workspace::{ClusterId, SourceFile, Workspace};

// ---------------------------------------------------------------------------------------------------------------
// YAML text edits

/// The column (in bytes) of `offset` on its line.
fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// The document of `source` that contains `offset`.
pub fn document_at(source: &SourceFile, offset: u32) -> Option<&Value> {
    documents(&source.parse).iter().find(|d| d.range.touches(offset))
}

/// A block-style mapping (not `{...}` flow style): its entries start on their own lines.
fn is_block_mapping(text: &str, value: &Value) -> bool {
    value.as_object().is_some_and(|entries| {
        entries.first().is_some_and(|e| {
            let start = e.key.range.start as usize;
            text[line_start(text, start)..start].trim().trim_start_matches('-').trim().is_empty()
        })
    })
}

/// Sets `path` (keys below `mapping`) to `value` (YAML text for a scalar, or several lines for a block written
/// at indentation 0, re-indented here). Existing keys are descended into; the first missing one is inserted
/// after the last entry of its mapping, with the keys below it.
pub fn set_path(source: &SourceFile, mapping: &Value, path: &[&str], value: &str) -> Option<TextEdit> {
    let text = &*source.text;
    let (first, rest) = path.split_first()?;
    match get(mapping, first) {
        Some(entry) if rest.is_empty() && is_block_value(value) => {
            if !matches!(entry.value.kind, ValueKind::Null) {
                return None;
            }
            let indent = column(text, entry.key.range.start as usize) + 2;
            let at = line_end(text, entry.key.range.end as usize);
            Some(TextEdit { range: TextRange::empty(at as u32), new_text: reindent(value, indent) })
        }
        Some(entry) if rest.is_empty() => {
            let range = if matches!(entry.value.kind, ValueKind::Null) && entry.value.range.is_empty() {
                TextRange::empty(entry.key.range.end + 1)
            } else {
                entry.value.range
            };
            let sep = if range.start == entry.key.range.end + 1 && !text[range.as_usize()].starts_with(' ') {
                " "
            } else {
                ""
            };
            Some(TextEdit { range, new_text: format!("{sep}{value}") })
        }
        Some(entry) if entry.value.is_object() => {
            if !is_block_mapping(text, &entry.value) {
                return None;
            }
            set_path(source, &entry.value, rest, value)
        }
        Some(entry) if matches!(entry.value.kind, ValueKind::Null) => {
            // `key:` with nothing: the rest goes below it.
            let indent = column(text, entry.key.range.start as usize) + 2;
            let at = line_end(text, entry.key.range.end as usize);
            Some(TextEdit { range: TextRange::empty(at as u32), new_text: block(rest, value, indent) })
        }
        Some(_) => None,
        None => {
            if !is_block_mapping(text, mapping) {
                return None;
            }
            let entries = mapping.as_object()?;
            let indent = column(text, entries.first()?.key.range.start as usize);
            let last = entries.last()?;
            let at = line_end(text, last.range().end as usize);
            Some(TextEdit { range: TextRange::empty(at as u32), new_text: block(path, value, indent) })
        }
    }
}

/// A value written below its key (several lines, or a sequence).
fn is_block_value(value: &str) -> bool {
    value.contains('\n') || value.starts_with("- ")
}

/// `\n  a:\n    b: value` — keys nested from `indent`, the value inline (a scalar) or below (lines).
fn block(keys: &[&str], value: &str, indent: usize) -> String {
    let mut out = String::new();
    for (i, key) in keys.iter().enumerate() {
        let pad = " ".repeat(indent + 2 * i);
        if i + 1 == keys.len() {
            if is_block_value(value) {
                out.push_str(&format!("\n{pad}{key}:"));
                out.push_str(&reindent(value, indent + 2 * i + 2));
            } else {
                out.push_str(&format!("\n{pad}{key}: {value}"));
            }
        } else {
            out.push_str(&format!("\n{pad}{key}:"));
        }
    }
    out
}

/// Each line of `lines` on a new line, indented by `indent` more.
fn reindent(lines: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    lines.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("\n{pad}{l}") }).collect()
}

/// Appends an item (YAML lines written at indentation 0, without the `- `) to a block sequence.
pub fn append_item(source: &SourceFile, sequence: &Value, item: &str) -> Option<TextEdit> {
    let text = &*source.text;
    let items = sequence.as_list()?;
    let last = items.last()?;
    let first = items.first()?;
    // The dash of the first item: on the item's line, before it.
    let start = first.range.start as usize;
    let line = line_start(text, start);
    let dash = text[line..start].rfind('-')? + line;
    if !text[line..dash].trim().is_empty() {
        return None;
    }
    let indent = dash - line;
    let pad = " ".repeat(indent);
    let mut new_text = String::new();
    for (i, l) in item.lines().enumerate() {
        if i == 0 {
            new_text.push_str(&format!("\n{pad}- {l}"));
        } else {
            new_text.push_str(&format!("\n{pad}  {l}"));
        }
    }
    let at = line_end(text, last.range.end as usize);
    Some(TextEdit { range: TextRange::empty(at as u32), new_text })
}

/// A scalar as YAML writes it: plain when it stays a string of the same text, else double-quoted.
pub fn yaml_scalar(text: &str) -> String {
    let plain_ok = !text.is_empty()
        && matches!(crate::syntax::parse(&format!("k: {text}\n"), SourceKind::Yaml).root.as_list(), Some([doc])
            if doc.as_object().and_then(|o| o.first()).and_then(|e| e.value.as_str()) == Some(text));
    if plain_ok { text.to_string() } else { serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\"")) }
}

// ---------------------------------------------------------------------------------------------------------------
// Annotation items

/// The upstream annotation item at `item` (a file range inside the annotation's string), with its raw text,
/// when the text is written without escapes (so offsets in the item are offsets in the file).
fn annotation_item(source: &SourceFile, item: TextRange) -> Option<(String, annotation::UpstreamItem)> {
    let raw = source.text.get(item.as_usize())?.to_string();
    let k8s = source.model.k8s.as_deref()?;
    let mode = k8s.context.install.namespaces;
    let mut items = annotation::parse(&raw, mode, None);
    if items.len() != 1 || items[0].text != raw {
        return None;
    }
    Some((raw, items.remove(0)))
}

/// Whether `range` lies inside a workload's upstream annotation.
pub fn in_annotation(source: &SourceFile, range: TextRange) -> bool {
    source.model.k8s.as_deref().is_some_and(|k| {
        k.workloads.iter().filter_map(|w| w.upstreams).any(|a| a.start <= range.start && range.end <= a.end)
    })
}

/// Adds the peer (`key` = `destination_peer`) or namespace (`destination_namespace`) label to the item at
/// `item`: `backend.svc:9090` → `backend.svc.dc2.peer:9090`; an unlabeled item is rewritten in the labeled form.
pub fn annotation_insert(source: &SourceFile, item: TextRange, key: &str, value: &str) -> Option<(String, TextEdit)> {
    let (raw, parsed) = annotation_item(source, item)?;
    let service = parsed.service.as_ref()?;
    let namespaces = source.model.k8s.as_deref()?.context.install.namespaces.unwrap_or(false);
    let first_end = raw.find(':')?;
    match key {
        "destination_peer" => {
            if parsed.partition.is_some() || parsed.form == Some(ItemForm::PreparedQuery) {
                return None;
            }
            let ns = parsed.namespace.as_ref().map(|n| n.value.text.clone());
            let ns_label = match (ns, namespaces) {
                (Some(ns), _) => format!(".{ns}.ns"),
                (None, true) => ".default.ns".to_string(),
                (None, false) => String::new(),
            };
            // The port and what follows, without an unlabeled datacenter (a peer takes its place).
            let rest = &raw[first_end..];
            let rest = match (parsed.form, parsed.datacenter.as_ref()) {
                (Some(ItemForm::Unlabeled), Some(_)) => {
                    let port = parsed.port.as_ref()?;
                    format!(":{}", port.text)
                }
                _ => rest.to_string(),
            };
            if parsed.form == Some(ItemForm::Labeled)
                && parsed.datacenter.as_ref().is_some_and(|d| d.segment.end <= first_end)
            {
                return None;
            }
            let new = format!("{}.svc{ns_label}.{value}.peer{rest}", service.text);
            Some((format!("Use peer \"{value}\": {new}"), TextEdit { range: item, new_text: new }))
        }
        "destination_namespace" => {
            if parsed.form != Some(ItemForm::Labeled) || parsed.namespace.is_some() {
                return None;
            }
            let at = service.range.end + ".svc".len();
            if raw.get(service.range.end..at) != Some(".svc") {
                return None;
            }
            let insert = format!(".{value}.ns");
            let mut new = raw.clone();
            new.insert_str(at, &insert);
            Some((format!("Use namespace \"{value}\": {new}"), TextEdit { range: item, new_text: new }))
        }
        _ => None,
    }
}

/// Removes a datacenter (`dc2.dc` label or `dc=dc2` option) from the annotation item containing `segment`.
pub fn annotation_remove(source: &SourceFile, segment: TextRange) -> Option<(String, TextEdit)> {
    let upstream = source
        .model
        .services
        .iter()
        .flat_map(|s| &s.upstreams)
        .find(|u| u.range.start <= segment.start && segment.end <= u.range.end)?;
    let item = upstream.range;
    let (raw, parsed) = annotation_item(source, item)?;
    let dc = parsed.datacenter.as_ref()?;
    let (start, end) = (dc.segment.start, dc.segment.end);
    let first_end = raw.find(':')?;
    let new = if end <= first_end {
        // A label: `svc.dc2.dc` → drop `.dc2.dc`.
        format!("{}{}", &raw[..start.checked_sub(1)?], &raw[end..])
    } else {
        // An option: drop it with its separator, and the `:` when it was the only one.
        let before = &raw[..start];
        let after = &raw[end..];
        if let Some(b) = before.strip_suffix(['&', ';']) {
            format!("{b}{after}")
        } else if let Some(a) = after.strip_prefix(['&', ';']) {
            format!("{before}{a}")
        } else {
            let b = before.trim_end_matches('?');
            let b = b.strip_suffix(':').unwrap_or(b);
            format!("{b}{after}")
        }
    };
    Some((format!("Remove the datacenter: {new}"), TextEdit { range: item, new_text: new }))
}

// ---------------------------------------------------------------------------------------------------------------
// Cluster-level fixes

/// The first file (in path order) of `cluster` with Consul Helm chart values, and its first values document.
fn helm_values(ws: &Workspace, cluster: ClusterId) -> Option<(&SourceFile, &Value)> {
    let c = ws.cluster(cluster);
    c.files.iter().map(|&f| ws.file(f)).find_map(|file| {
        let k8s = file.model.k8s.as_deref()?;
        let docs = documents(&file.parse);
        k8s.documents
            .iter()
            .zip(docs)
            .find(|(d, _)| d.kind == crate::model::k8s::K8sDocKind::HelmValues)
            .map(|(_, doc)| (file, doc))
    })
}

/// Registers a mesh gateway through the cluster's Helm values: `meshGateway.enabled: true`.
pub fn helm_mesh_gateway(analysis: &Analysis, cluster: ClusterId) -> Option<(String, Vec<FileChange>)> {
    let ws = analysis.workspace();
    let (file, doc) = helm_values(ws, cluster)?;
    let edit = set_path(file, doc, &["meshGateway", "enabled"], "true")?;
    Some((
        format!("Enable the mesh gateway in {}'s Helm values (meshGateway.enabled: true)", ws.cluster(cluster).name),
        vec![FileChange::Edit { path: file.path.clone(), edits: vec![edit] }],
    ))
}

/// Whether the cluster is installed on Kubernetes (it has Helm values or consul-k8s resources).
pub fn is_kubernetes(ws: &Workspace, cluster: ClusterId) -> bool {
    ws.cluster(cluster).files.iter().any(|&f| ws.file(f).kind() == FileKind::Kubernetes)
}

const MESH: &str = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh\nspec:\n  peering:\n    peerThroughMeshGateways: true\n";

/// `spec.peering.peerThroughMeshGateways: true` in the cluster's Mesh resource, or a new `mesh.yaml`.
pub fn mesh_peering(analysis: &Analysis, cluster: ClusterId) -> Option<(String, Vec<FileChange>)> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    if let Some(at) = topology.mesh_entries(cluster).first() {
        let source = ws.file(at.file);
        if source.source_kind() != SourceKind::Yaml {
            return None;
        }
        let EntryBody::Mesh { .. } = &at.entry.body else { return None };
        let doc = document_at(source, at.entry.range.start)?;
        let edit = set_path(source, doc, &["spec", "peering", "peerThroughMeshGateways"], "true")?;
        let title = "Set spec.peering.peerThroughMeshGateways: true in the Mesh resource".to_string();
        return Some((title, vec![FileChange::Edit { path: source.path.clone(), edits: vec![edit] }]));
    }
    if !is_kubernetes(ws, cluster) {
        return None;
    }
    let dir = cluster_dir(ws, cluster)?;
    let path = free_path(ws, &dir, "mesh", "yaml");
    Some((
        format!("Create a Mesh resource for {} with peerThroughMeshGateways", ws.cluster(cluster).name),
        vec![FileChange::Create { path, text: MESH.to_string() }],
    ))
}

/// Exports `service` from cluster `exporter` to the peers named `peers` (the exporter's names for the importing
/// cluster): adds a consumer to the service's entry in the exporter's ExportedServices resource, or the service,
/// or creates the resource. `None` when the exporter's exported-services entry is not a Kubernetes resource
/// (the HCL/JSON side is another fix's business). One fix per peer name.
/// Whether a `service-not-exported` fix for `exporter` goes into Kubernetes YAML: its first exported-services
/// entry is an `ExportedServices` resource, or it has none and runs on Kubernetes.
pub fn exports_in_yaml(analysis: &Analysis, exporter: ClusterId) -> bool {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    match topology.exported_services_entries(exporter).first() {
        Some(at) => ws.file(at.file).source_kind() == crate::syntax::SourceKind::Yaml,
        None => topology.is_kubernetes(exporter),
    }
}

pub fn export_service(
    analysis: &Analysis,
    exporter: ClusterId,
    service: &str,
    namespace: Option<&str>,
    peers: &[String],
) -> Vec<(String, Vec<FileChange>)> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    let cluster_name = &ws.cluster(exporter).name;
    let entries = topology.exported_services_entries(exporter);
    let mut out = Vec::new();
    for peer in peers {
        let consumer = format!("peer: {}", yaml_scalar(peer));
        let title = format!("Export \"{service}\" from {cluster_name} to peer \"{peer}\"");
        let Some(at) = entries.first() else {
            if !is_kubernetes(ws, exporter) {
                continue;
            }
            let Some(dir) = cluster_dir(ws, exporter) else { continue };
            let path: PathBuf = free_path(ws, &dir, "exported-services", "yaml");
            let partition = ws.install(exporter).partition.to_string();
            let ns = namespace.map(|n| format!("\n      namespace: {}", yaml_scalar(n))).unwrap_or_default();
            let text = format!(
                "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ExportedServices\nmetadata:\n  name: {}\nspec:\n  services:\n    - name: {}{ns}\n      consumers:\n        - {consumer}\n",
                yaml_scalar(&partition),
                yaml_scalar(service)
            );
            out.push((title, vec![FileChange::Create { path, text }]));
            continue;
        };
        let source = ws.file(at.file);
        if source.source_kind() != SourceKind::Yaml {
            continue;
        }
        let Some(doc) = document_at(source, at.entry.range.start) else { continue };
        let Some(spec) = get(doc, "spec").map(|e| &e.value) else { continue };
        let services = get(spec, "services").map(|e| &e.value);
        let existing = services.and_then(Value::as_list).and_then(|items| {
            items.iter().find(|i| {
                get(i, "name").and_then(|n| n.value.as_str()) == Some(service)
                    && get(i, "namespace").and_then(|n| n.value.as_str()) == namespace
            })
        });
        let edit = match (existing, services) {
            (Some(item), _) => match get(item, "consumers") {
                Some(c) if c.value.as_list().is_some_and(|l| !l.is_empty()) => append_item(source, &c.value, &consumer),
                _ => set_path(source, item, &["consumers"], &format!("- {consumer}")),
            },
            (None, Some(list)) if list.as_list().is_some_and(|l| !l.is_empty()) => {
                let ns = namespace.map(|n| format!("\nnamespace: {}", yaml_scalar(n))).unwrap_or_default();
                let item = format!("name: {}{ns}\nconsumers:\n  - {consumer}", yaml_scalar(service));
                append_item(source, list, &item)
            }
            (None, _) => {
                let ns = namespace.map(|n| format!("\n  namespace: {}", yaml_scalar(n))).unwrap_or_default();
                let item = format!("- name: {}{ns}\n  consumers:\n    - {consumer}", yaml_scalar(service));
                set_path(source, spec, &["services"], &item)
            }
        };
        if let Some(edit) = edit {
            out.push((title, vec![FileChange::Edit { path: source.path.clone(), edits: vec![edit] }]));
        }
    }
    out
}
