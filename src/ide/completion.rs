//! Completion: keys valid at the cursor, enum values, peer names, service names, partitions.
use super::locate::locate;
use crate::analysis::Analysis;
use crate::model::FileKind;
use crate::schema::{self, Block, Field, KeyStyle, Ty, to_snake};
use crate::syntax::{Entry, SourceKind, TextRange, Value};
use crate::workspace::{FileId, SourceFile};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Key,
    Block,
    Value,
    Peer,
    Service,
    Partition,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// Snippet syntax (`$1`, `${1|a,b|}`, `$0`); see [`plain_text`] for clients without snippets.
    pub snippet: String,
    /// What the client filters on when it is not the label (the replaced text starts with a quote).
    pub filter_text: Option<String>,
    /// The text the item replaces (the partial word at the cursor).
    pub replace: TextRange,
    /// Where a `,` must go for the result to stay valid JSON (after the previous member), if anywhere.
    pub comma_before: Option<u32>,
    /// The order the client shows items in: required keys, then common ones, then the rest (schema order
    /// within each); values in the order offered.
    pub sort_text: String,
}

/// Keys most files set: offered right after the required ones. Snake_case spellings (PascalCase keys are
/// compared in their snake_case form).
const COMMON_KEYS: &[&str] = &[
    "kind",
    "name",
    "port",
    "address",
    "tags",
    "datacenter",
    "data_dir",
    "server",
    "bootstrap_expect",
    "bind_addr",
    "client_addr",
    "retry_join",
    "ports",
    "acl",
    "tokens",
    "connect",
    "peering",
    "service",
    "services",
    "config_entries",
    "check",
    "checks",
    "sidecar_service",
    "proxy",
    "upstreams",
    "destination_name",
    "destination_peer",
    "destination_namespace",
    "local_bind_port",
    "mesh_gateway",
    "mode",
    "protocol",
    "consumers",
    "peer",
    "partition",
    "namespace",
    "sources",
    "action",
    "peer_through_mesh_gateways",
    "redirect",
    "failover",
    "routes",
    "destination",
    "splits",
    "weight",
    "policy",
];

/// The sort key of a key: required (0), common (1), the rest (2), deprecated or Enterprise-only (3); then the
/// schema's order.
fn key_rank(field: &Field, index: usize) -> String {
    let rank = if field.required {
        0
    } else if field.deprecated || field.enterprise {
        3
    } else if COMMON_KEYS.contains(&to_snake(field.name).as_str()) {
        1
    } else {
        2
    };
    format!("{rank}{index:04}")
}

