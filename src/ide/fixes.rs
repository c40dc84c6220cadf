//! Quick fixes: turn a diagnostic's [`FixHint`] into edits that are correct in HCL and JSON (commas,
//! indentation, the file's key casing) and that re-analyse clean.

use std::path::{Path, PathBuf};

use super::{FileChange, Fix, TextEdit};
use crate::analysis::Analysis;
use crate::model::{EntryBody, FileKind, RulesSource};
use crate::rules::{AclNeed, Diagnostic, FixHint};
use crate::schema::{to_pascal, to_snake};
use crate::syntax::{SourceKind, TextRange, Value, ValueKind};
use crate::workspace::{ClusterId, FileId, SourceFile, Workspace};

/// Every fix for the diagnostics of file `file` whose range intersects `range`.
pub fn fixes(analysis: &Analysis, file: FileId, range: TextRange) -> Vec<Fix> {
    analysis
        .diagnostics(file)
        .iter()
        .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
        .flat_map(|d| fixes_for(analysis, file, d))
        .collect()
}

/// The fixes for one diagnostic of file `file` (one per candidate where there are several).
pub fn fixes_for(analysis: &Analysis, file: FileId, diagnostic: &Diagnostic) -> Vec<Fix> {
    let ws = analysis.workspace();
    let Some(hint) = &diagnostic.fix else { return Vec::new() };
    let Some(source) = ws.files.get(file) else { return Vec::new() };
    let fix = |title: String, changes: Vec<FileChange>| Fix {
        title,
        code: diagnostic.code,
        diagnostic_range: diagnostic.range,
        changes,
    };
    let edit = |edits: Vec<TextEdit>| vec![FileChange::Edit { path: source.path.clone(), edits }];
    match hint {
        FixHint::RenameKey { to } => {
            let new_text = requote(source, diagnostic.range, to);
            vec![fix(format!("Rename to \"{to}\""), edit(vec![TextEdit { range: diagnostic.range, new_text }]))]
        }
        FixHint::ReplaceValue { with } => {
            vec![fix(
                format!("Replace with \"{with}\""),
                edit(vec![TextEdit { range: diagnostic.range, new_text: requote(source, diagnostic.range, with) }]),
            )]
        }
        FixHint::ReplaceValueOneOf { values } => values
            .iter()
            .map(|with| {
                fix(
                    format!("Replace with \"{with}\""),
                    edit(vec![TextEdit { range: diagnostic.range, new_text: requote(source, diagnostic.range, with) }]),
                )
            })
            .collect(),
        FixHint::ReplaceLiteral { with } => {
            let title = if with.starts_with('"') {
                format!("Replace with {with}")
            } else {
                format!("Write {with} without quotes")
            };
            vec![fix(title, edit(vec![TextEdit { range: diagnostic.range, new_text: with.clone() }]))]
        }
        FixHint::InsertLiteral { object, key, literal } => {
            let shown_key = key_for(source, *object, key);
            insert_field(source, *object, &shown_key, &Literal::Raw(literal.clone()))
                .map(|edit_| fix(format!("Add {shown_key} = {literal}"), edit(vec![edit_])))
                .into_iter()
                .collect()
        }
        FixHint::RemoveEntry { entry } if k8s::in_annotation(source, *entry) => {
            k8s::annotation_remove(source, *entry).map(|(title, e)| fix(title, edit(vec![e]))).into_iter().collect()
        }
        FixHint::RemoveEntry { entry } => {
            let key = source
                .text
                .get(entry.as_usize())
                .and_then(|t| t.split(['=', ':', ' ']).next())
                .unwrap_or("")
                .trim_matches('"');
            vec![fix(format!("Remove {key}"), edit(vec![remove_entry(source, *entry)]))]
        }
        FixHint::InsertField { object, key, values } if k8s::in_annotation(source, *object) => values
            .iter()
            .filter_map(|value| k8s::annotation_insert(source, *object, key, value))
            .map(|(title, e)| fix(title, edit(vec![e])))
            .collect(),
        FixHint::InsertField { object, key, values } => values
            .iter()
            .filter_map(|value| {
                let shown_key = key_for(source, *object, key);
                let edit_ = insert_field(source, *object, &shown_key, &Literal::Str(value.clone()))?;
                Some(fix(format!("Set {shown_key} = \"{value}\""), edit(vec![edit_])))
            })
            .collect(),
        FixHint::CreateMeshGateway { cluster, partition }
            if k8s::is_kubernetes(ws, *cluster) && *partition == ws.install(*cluster).partition =>
        {
            k8s::helm_mesh_gateway(analysis, *cluster)
                .or_else(|| {
                    let changes = create_mesh_gateway(analysis, *cluster, partition)?;
                    let title =
                        format!("Register a mesh gateway in {} (partition \"{partition}\")", ws.cluster(*cluster).name);
                    Some((title, changes))
                })
                .map(|(title, changes)| fix(title, changes))
                .into_iter()
                .collect()
        }
        FixHint::CreateMeshGateway { cluster, partition } => create_mesh_gateway(analysis, *cluster, partition)
            .map(|changes| {
                fix(
                    format!("Register a mesh gateway in {} (partition \"{partition}\")", ws.cluster(*cluster).name),
                    changes,
                )
            })
            .into_iter()
            .collect(),
        FixHint::MeshPeering { cluster } => k8s::mesh_peering(analysis, *cluster)
            .or_else(|| mesh_peering(analysis, *cluster))
            .map(|(title, changes)| fix(title, changes))
            .into_iter()
            .collect(),
        FixHint::ExportService { exporter, service, namespace, peers } if k8s::exports_in_yaml(analysis, *exporter) => {
            k8s::export_service(analysis, *exporter, service, namespace.as_deref(), peers)
                .into_iter()
                .map(|(title, changes)| fix(title, changes))
                .collect()
        }
        FixHint::ExportService { exporter, service, namespace, peers } => peers
            .iter()
            .filter_map(|peer| export_service(analysis, *exporter, service, namespace.as_deref(), peer))
            .map(|(title, changes)| fix(title, changes))
            .collect(),
        FixHint::CreateGatewayPolicy { cluster, gateway } => {
            let Some(dir) = cluster_dir(ws, *cluster) else { return Vec::new() };
            let path = free_path(ws, &dir, &format!("{gateway}-policy"), "hcl");
            let changes = vec![FileChange::Create { path, text: gateway_policy(gateway) }];
            vec![fix(format!("Create a token policy for mesh gateway \"{gateway}\""), changes)]
        }
        FixHint::AclRule { policy, need } => {
            acl_rule(source, *policy, *need).map(|(title, edits)| fix(title, edit(edits))).into_iter().collect()
        }
    }
}