pub fn completions(analysis: &Analysis, file: FileId, offset: u32) -> Vec<CompletionItem> {
    let Some(source) = analysis.workspace().files.get(file) else { return Vec::new() };
    let text: &str = &source.text;
    let offset = (offset as usize).min(text.len());
    if !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let yaml = source.source_kind() == SourceKind::Yaml;
    if yaml && let Some(items) = annotation_completions(analysis, file, offset as u32) {
        return items;
    }
    let Some(context) = Context::at(text, offset) else { return Vec::new() };
    let json = !yaml && (source.source_kind() == SourceKind::Json || text.trim_start().starts_with('{'));
    let (block, style, object) = enclosing(source, offset as u32);
    let mut items = Vec::new();
    match &context {
        Context::Key { partial, quoted, key_only } => {
            let replace = word_range(text, offset, partial.len(), *quoted, true);
            let Some(block) = block else { return Vec::new() };
            let present: Vec<&Entry> = object
                .and_then(Value::as_object)
                .unwrap_or(&[])
                .iter()
                .filter(|e| !e.key.range.touches(offset as u32))
                .collect();
            let starter = std::ptr::eq(block, &STARTER);
            // A new JSON file without its braces yet: the member goes inside a new object.
            let wrap = json && !text.trim_start().starts_with('{');
            let fields: Vec<&Field> = if starter {
                STARTER_FIELDS.iter().chain(schema::agent::AGENT.fields).collect()
            } else {
                block.fields.iter().collect()
            };
            // In JSON a new member needs a comma after the previous one and, when another member follows, one of
            // its own.
            let (comma_before, comma_after) =
                if json && !*key_only { json_commas(text, replace) } else { (None, false) };
            for (index, field) in fields.into_iter().enumerate().filter(|(_, f)| f.offered_in(style) && !f.read_only) {
                let repeatable = matches!(field.ty, Ty::BlockList(_) | Ty::Map(_));
                if !repeatable && present.iter().any(|e| field.matches(&e.key.text, style)) {
                    continue;
                }
                // A config entry's `Kind` keeps Consul's spelling in a new file (whose keys are otherwise snake).
                let name =
                    if starter && field.name == "Kind" { field.name.to_string() } else { field.display_name(style) };
                let snippet = if *key_only {
                    if json { format!("\"{name}\"") } else { name.clone() }
                } else if yaml {
                    yaml_key_snippet(field, &name)
                } else {
                    let snippet = key_snippet(field, &name, json);
                    if wrap {
                        format!("{{\n\t{}\n}}", snippet.replace('\n', "\n\t"))
                    } else if comma_after {
                        format!("{snippet},")
                    } else {
                        snippet
                    }
                };
                let is_block =
                    matches!(field.ty, Ty::Block(_) | Ty::BlockList(_) | Ty::Map(_) | Ty::Opaque | Ty::ConfigEntries);
                items.push(CompletionItem {
                    label: name.clone(),
                    kind: if is_block { CompletionKind::Block } else { CompletionKind::Key },
                    detail: Some(super::hover::type_name(&field.ty)),
                    documentation: Some(super::hover::field_doc(field, block, style)),
                    filter_text: quoted.then(|| format!("\"{name}\"")),
                    snippet,
                    replace,
                    comma_before,
                    sort_text: key_rank(field, index),
                });
            }
        }
        Context::Value { key, partial, quoted } => {
            let field = block.and_then(|b| b.field(key, style));
            let replace = word_range(text, offset, partial.len(), false, false);
            let closing = *quoted && !text[replace.end as usize..].starts_with('"');
            for (index, value) in values(analysis, file, block, field, key, offset as u32).into_iter().enumerate() {
                let snippet = match (value.quoted, *quoted) {
                    (true, true) => format!("{}{}", escape(&value.label), if closing { "\"" } else { "" }),
                    (true, false) if yaml => escape(&super::fixes::yaml_scalar(&value.label)),
                    (true, false) => format!("\"{}\"", escape(&value.label)),
                    (false, _) => escape(&value.label),
                };
                items.push(CompletionItem {
                    label: value.label,
                    kind: value.kind,
                    detail: value.detail,
                    documentation: None,
                    filter_text: None,
                    snippet,
                    replace,
                    comma_before: None,
                    sort_text: format!("{index:04}"),
                });
            }
        }
    }
    items
}

/// A key with its value's shape, in YAML block style.
fn yaml_key_snippet(field: &Field, name: &str) -> String {
    let choices = |values: &[&str]| {
        let values: Vec<String> =
            values.iter().filter(|v| !v.is_empty()).map(|v| super::fixes::yaml_scalar(v)).collect();
        if values.is_empty() { "$1".to_string() } else { format!("${{1|{}|}}", values.join(",")) }
    };
    match field.ty {
        Ty::Block(_) | Ty::Opaque | Ty::Any => format!("{name}:\n\t$0"),
        Ty::BlockList(_) => format!("{name}:\n\t- $0"),
        Ty::Map(_) => format!("{name}:\n\t${{1:name}}:\n\t\t$0"),
        Ty::StrList => format!("{name}:\n\t- $1"),
        Ty::Enum(values) => format!("{name}: {}", choices(values)),
        Ty::Bool => format!("{name}: ${{1|true,false|}}"),
        Ty::Str | Ty::Duration | Ty::Int | Ty::Float | Ty::ConfigEntries => format!("{name}: $1"),
    }
}

/// Inside a `connect-service-upstreams` annotation: the item being typed. A first part offers the services
/// this cluster can reach (its own as `SVC.svc`, the peers' exports as `SVC.svc.PEER.peer`); after `SVC.svc.`
/// (and `NS.ns.`), the cluster's peers as `PEER.peer`.
fn annotation_completions(analysis: &Analysis, file: FileId, offset: u32) -> Option<Vec<CompletionItem>> {
    let ws = analysis.workspace();
    let topology = analysis.topology();
    let source = ws.files.get(file)?;
    let k8s = source.model.k8s.as_deref()?;
    let value = k8s.workloads.iter().filter_map(|w| w.upstreams).find(|r| r.touches(offset) && r.start < offset)?;
    let text = &*source.text;
    let raw_start = if text[value.as_usize()].starts_with(['"', '\'']) { value.start + 1 } else { value.start };
    if offset < raw_start {
        return None;
    }
    let before = &text[raw_start as usize..offset as usize];
    let item_start = before.rfind(',').map_or(0, |i| i + 1);
    let typed = before[item_start..].trim_start();
    let start = offset as usize - typed.len();
    if typed.contains(':') {
        return Some(Vec::new());
    }
    let rest = &text[offset as usize..];
    let end = offset as usize
        + rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))).unwrap_or(rest.len());
    let replace = TextRange::new(start as u32, end as u32);
    let Some(c) = ws.cluster_of(file) else { return Some(Vec::new()) };
    let mut out = Vec::new();
    let push = |out: &mut Vec<CompletionItem>, label: String, kind, detail: String| {
        out.push(CompletionItem {
            snippet: escape(&label),
            label,
            kind,
            detail: Some(detail),
            documentation: None,
            filter_text: None,
            sort_text: format!("{:04}", out.len()),
            replace,
            comma_before: None,
        });
    };
    let labels: Vec<&str> = typed.split('.').collect();
    let after_svc =
        labels.len() >= 3 && labels[1] == "svc" && (labels.len() == 3 || (labels.len() == 5 && labels[3] == "ns"));
    if after_svc {
        let prefix = labels[..labels.len() - 1].join(".");
        for peer in topology.known_peers(c) {
            let detail = match topology.resolve_peer(c, &peer) {
                Some(d) => format!("peer → cluster {}", ws.cluster(d).name),
                None => "peer".to_string(),
            };
            push(&mut out, format!("{prefix}.{peer}.peer"), CompletionKind::Peer, detail);
        }
        return Some(out);
    }
    if labels.len() > 1 {
        return Some(out);
    }
    let own: std::collections::BTreeSet<String> =
        topology.services(c).iter().map(|s| s.service.name().to_string()).filter(|n| !n.is_empty()).collect();
    for name in &own {
        if topology.registrations(c, name).iter().all(|s| s.service.is_mesh_gateway()) {
            continue;
        }
        push(&mut out, format!("{name}.svc"), CompletionKind::Service, format!("registered in {}", ws.cluster(c).name));
    }
    for other in ws.cluster_ids().filter(|&d| d != c) {
        for export in topology.exports_to(other, c, None) {
            if export.service.name.text == "*" {
                continue;
            }
            for peer in topology.peer_names(c, other) {
                let label = format!("{}.svc.{peer}.peer", export.service.name.text);
                if !out.iter().any(|i| i.label == label) {
                    let detail = format!("exported by {} (peer {peer})", ws.cluster(other).name);
                    push(&mut out, label, CompletionKind::Service, detail);
                }
            }
        }
    }
    push(
        &mut out,
        "prepared_query:".to_string(),
        CompletionKind::Value,
        "a prepared query: prepared_query:NAME:PORT".into(),
    );
    Some(out)
}

/// Escapes snippet syntax in literal text.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('$', "\\$").replace('}', "\\}")
}

/// What is being typed at the cursor, from the text of the current line (robust to half-written input).
#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// A key: `partial` typed so far; `quoted` when it starts with `"`; `key_only` when `=`/`:` already follows.
    Key { partial: String, quoted: bool, key_only: bool },
    /// The value of `key`: `partial` typed so far; `quoted` inside a string.
    Value { key: String, partial: String, quoted: bool },
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '*')
}

impl Context {
    fn at(text: &str, offset: usize) -> Option<Context> {
        let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let before = &text[line_start..offset];
        // The current item: after the last `{`, `,` or `[` outside a string (one-line blocks, JSON objects).
        let mut in_string = false;
        let mut escaped = false;
        let mut item_start = 0;
        for (i, c) in before.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '{' | ',' | '[' if !in_string => item_start = i + 1,
                '#' if !in_string => return None,
                '/' if !in_string && before[i..].starts_with("//") => return None,
                _ => {}
            }
        }
        let item = before[item_start..].trim_start();
        // A YAML list item: `- key: value`.
        let item = item.strip_prefix("- ").map_or(item, str::trim_start);
        let after = &text[offset..];
        let after_line = &after[..after.find(['\n', '\r']).unwrap_or(after.len())];
        // `key = ...` / `"key": ...`
        let (key_part, rest) = match item.find(['=', ':']) {
            Some(at) if !item[..at].contains('"') || item[..at].trim().starts_with('"') => {
                (&item[..at], Some(&item[at + 1..]))
            }
            _ => (item, None),
        };
        let key = key_part.trim().trim_matches('"');
        if let Some(rest) = rest {
            if key.is_empty() || !key.chars().all(is_word) {
                return None;
            }
            let rest = rest.trim_start();
            if let Some(partial) = rest.strip_prefix('"') {
                if partial.contains('"') {
                    return None;
                }
                return Some(Context::Value { key: key.to_string(), partial: partial.to_string(), quoted: true });
            }
            if !rest.chars().all(is_word) {
                return None;
            }
            return Some(Context::Value { key: key.to_string(), partial: rest.to_string(), quoted: false });
        }
        let quoted = key_part.trim_start().starts_with('"');
        let partial = key_part.trim_start().trim_start_matches('"');
        if !partial.chars().all(is_word) || (quoted && partial.contains('"')) {
            return None;
        }
        let tail = after_line.trim_start_matches(is_word).trim_start_matches('"').trim_start();
        let key_only = tail.starts_with('=') || tail.starts_with(':');
        Some(Context::Key { partial: partial.to_string(), quoted, key_only })
    }
}