/// `text` written the way the token at `range` is: `"text"` for a quoted string or key, `\"text\"` inside
/// another string (a policy's `Rules`), bare for an HCL identifier key. In YAML: single quotes stay single
/// quotes, and a plain scalar stays plain unless YAML would read the new text as something else than that
/// string (`true`, `8080`); inside an annotation's string the text goes in as is.
fn requote(source: &SourceFile, range: TextRange, text: &str) -> String {
    let old = source.text.get(range.as_usize()).unwrap_or("");
    if source.source_kind() == SourceKind::Yaml && !k8s::in_annotation(source, range) {
        return if old.starts_with('\'') {
            format!("'{}'", text.replace('\'', "''"))
        } else if old.starts_with('"') {
            quote(text)
        } else {
            k8s::yaml_scalar(text)
        };
    }
    if old.starts_with('"') || old.is_empty() {
        quote(text)
    } else if old.starts_with("\\\"") {
        // Quoted once for the rules document, then escaped again for the string that holds it.
        let escaped = quote(&quote(text));
        escaped[1..escaped.len() - 1].to_string()
    } else {
        text.to_string()
    }
}

/// A JSON/HCL string literal (both accept JSON's escapes for what we write).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

enum Literal {
    Str(String),
    Bool(bool),
    /// Written as is (a number, a quoted string, a one-line object): valid in HCL and JSON alike.
    Raw(String),
    /// A nested block with one field: `Peering { PeerThroughMeshGateways = true }`.
    Block(String, Box<Literal>),
}

impl Literal {
    fn hcl(&self, indent: &str) -> String {
        match self {
            Literal::Str(s) => quote(s),
            Literal::Bool(b) => b.to_string(),
            Literal::Raw(text) => text.clone(),
            Literal::Block(key, inner) => {
                format!("{{\n{indent}  {key} = {}\n{indent}}}", inner.hcl(&format!("{indent}  ")))
            }
        }
    }
    fn json(&self) -> String {
        match self {
            Literal::Str(s) => quote(s),
            Literal::Bool(b) => b.to_string(),
            Literal::Raw(text) => text.clone(),
            Literal::Block(key, inner) => format!("{{{}: {}}}", quote(key), inner.json()),
        }
    }
}

/// How a key is spelled in `object`: agent configs use snake_case; config entries and API payloads use
/// PascalCase unless the object itself is written in lowercase keys.
fn key_for(source: &SourceFile, object: TextRange, snake: &str) -> String {
    if matches!(source.kind(), FileKind::AgentConfig | FileKind::AclRules)
        && !object_is_config_entry_like(source, object)
    {
        return snake.to_string();
    }
    let keys: Vec<&str> = object_value(source, object)
        .and_then(Value::as_object)
        .map(|entries| entries.iter().map(|e| e.key.text.as_str()).collect())
        .unwrap_or_default();
    if keys.iter().any(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
        || keys.is_empty() && source.kind() != FileKind::AgentConfig
    {
        to_pascal(snake)
    } else {
        to_snake(snake)
    }
}

/// An object inside an agent config written in config-entry style (a bootstrap entry).
fn object_is_config_entry_like(source: &SourceFile, object: TextRange) -> bool {
    source.model.entries.iter().any(|e| e.range.start <= object.start && object.end <= e.range.end)
}

fn object_value(source: &SourceFile, object: TextRange) -> Option<&Value> {
    if source.parse.root.range == object {
        return Some(&source.parse.root);
    }
    crate::rules::schema::find_value(&source.parse.root, object)
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text[offset..].find('\n').map_or(text.len(), |i| offset + i)
}

fn indent_at(text: &str, offset: usize) -> String {
    let start = line_start(text, offset);
    text[start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect()
}

/// Adds `key = value` to the object at `object`, after its last entry, matching the object's layout.
fn insert_field(source: &SourceFile, object: TextRange, key: &str, value: &Literal) -> Option<TextEdit> {
    let text = &source.text;
    let obj = object_value(source, object)?;
    let entries = obj.as_object()?;
    let json = source.source_kind() == SourceKind::Json;
    let is_root =
        obj.range == source.parse.root.range && !text[obj.range.as_usize()].trim_start().starts_with('{') && !json;
    if is_root {
        // A file's top level: append at the end.
        let sep = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
        let blank = if text.trim().is_empty() { "" } else { "\n" };
        return Some(TextEdit {
            range: TextRange::empty(text.len() as u32),
            new_text: format!("{sep}{blank}{key} = {}\n", value.hcl("")),
        });
    }
    let body = &text[obj.range.as_usize()];
    let multiline = body.contains('\n');
    let key_text = if json { quote(key) } else { key.to_string() };
    let assign = if json { ": " } else { " = " };
    match entries.last() {
        Some(last) => {
            let last_end = last.range().end as usize;
            if multiline {
                let indent = indent_at(text, last.key.range.start as usize);
                let value_text = if json { value.json() } else { value.hcl(&indent) };
                if json {
                    Some(TextEdit {
                        range: TextRange::empty(last_end as u32),
                        new_text: format!(",\n{indent}{key_text}{assign}{value_text}"),
                    })
                } else {
                    // After the last entry's line, so a trailing comment stays where it was.
                    let at = line_end(text, last_end).min(obj.range.end as usize - 1);
                    let at = if at < last_end { last_end } else { at };
                    let on_brace_line = text[last_end..at].contains('}');
                    let at = if on_brace_line { last_end } else { at };
                    Some(TextEdit {
                        range: TextRange::empty(at as u32),
                        new_text: format!("\n{indent}{key_text}{assign}{value_text}"),
                    })
                }
            } else {
                let uses_commas = json || body.contains(',');
                let sep = if uses_commas { ", " } else { " " };
                let value_text = if json { value.json() } else { value.hcl("") };
                Some(TextEdit {
                    range: TextRange::empty(last_end as u32),
                    new_text: format!("{sep}{key_text}{assign}{value_text}"),
                })
            }
        }
        None => {
            let open = obj.range.start as usize + 1;
            if multiline {
                let indent = format!("{}  ", indent_at(text, obj.range.start as usize));
                let value_text = if json { value.json() } else { value.hcl(&indent) };
                Some(TextEdit {
                    range: TextRange::empty(open as u32),
                    new_text: format!("\n{indent}{key_text}{assign}{value_text}"),
                })
            } else {
                let value_text = if json { value.json() } else { value.hcl("") };
                let close = obj.range.end as usize - 1;
                Some(TextEdit {
                    range: TextRange::new(open as u32, close as u32),
                    new_text: format!(" {key_text}{assign}{value_text} "),
                })
            }
        }
    }
}

/// Deletes an entry: its whole line when it stands alone on it, else the entry and one adjacent comma.
fn remove_entry(source: &SourceFile, entry: TextRange) -> TextEdit {
    let text = &source.text;
    let (start, end) = (entry.start as usize, entry.end as usize);
    let ls = line_start(text, start);
    let le = line_end(text, end);
    let before = &text[ls..start];
    let after = text[end..le].trim_start_matches([' ', '\t']);
    let after_ok = after.is_empty() || after.starts_with('#') || after.starts_with("//") || after == ",";
    if before.trim().is_empty() && after_ok && !(source.source_kind() == SourceKind::Json && after.is_empty()) {
        let next = (le + 1).min(text.len());
        return TextEdit { range: TextRange::new(ls as u32, next as u32), new_text: String::new() };
    }
    // Inline: remove `entry,` plus following blanks, or `, entry` when it is the last one.
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if let Some(after_comma) = trimmed.strip_prefix(',') {
        let skip = rest.len() - after_comma.trim_start_matches([' ', '\t']).len();
        return TextEdit { range: TextRange::new(entry.start, (end + skip) as u32), new_text: String::new() };
    }
    let head = &text[..start];
    let head_trimmed = head.trim_end_matches([' ', '\t', '\n', '\r']);
    if let Some(without) = head_trimmed.strip_suffix(',') {
        return TextEdit { range: TextRange::new(without.len() as u32, entry.end), new_text: String::new() };
    }
    let skip = rest.len() - trimmed.len();
    TextEdit { range: TextRange::new(entry.start, (end + skip) as u32), new_text: String::new() }
}

/// The folder new files of a cluster go into.
fn cluster_dir(ws: &Workspace, cluster: ClusterId) -> Option<PathBuf> {
    let c = ws.clusters.get(cluster.index())?;
    let is_file = |p: &Path| crate::workspace::discover::is_consul_candidate(p);
    c.dirs
        .iter()
        .find(|d| !is_file(d))
        .cloned()
        .or_else(|| c.files.first().and_then(|&f| ws.file(f).path.parent().map(Path::to_path_buf)))
}

/// `dir/stem.ext`, or `dir/stem-2.ext`... when taken (in the workspace or on disk).
fn free_path(ws: &Workspace, dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let taken = |p: &Path| ws.file_id(p).is_some() || p.exists();
    let first = dir.join(format!("{stem}.{ext}"));
    if !taken(&first) {
        return first;
    }
    (2..).map(|n| dir.join(format!("{stem}-{n}.{ext}"))).find(|p| !taken(p)).unwrap_or(first)
}

fn create_mesh_gateway(analysis: &Analysis, cluster: ClusterId, partition: &str) -> Option<Vec<FileChange>> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    let dir = cluster_dir(ws, cluster)?;
    let stem = if partition == crate::model::DEFAULT {
        "mesh-gateway".to_string()
    } else {
        format!("mesh-gateway-{partition}")
    };
    let path = free_path(ws, &dir, &stem, "hcl");
    let partition_line = if partition == crate::model::DEFAULT {
        String::new()
    } else {
        format!("  partition = {}\n", quote(partition))
    };
    let text = format!(
        "# Mesh gateway for cluster peering. Start it with:\n#   consul connect envoy -gateway=mesh -register -service \"mesh-gateway\"\nservice {{\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n{partition_line}}}\n"
    );
    let mut changes = vec![FileChange::Create { path, text }];
    // With ACLs on, the new gateway needs a token policy too; add one unless a policy already covers the name.
    let covered = !topology.gateway_grants(cluster, "mesh-gateway").is_empty();
    if topology.acl_enabled(cluster) && !covered {
        let policy_path = free_path(ws, &dir, "mesh-gateway-policy", "hcl");
        changes.push(FileChange::Create { path: policy_path, text: gateway_policy("mesh-gateway") });
    }
    Some(changes)
}

fn gateway_policy(gateway: &str) -> String {
    format!(
        "# Token policy for mesh gateway \"{gateway}\":\n#   consul acl policy create -name {gateway} -rules @<this file>\nservice {} {{\n  policy = \"write\"\n}}\n\nservice_prefix \"\" {{\n  policy = \"read\"\n}}\n\nnode_prefix \"\" {{\n  policy = \"read\"\n}}\n\nagent_prefix \"\" {{\n  policy = \"read\"\n}}\n\nmesh    = \"write\"\npeering = \"read\"\n",
        quote(gateway)
    )
}

/// Sets `Peering { PeerThroughMeshGateways = true }` in the cluster's mesh entry, or creates `mesh.hcl`.
fn mesh_peering(analysis: &Analysis, cluster: ClusterId) -> Option<(String, Vec<FileChange>)> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    if let Some(at) = topology.mesh_entries(cluster).first() {
        let (source, entry) = (ws.file(at.file), at.entry);
        let EntryBody::Mesh { peering, .. } = &entry.body else { return None };
        let title = "Set Peering { PeerThroughMeshGateways = true } in the mesh entry".to_string();
        let edit = match peering {
            Some(peering_range) => {
                let obj = object_value(source, *peering_range)?;
                let existing = obj.as_object()?.iter().find(|e| {
                    crate::schema::key_is(&e.key.text, "peer_through_mesh_gateways", crate::schema::KeyStyle::Pascal)
                });
                match existing {
                    Some(e) => TextEdit { range: e.value.range, new_text: "true".into() },
                    None => {
                        let key = key_for(source, *peering_range, "peer_through_mesh_gateways");
                        insert_field(source, *peering_range, &key, &Literal::Bool(true))?
                    }
                }
            }
            None => {
                let peering_key = key_for(source, entry.range, "peering");
                let inner = key_for(source, entry.range, "peer_through_mesh_gateways");
                let value = Literal::Block(inner, Box::new(Literal::Bool(true)));
                let mut edit = insert_field(source, entry.range, &peering_key, &value)?;
                if source.source_kind() == SourceKind::Hcl {
                    // HCL block syntax reads better than `Peering = { ... }`.
                    edit.new_text =
                        edit.new_text.replacen(&format!("{peering_key} = {{"), &format!("{peering_key} {{"), 1);
                }
                edit
            }
        };
        return Some((title, vec![FileChange::Edit { path: source.path.clone(), edits: vec![edit] }]));
    }
    let dir = cluster_dir(ws, cluster)?;
    let path = free_path(ws, &dir, "mesh", "hcl");
    let text = "Kind = \"mesh\"\n\nPeering {\n  PeerThroughMeshGateways = true\n}\n".to_string();
    Some((
        format!("Create a mesh config entry for {} with PeerThroughMeshGateways", ws.cluster(cluster).name),
        vec![FileChange::Create { path, text }],
    ))
}