/// The range a completion replaces: the word before the cursor (and its opening quote) through the rest of the
/// word after it (and, for a quoted key, its closing quote).
fn word_range(text: &str, offset: usize, before_len: usize, quoted: bool, include_closing: bool) -> TextRange {
    let start = offset - before_len - usize::from(quoted);
    let rest = &text[offset..];
    let mut end = offset + rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
    if quoted && include_closing && text[end..].starts_with('"') {
        end += 1;
    }
    TextRange::new(start as u32, end as u32)
}

/// The schema block, key style and tree object of the innermost object around the cursor. An empty or
/// unclassified file is offered agent configuration keys (and `Kind` for a config entry).
fn enclosing(source: &SourceFile, offset: u32) -> (Option<&'static Block>, KeyStyle, Option<&Value>) {
    let frames = locate(source, offset);
    if let Some(frame) = frames.last() {
        // On a map of user-chosen names there is no schema; inside a label's body the deeper frame has it.
        return (frame.block, frame.style, Some(frame.object));
    }
    // Empty, or holding only the key being typed (`{"Ki|"}`).
    let empty = source.parse.root.as_object().is_none_or(|entries| entries.iter().all(|e| e.key.range.touches(offset)));
    if empty && source.kind() == FileKind::NotConsul {
        return (Some(&STARTER), KeyStyle::Snake, Some(&source.parse.root));
    }
    (None, KeyStyle::Snake, None)
}

/// What a new, empty file may start with: the agent configuration's keys, and a config entry's `Kind`.
static STARTER: Block =
    Block { name: "new Consul file", casing: crate::schema::Casing::Snake, link: "", fields: &STARTER_FIELDS };

static STARTER_FIELDS: [Field; 1] = [crate::schema::f("Kind", Ty::Enum(&[]))
    .doc("Start a config entry: its kind (`service-defaults`, `exported-services`, `mesh`, …).")];

/// For a new JSON member at `replace`: where the previous member ends if it lacks its comma, and whether another
/// member follows (so the new one needs a comma of its own).
fn json_commas(text: &str, replace: TextRange) -> (Option<u32>, bool) {
    let before = text[..replace.start as usize].trim_end();
    let after = text[replace.end as usize..].trim_start_matches(|c: char| c != '\n' && c.is_whitespace());
    // The rest of the typed key (`"Po|rt"`) and its closing quote are replaced too; look past them.
    let after = after.trim_start_matches(|c: char| is_word(c) || c == '"').trim_start();
    let needs_before = !before.is_empty() && !before.ends_with(['{', ',', '[']);
    let comma_before = needs_before.then_some(before.len() as u32);
    (comma_before, after.starts_with('"'))
}

fn key_snippet(field: &Field, name: &str, json: bool) -> String {
    let choices = |values: &[&str]| {
        let values: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
        if values.is_empty() { "$1".to_string() } else { format!("${{1|{}|}}", values.join(",")) }
    };
    if json {
        let value = match field.ty {
            Ty::Block(_) => "{\n\t$0\n}".to_string(),
            Ty::BlockList(_) => "[\n\t{\n\t\t$0\n\t}\n]".to_string(),
            Ty::Map(_) => "{\n\t\"$1\": {\n\t\t$0\n\t}\n}".to_string(),
            Ty::Opaque => "{$0}".to_string(),
            Ty::ConfigEntries => "[\n\t{\n\t\t\"Kind\": \"$1\"$0\n\t}\n]".to_string(),
            Ty::Enum(values) => format!("\"{}\"", choices(values)),
            Ty::Str | Ty::Duration => "\"$1\"".to_string(),
            Ty::Bool => "${1|true,false|}".to_string(),
            Ty::StrList => "[\"$1\"]".to_string(),
            Ty::Int | Ty::Float | Ty::Any => "$1".to_string(),
        };
        return format!("\"{name}\": {value}");
    }
    match field.ty {
        Ty::Block(_) | Ty::BlockList(_) | Ty::Opaque => format!("{name} {{\n\t$0\n}}"),
        Ty::Map(_) => format!("{name} \"$1\" {{\n\t$0\n}}"),
        Ty::ConfigEntries => format!("{name} = [\n\t{{\n\t\tKind = \"$1\"\n\t\t$0\n\t}}\n]"),
        Ty::Enum(values) => format!("{name} = \"{}\"", choices(values)),
        Ty::Str | Ty::Duration => format!("{name} = \"$1\""),
        Ty::Bool => format!("{name} = ${{1|true,false|}}"),
        Ty::StrList => format!("{name} = [\"$1\"]"),
        Ty::Int | Ty::Float | Ty::Any => format!("{name} = $1"),
    }
}

struct ValueItem {
    label: String,
    kind: CompletionKind,
    detail: Option<String>,
    /// Written as a string (quoted) rather than a bare literal.
    quoted: bool,
}

fn item(label: impl Into<String>, kind: CompletionKind, detail: Option<String>) -> ValueItem {
    ValueItem { label: label.into(), kind, detail, quoted: true }
}