/// Adds an element (`hcl` or `json`, one line) at the end of the list `list`, matching its layout: on its own
/// line in a multi-line list (keeping a trailing comma style), after `, ` in a one-line list, alone in `[]`.
fn append_to_list(source: &SourceFile, list: &Value, hcl: &str, json: &str) -> Option<TextEdit> {
    let text = &source.text;
    let items = list.as_list()?;
    let element = if source.source_kind() == SourceKind::Json { json } else { hcl };
    let body = &text[list.range.as_usize()];
    let Some(last) = items.last() else {
        let inner = TextRange::new(list.range.start + 1, list.range.end - 1);
        return Some(TextEdit { range: inner, new_text: element.to_string() });
    };
    let last_end = last.range.end as usize;
    if !body.contains('\n') {
        return Some(TextEdit { range: TextRange::empty(last_end as u32), new_text: format!(", {element}") });
    }
    let indent = indent_at(text, last.range.start as usize);
    let after = &text[last_end..list.range.end as usize];
    let trailing_comma = after.trim_start().starts_with(',');
    if trailing_comma {
        let comma = last_end + after.find(',').unwrap_or(0) + 1;
        Some(TextEdit { range: TextRange::empty(comma as u32), new_text: format!("\n{indent}{element},") })
    } else {
        Some(TextEdit { range: TextRange::empty(last_end as u32), new_text: format!(",\n{indent}{element}") })
    }
}