/// Values for `key` (its `field` in `block`): enumerations, booleans, and the workspace's peers, services,
/// partitions and namespaces where the key names one.
fn values(
    analysis: &Analysis,
    file: FileId,
    block: Option<&'static Block>,
    field: Option<&Field>,
    key: &str,
    offset: u32,
) -> Vec<ValueItem> {
    let canonical = field.map_or_else(|| to_snake(key), |f| to_snake(f.name));
    let is = |b: &'static Block| block.is_some_and(|x| std::ptr::eq(x, b));
    let ws = analysis.workspace();
    let topology = analysis.topology();
    let cluster = ws.cluster_of(file);
    let mut out = Vec::new();
    match canonical.as_str() {
        "destination_peer" | "peer" => {
            if let Some(c) = cluster
                && topology.declares_peerings(c)
            {
                // The cluster's peers are its PeeringAcceptor/PeeringDialer names (and the manifest's).
                for peer in topology.known_peers(c) {
                    let detail = match topology.resolve_peer(c, &peer) {
                        Some(d) => format!("peer → cluster {}", ws.cluster(d).name),
                        None => "peer".to_string(),
                    };
                    out.push(item(peer, CompletionKind::Peer, Some(detail)));
                }
            } else if let Some(c) = cluster {
                for (peer, target) in &ws.cluster(c).peers {
                    out.push(item(peer, CompletionKind::Peer, Some(format!("peer → cluster {target}"))));
                }
                for other in &ws.clusters {
                    if other.id != c && !out.iter().any(|i| i.label == other.name) {
                        out.push(item(&other.name, CompletionKind::Peer, Some(format!("cluster {}", other.name))));
                    }
                }
            }
        }
        "destination_name" if is(&schema::service::UPSTREAM) || block.is_none() => {
            // The service whose proxy this upstream belongs to is not its own upstream.
            let downstream = ws
                .file(file)
                .model
                .services
                .iter()
                .flat_map(|s| &s.upstreams)
                .find(|u| u.range.touches(offset))
                .map(|u| u.downstream.as_str());
            if let Some(c) = cluster {
                for at in topology.services(c) {
                    let service = at.service;
                    let own = Some(service.name()) == downstream;
                    if !service.name().is_empty() && !service.is_mesh_gateway() && !own {
                        out.push(item(
                            service.name(),
                            CompletionKind::Service,
                            Some(format!("registered in {}", ws.cluster(c).name)),
                        ));
                    }
                }
                for other in ws.cluster_ids().filter(|&d| d != c) {
                    for export in topology.exports_to(other, c, None) {
                        if export.service.name.text != "*" {
                            let peers = topology.peer_names(c, other).join(", ");
                            let detail = format!("exported by {} (peer {peers})", ws.cluster(other).name);
                            out.push(item(&*export.service.name.text, CompletionKind::Service, Some(detail)));
                        }
                    }
                }
            }
        }
        "name"
            if is(&schema::entries::EXPORTED_SERVICE)
                || block.is_some_and(|b| b.name == schema::entries::EXPORTED_SERVICE.name)
                || names_a_service(block) =>
        {
            if let Some(c) = cluster {
                out.extend(local_services(analysis, c));
            }
        }
        "name" if is(&schema::entries::SOURCE_INTENTION) => {
            // A source: a service of this cluster, or (with `Peer`) of a peer; `*` for every service.
            if let Some(c) = cluster {
                out.extend(local_services(analysis, c));
                for other in ws.cluster_ids().filter(|&d| d != c) {
                    for at in topology.services(other) {
                        if !at.service.name().is_empty() && !at.service.is_mesh_gateway() {
                            let detail = format!("registered in {} (set Peer)", ws.cluster(other).name);
                            out.push(item(at.service.name(), CompletionKind::Service, Some(detail)));
                        }
                    }
                }
            }
            out.push(item("*", CompletionKind::Value, Some("every service".into())));
        }
        "name" if is(&schema::entries::EXPORTED_SERVICES) => {
            out.extend(
                topology
                    .partitions()
                    .into_iter()
                    .map(|p| item(p, CompletionKind::Partition, Some("the entry's partition".into()))),
            );
        }
        "name" if is(&schema::entries::PROXY_DEFAULTS) => {
            out.push(item("global", CompletionKind::Value, Some("the only name proxy-defaults takes".into())));
        }
        "service" if field.is_some_and(|f| matches!(f.ty, Ty::Str)) => {
            // A resolver's redirect or failover target, a router's destination, a splitter's split.
            if let Some(c) = cluster {
                out.extend(local_services(analysis, c));
            }
        }
        "namespace" | "destination_namespace" => {
            out.extend(
                topology.namespaces().into_iter().map(|n| item(n, CompletionKind::Partition, Some("namespace".into()))),
            );
        }
        "log_level" => {
            for level in ["trace", "debug", "info", "warn", "error"] {
                out.push(item(level, CompletionKind::Value, Some("agent log level".into())));
            }
        }
        "partition" | "destination_partition" => {
            out.extend(
                topology
                    .partitions()
                    .into_iter()
                    .map(|p| item(p, CompletionKind::Partition, Some("admin partition".into()))),
            );
        }
        "kind" if field.is_none_or(|f| f.name == "Kind") && !is(&schema::service::SERVICE) => {
            for (kind, kind_block) in schema::entries::CONFIG_ENTRY_KINDS {
                out.push(item(*kind, CompletionKind::Value, Some(kind_block.name.to_string())));
            }
        }
        _ => {}
    }
    match field.map(|f| &f.ty) {
        Some(Ty::Enum(values)) if out.is_empty() => {
            out.extend(values.iter().filter(|v| !v.is_empty()).map(|v| item(*v, CompletionKind::Value, None)));
        }
        Some(Ty::Bool) => {
            for b in ["true", "false"] {
                out.push(ValueItem { label: b.into(), kind: CompletionKind::Value, detail: None, quoted: false });
            }
        }
        _ => {}
    }
    // One item per label (a service registered and exported shows once, with the first detail).
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.label.clone()));
    out
}