/// The entry (key and value) of an object written at `object` whose key names `snake` (in the object's style).
fn entry_of<'a>(source: &'a SourceFile, object: TextRange, snake: &str) -> Option<&'a crate::syntax::Entry> {
    // Config entries match keys case-insensitively, snake_case spellings included.
    let style = crate::schema::KeyStyle::Pascal;
    object_value(source, object)?.as_object()?.iter().find(|e| crate::schema::key_is(&e.key.text, snake, style))
}

/// Exports `service` of cluster `exporter` to the peer it calls `consumer`: adds the consumer to the entry that
/// lists the service already, or the service to the exported-services entry of its partition, or creates that
/// entry.
fn export_service(
    analysis: &Analysis,
    exporter: ClusterId,
    service: &str,
    namespace: Option<&str>,
    consumer: &str,
) -> Option<(String, Vec<FileChange>)> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    let cluster_name = &ws.cluster(exporter).name;
    let namespace = namespace.filter(|n| !n.is_empty() && *n != crate::model::DEFAULT);
    let partition = topology
        .registrations(exporter, service)
        .first()
        .map_or(crate::model::DEFAULT.to_string(), |s| s.service.partition.to_string());
    let title = format!("Export \"{service}\" from {cluster_name} to peer \"{consumer}\"");
    let entries = topology.exported_services_entries(exporter);
    let Some(at) = entries.iter().find(|e| e.entry.partition == partition.as_str()) else {
        let dir = cluster_dir(ws, exporter)?;
        let path = free_path(ws, &dir, "exported-services", "hcl");
        // Compact, as Consul's documentation writes entries, `=` aligned in each run (`consul-ls fmt` would expand
        // the inline objects, as hashicorp/hcl's printer does).
        let mut header = vec![("Kind", quote("exported-services")), ("Name", quote(&partition))];
        if partition != crate::model::DEFAULT {
            header.push(("Partition", quote(&partition)));
        }
        let mut body = vec![("Name", quote(service))];
        if let Some(namespace) = namespace {
            body.push(("Namespace", quote(namespace)));
        }
        body.push(("Consumers", format!("[{{ Peer = {} }}]", quote(consumer))));
        let aligned = |items: &[(&str, String)], indent: &str| {
            let width = items.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            items.iter().map(|(k, v)| format!("{indent}{k:width$} = {v}\n")).collect::<String>()
        };
        let text = format!("{}\nServices = [\n  {{\n{}  }},\n]\n", aligned(&header, ""), aligned(&body, "    "));
        return Some((title, vec![FileChange::Create { path, text }]));
    };
    let source = ws.file(at.file);
    let entry = at.entry;
    let key = |snake: &str| key_for(source, entry.range, snake);
    let json = source.source_kind() == SourceKind::Json;
    let consumer_element = |peer_key: &str| {
        if json {
            format!("{{{}: {}}}", quote(peer_key), quote(consumer))
        } else {
            format!("{{ {peer_key} = {} }}", quote(consumer))
        }
    };
    let edit =
        |edits: Vec<TextEdit>| Some((title.clone(), vec![FileChange::Edit { path: source.path.clone(), edits }]));
    // The service is listed (from the same namespace): add the consumer.
    let EntryBody::ExportedServices(listed) = &entry.body else { return None };
    let same_namespace = |n: Option<&crate::model::Str>| {
        n.map(|n| n.text.as_str()).filter(|n| !n.is_empty() && *n != crate::model::DEFAULT) == namespace
    };
    if let Some(exported) = listed.iter().find(|e| e.name.text == service && same_namespace(e.namespace.as_ref())) {
        let services = entry_of(source, entry.range, "services")?;
        let object = crate::model::object_values(&services.value)
            .find(|o| o.as_object().is_some_and(|es| es.iter().any(|e| e.value.range == exported.name.range)))?;
        let peer_key = key_for(source, object.range, "peer");
        return match entry_of(source, object.range, "consumers") {
            Some(consumers) if consumers.value.as_list().is_some() => {
                let element = consumer_element(&peer_key);
                edit(vec![append_to_list(source, &consumers.value, &element, &element)?])
            }
            _ => {
                let consumers_key = key_for(source, object.range, "consumers");
                let value = Literal::Raw(format!("[{}]", consumer_element(&peer_key)));
                edit(vec![insert_field(source, object.range, &consumers_key, &value)?])
            }
        };
    }
    // Otherwise a new element of Services.
    let (name_key, namespace_key, consumers_key, peer_key) =
        (key("name"), key("namespace"), key("consumers"), key("peer"));
    let hcl = {
        let ns = namespace.map(|n| format!(", {namespace_key} = {}", quote(n))).unwrap_or_default();
        format!("{{ {name_key} = {}{ns}, {consumers_key} = [{}] }}", quote(service), consumer_element(&peer_key))
    };
    let json_element = {
        let ns = namespace.map(|n| format!(", {}: {}", quote(&namespace_key), quote(n))).unwrap_or_default();
        format!(
            "{{{}: {}{ns}, {}: [{}]}}",
            quote(&name_key),
            quote(service),
            quote(&consumers_key),
            consumer_element(&peer_key)
        )
    };
    match entry_of(source, entry.range, "services") {
        Some(services) if services.value.as_list().is_some() => {
            edit(vec![append_to_list(source, &services.value, &hcl, &json_element)?])
        }
        _ => {
            let element = if json { json_element } else { hcl };
            let value = Literal::Raw(format!("[{element}]"));
            edit(vec![insert_field(source, entry.range, &key("services"), &value)?])
        }
    }
}

/// Adds the missing rule to a policy, or raises an existing one (`mesh = "read"` → `"write"`).
fn acl_rule(source: &SourceFile, policy_range: TextRange, need: AclNeed) -> Option<(String, Vec<TextEdit>)> {
    let policy = source.model.policies.iter().find(|p| p.range == policy_range)?;
    if policy.source == RulesSource::Generated {
        return None;
    }
    let (resource, segment, access, rule_hcl, title) = match need {
        AclNeed::ServiceRead => (
            "service_prefix",
            Some(""),
            "read",
            "service_prefix \"\" {\n  policy = \"read\"\n}",
            "Add service_prefix \"\" { policy = \"read\" }",
        ),
        AclNeed::MeshWrite => ("mesh", None, "write", "mesh = \"write\"", "Add mesh = \"write\""),
        AclNeed::PeeringRead => ("peering", None, "read", "peering = \"read\"", "Add peering = \"read\""),
    };
    // An existing, weaker rule for the same resource is raised in place.
    if let Some(rule) = policy
        .rules
        .iter()
        .find(|r| r.resource == resource && r.segment.as_deref() == segment && r.partition_scope.is_none())
    {
        let raise = TextEdit { range: rule.access_range, new_text: requote(source, rule.access_range, access) };
        let title = format!("Change {resource} from \"{}\" to \"{access}\"", rule.access);
        return Some((title, vec![raise]));
    }
    let text = &source.text;
    match &policy.source {
        // A policy a tool writes (the Consul chart's) is not edited in the file.
        RulesSource::Generated => None,
        RulesSource::File if source.source_kind() == SourceKind::Hcl => {
            let sep = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
            let edit =
                TextEdit { range: TextRange::empty(text.len() as u32), new_text: format!("{sep}\n{rule_hcl}\n") };
            Some((title.to_string(), vec![edit]))
        }
        RulesSource::File => {
            // A JSON rules document.
            let policy_read = || Literal::Block("policy".into(), Box::new(Literal::Str("read".into())));
            let root = &source.parse.root;
            if let Some(existing) = root.as_object()?.iter().find(|e| e.key.text == resource)
                && existing.value.is_object()
            {
                // `service_prefix` already holds other labels: add ours inside it.
                let edit = insert_field(source, existing.value.range, "", &policy_read())?;
                return Some((title.to_string(), vec![edit]));
            }
            let value = match need {
                AclNeed::ServiceRead => Literal::Block(String::new(), Box::new(policy_read())),
                _ => Literal::Str(access.into()),
            };
            let edit = insert_field(source, root.range, resource, &value)?;
            Some((title.to_string(), vec![edit]))
        }
        RulesSource::RulesString { range } => {
            let raw = text.get(range.as_usize())?;
            let value = crate::rules::schema::find_value(&source.parse.root, *range);
            let heredoc =
                matches!(value.map(|v| &v.kind), Some(ValueKind::String(s)) if s.heredoc) || raw.starts_with("<<");
            if heredoc {
                // Before the closing anchor's line.
                let close_line = line_start(text, range.end as usize);
                let edit = TextEdit { range: TextRange::empty(close_line as u32), new_text: format!("{rule_hcl}\n") };
                return Some((title.to_string(), vec![edit]));
            }
            let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
            let ends_with_newline = inner.ends_with("\\n");
            let addition = format!("{}{rule_hcl}\n", if ends_with_newline || inner.is_empty() { "" } else { "\n" });
            let escaped = quote(&addition);
            let escaped = &escaped[1..escaped.len() - 1];
            let at = range.end - 1;
            Some((title.to_string(), vec![TextEdit { range: TextRange::empty(at), new_text: escaped.to_string() }]))
        }
    }
}

mod k8s;
pub use k8s::yaml_scalar;
#[cfg(test)]
mod tests;