/// Entry kinds whose `Name` is a service's.
fn names_a_service(block: Option<&'static Block>) -> bool {
    use schema::entries::*;
    let kinds: [&'static Block; 5] =
        [&SERVICE_DEFAULTS, &SERVICE_RESOLVER, &SERVICE_ROUTER, &SERVICE_SPLITTER, &SERVICE_INTENTIONS];
    block.is_some_and(|b| kinds.iter().any(|k| std::ptr::eq(*k, b)))
}

/// The services registered in cluster `c` (not its mesh gateways), as value items.
fn local_services(analysis: &Analysis, c: crate::workspace::ClusterId) -> Vec<ValueItem> {
    let topology = analysis.topology();
    let cluster = topology.cluster_name(c);
    topology
        .services(c)
        .into_iter()
        .filter(|at| !at.service.name().is_empty() && !at.service.is_mesh_gateway())
        .map(|at| item(at.service.name(), CompletionKind::Service, Some(format!("registered in {cluster}"))))
        .collect()
}

/// The snippet as plain text, for clients without snippet support: tab stops removed, placeholders and choices
/// replaced by their (first) text.
pub fn plain_text(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '$' if chars.peek().is_some_and(|c| c.is_ascii_digit()) => {
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
                let mut body = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    body.push(c);
                }
                if let Some(choices) = body.strip_prefix('|') {
                    out.push_str(choices.trim_end_matches('|').split(',').next().unwrap_or(""));
                } else if let Some(placeholder) = body.strip_prefix(':') {
                    out.push_str(&plain_text(placeholder));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing;
    use crate::ide::{TextEdit, apply_edits};

    /// Every item at the cursor, in the order the client shows them (by `sortText`): sort key, label, kind,
    /// detail, and the snippet (with `,@offset` when a comma goes after the previous JSON member).
    fn check(fixture: &str) -> String {
        let (analysis, file, offset) = testing::analysis(fixture);
        let mut items = completions(&analysis, file, offset);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        items
            .iter()
            .map(|i| {
                let detail = i.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
                let comma = i.comma_before.map(|at| format!(" ,@{at}")).unwrap_or_default();
                format!("{} {} [{:?}]{detail} => {:?}{comma}", i.sort_text, i.label, i.kind, i.snippet)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The file after accepting `label` (as plain text, as a client without snippets inserts it).
    fn accept(fixture: &str, label: &str) -> String {
        let (analysis, file, offset) = testing::analysis(fixture);
        let items = completions(&analysis, file, offset);
        let item = items.iter().find(|i| i.label == label).unwrap_or_else(|| panic!("no {label}"));
        let mut edits = vec![TextEdit { range: item.replace, new_text: plain_text(&item.snippet) }];
        if let Some(at) = item.comma_before {
            edits.push(TextEdit { range: TextRange::empty(at), new_text: ",".into() });
        }
        apply_edits(&analysis.workspace().file(file).text, &edits)
    }

    const MANIFEST: &str = "//- consul-ls.hcl\ncluster \"c1\" {\n  paths = [\"c1\"]\n  peers = { \"to-c2\" = \"c2\" }\n}\ncluster \"c2\" {\n  paths = [\"c2\"]\n}\n";
    const WORKSPACE: &str = r#"
//- c1/web.hcl
service {
  name = "web"
  partition = "team-a"
  port = 8080
}
services {
  name = "cache"
  namespace = "infra"
  port = 6379
}
//- c2/exports.hcl
Kind = "exported-services"
Name = "default"
Services = [{ Name = "backend", Consumers = [{ Peer = "c1" }] }]
//- c2/backend.hcl
service {
  name = "backend"
  port = 9090
}
"#;

    /// The two-cluster workspace with `file` (holding `$0`) added.
    fn in_workspace(file: &str) -> String {
        format!("{MANIFEST}{WORKSPACE}{file}")
    }

    #[test]
    fn keys_of_an_upstream_required_and_common_first() {
        insta::assert_snapshot!(check(
            r#"
            service {
              name = "web"
              connect { sidecar_service { proxy { upstreams = [{
                destination_name = "x"
                dest$0
              }] } } }
            }
            "#
        ));
    }

    #[test]
    fn keys_of_a_config_entry_without_read_only_ones() {
        let items = check("Kind = \"service-defaults\"\nName = \"web\"\n$0\n");
        assert!(!items.contains("CreateIndex") && !items.contains("ModifyIndex"), "{items}");
        insta::assert_snapshot!(items);
    }

    #[test]
    fn keys_in_an_empty_block_and_an_empty_file() {
        insta::assert_snapshot!(check("service {\n  name = \"web\"\n  $0\n}\n"));
        insta::assert_snapshot!(check("//- new.hcl\n$0"));
    }

    #[test]
    fn key_already_followed_by_a_value_completes_the_name_only() {
        insta::assert_snapshot!(accept("Kind = \"mesh\"\nPeer$0 = {}\n", "Peering"));
    }

    #[test]
    fn json_keys_replace_the_quoted_word() {
        insta::assert_snapshot!(accept("//- m.json\n{\"Kind\": \"mesh\", \"Pe$0\"}", "Peering"));
    }

    #[test]
    fn json_after_an_auto_closed_quote() {
        // VS Code closes the quote itself: the cursor sits between `""`.
        insta::assert_snapshot!(accept("//- sd.json\n{\n  \"Kind\": \"service-defaults\",\n  \"$0\"\n}\n", "Protocol"));
        insta::assert_snapshot!(accept("//- new.json\n{\"$0\"}", "Kind"));
    }

    #[test]
    fn json_in_an_empty_file_gets_its_braces() {
        insta::assert_snapshot!(accept("//- new.json\n$0", "Kind"));
        insta::assert_snapshot!(accept("//- new.json\n\"$0\"", "datacenter"));
    }

    #[test]
    fn json_keys_keep_the_object_valid() {
        let fixture =
            "//- sd.json\n{\n  \"Kind\": \"service-defaults\",\n  \"Name\": \"web\"\n  \"Pro$0\n  \"Meta\": {}\n}\n";
        insta::assert_snapshot!(accept(fixture, "Protocol"));
        insta::assert_snapshot!(accept(
            "//- sd.json\n{\n  \"Kind\": \"service-defaults\",\n  \"Pro$0\n}\n",
            "Protocol"
        ));
    }

    #[test]
    fn enum_and_boolean_values() {
        let mode = "Kind = \"proxy-defaults\"\nName = \"global\"\nMeshGateway {\n  Mode = \"l$0\"\n}\n";
        let unquoted = "Kind = \"proxy-defaults\"\nName = \"global\"\nMeshGateway {\n  Mode = $0\n}\n";
        let cases =
            [check(mode), check(unquoted), check("connect {\n  enabled = $0\n}\n"), check("log_level = \"$0\"\n")];
        insta::assert_snapshot!(cases.join("\n---\n"));
    }

    #[test]
    fn config_entry_kinds() {
        insta::assert_snapshot!(check("Kind = \"$0\"\n"));
    }

    #[test]
    fn peers_from_the_manifest_and_the_clusters() {
        insta::assert_snapshot!(check(&in_workspace(
            "//- c1/app.hcl\nservice {\n  name = \"app\"\n  connect { sidecar_service { proxy { upstreams = [{ destination_peer = \"$0\" }] } } }\n}\n"
        )));
    }

    #[test]
    fn upstream_services_registered_here_or_exported_here() {
        // `app` itself is not offered as its own upstream.
        insta::assert_snapshot!(check(&in_workspace(
            "//- c1/app.hcl\nservice {\n  name = \"app\"\n  connect { sidecar_service { proxy { upstreams = [{ destination_name = \"$0\" }] } } }\n}\n"
        )));
    }

    #[test]
    fn partitions_and_namespaces() {
        let partition = check(&in_workspace(
            "//- c1/app.hcl\nservice {\n  name = \"app\"\n  connect { sidecar_service { proxy { upstreams = [{ destination_partition = \"$0\" }] } } }\n}\n",
        ));
        let namespace = check(&in_workspace(
            "//- c1/app.hcl\nservice {\n  name = \"app\"\n  connect { sidecar_service { proxy { upstreams = [{ destination_namespace = \"$0\" }] } } }\n}\n",
        ));
        insta::assert_snapshot!(format!("{partition}\n---\n{namespace}"));
    }

    #[test]
    fn service_names_in_config_entries() {
        let cases = [
            check(&in_workspace("//- c1/sd.hcl\nKind = \"service-defaults\"\nName = \"$0\"\n")),
            check(&in_workspace(
                "//- c1/i.hcl\nKind = \"service-intentions\"\nName = \"web\"\nSources = [{ Name = \"$0\" }]\n",
            )),
            check(&in_workspace(
                "//- c1/r.hcl\nKind = \"service-resolver\"\nName = \"web\"\nRedirect { Service = \"$0\" }\n",
            )),
            check(&in_workspace(
                "//- c1/s.hcl\nKind = \"service-splitter\"\nName = \"web\"\nSplits = [{ Weight = 100, Service = \"$0\" }]\n",
            )),
            check(&in_workspace("//- c2/e.hcl\nKind = \"exported-services\"\nName = \"$0\"\n")),
            check(&in_workspace(
                "//- c2/e.hcl\nKind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"$0\" }]\n",
            )),
            check(&in_workspace(
                "//- c2/e.hcl\nKind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"backend\", Consumers = [{ Peer = \"$0\" }] }]\n",
            )),
            check(&in_workspace("//- c1/pd.hcl\nKind = \"proxy-defaults\"\nName = \"$0\"\n")),
        ];
        insta::assert_snapshot!(cases.join("\n---\n"));
    }

    #[test]
    fn nothing_in_comments_or_after_a_complete_value() {
        assert_eq!(check("# serv$0\nservice {}\n"), "");
        assert_eq!(check("service {\n  name = \"web\" $0\n}\n"), "");
    }

    #[test]
    fn snippets_as_plain_text() {
        assert_eq!(plain_text("a = \"${1|x,y|}\"$0"), "a = \"x\"");
        assert_eq!(plain_text("b {\n\t$0\n}"), "b {\n\t\n}");
        assert_eq!(plain_text("c = ${1:default} \\$x"), "c = default $x");
    }
}
