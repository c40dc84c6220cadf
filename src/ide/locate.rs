//! What is at a byte offset: the chain of objects from the root to the cursor, each with the schema block that
//! describes it (the same dispatch as the schema rules, [`crate::model::placement`]).

use crate::model::object_values;
use crate::model::placement::{self, Nested, RootSchema};
use crate::schema::{Block, Field, KeyStyle};
use crate::syntax::{Entry, Value, ValueKind};
use crate::workspace::SourceFile;

/// One object on the way from the root to the cursor.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    /// The object (a block body, the root, or a map of user-chosen names).
    pub object: &'a Value,
    /// Its schema, when known (`None` for maps of user-chosen names and unknown places).
    pub block: Option<&'static Block>,
    pub style: KeyStyle,
    /// The entry of this object at the cursor, if the cursor is on one.
    pub entry: Option<&'a Entry>,
    /// The schema field of that entry.
    pub field: Option<&'static Field>,
}

impl Frame<'_> {
    /// Whether the cursor is on the entry's key (not its value).
    pub fn on_key(&self, offset: u32) -> bool {
        self.entry.is_some_and(|e| e.key.range.touches(offset))
    }
}

/// The frames from the root to the innermost object containing `offset`; empty for a file that is not a Consul
/// file (or the manifest) or whose root is not an object.
pub fn locate(file: &SourceFile, offset: u32) -> Vec<Frame<'_>> {
    if file.kind() == crate::model::FileKind::Kubernetes {
        return locate_yaml(file, offset);
    }
    let root = &file.parse.root;
    let mut frames = Vec::new();
    let Some(schema) = placement::root_schema(file.kind()) else { return frames };
    let (block, style) = match schema {
        RootSchema::Block(block, style) => (Some(block), style),
        RootSchema::ConfigEntry => (root.as_object().and_then(placement::config_entry_block), KeyStyle::Pascal),
    };
    descend(root, block, style, offset, &mut frames);
    frames
}

/// Whether the cursor is on this value: inside an object or list, or on (or right after) a scalar.
fn value_at(value: &Value, offset: u32) -> bool {
    match value.kind {
        ValueKind::Object(_) | ValueKind::List(_) => value.range.contains(offset) && value.range.start < offset,
        _ => value.range.touches(offset),
    }
}

fn entry_at(entries: &[Entry], offset: u32) -> Option<&Entry> {
    entries.iter().find(|e| e.key.range.touches(offset) || value_at(&e.value, offset))
}

fn descend<'a>(
    object: &'a Value,
    block: Option<&'static Block>,
    style: KeyStyle,
    offset: u32,
    frames: &mut Vec<Frame<'a>>,
) {
    let Some(entries) = object.as_object() else { return };
    let entry = entry_at(entries, offset);
    let field = entry.and_then(|e| block.and_then(|b| b.field(&e.key.text, style)));
    frames.push(Frame { object, block, style, entry, field });
    let (Some(entry), Some(field)) = (entry, field) else { return };
    if !value_at(&entry.value, offset) || entry.key.range.touches(offset) {
        return;
    }
    let inner = |value: &'a Value| object_values(value).find(|v| value_at(v, offset));
    match placement::nested(field) {
        Nested::Block(child) => {
            if let Some(value) = inner(&entry.value) {
                descend(value, Some(child), style, offset, frames);
            }
        }
        Nested::Map(child) => {
            let Some(map) = inner(&entry.value) else { return };
            let Some(map_entries) = map.as_object() else { return };
            let label = entry_at(map_entries, offset);
            frames.push(Frame { object: map, block: None, style, entry: label, field: None });
            if let Some(label) = label
                && !label.key.range.touches(offset)
                && let Some(value) = inner(&label.value)
            {
                descend(value, Some(child), style, offset, frames);
            }
        }
        Nested::ConfigEntries => {
            if let Some(value) = inner(&entry.value) {
                let block = value.as_object().and_then(placement::config_entry_block);
                descend(value, block, KeyStyle::Pascal, offset, frames);
            }
        }
        Nested::Leaf => {}
    }
}

// ---------------------------------------------------------------------------------------------------------------
// YAML (Kubernetes): the document at the cursor, its schema by what the document is, and — where the cursor is
// on a line of its own (a key being typed) — the mapping its indentation puts it in.

/// The schema of a Kubernetes document's root.
fn yaml_root_block(kind: &crate::model::k8s::K8sDocKind) -> Option<&'static Block> {
    use crate::model::k8s::K8sDocKind;
    match kind {
        K8sDocKind::CustomResource { kind, .. } => crate::schema::k8s::resource_block(kind),
        K8sDocKind::HelmValues => Some(&crate::schema::helm::HELM_VALUES),
        K8sDocKind::Workload { .. } | K8sDocKind::NotConsul => None,
    }
}

/// The document at `offset`: the last one starting at or before it.
pub fn yaml_document_at(file: &SourceFile, offset: u32) -> Option<(&Value, &crate::model::k8s::K8sDocKind)> {
    let k8s = file.model.k8s.as_deref()?;
    let docs = crate::syntax::yaml::documents(&file.parse);
    let at = docs.iter().rposition(|d| d.range.start <= offset || d.range.touches(offset))?;
    Some((&docs[at], &k8s.documents.get(at)?.kind))
}

/// The column of the key being typed on the cursor's line (after blanks and a `- `).
fn typing_column(text: &str, offset: usize) -> usize {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let trimmed = line.trim_start_matches(' ');
    let after_dash = trimmed.strip_prefix("- ").map_or(trimmed, |t| t.trim_start_matches(' '));
    line.len() - after_dash.len()
}

fn column_of(text: &str, offset: u32) -> usize {
    let offset = offset as usize;
    offset - text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn locate_yaml(file: &SourceFile, offset: u32) -> Vec<Frame<'_>> {
    let mut frames = Vec::new();
    let Some((doc, kind)) = yaml_document_at(file, offset) else { return frames };
    if !kind.is_consul() {
        return frames;
    }
    let block = yaml_root_block(kind);
    let annotations = match kind {
        crate::model::k8s::K8sDocKind::Workload { kind } => crate::model::k8s::pod_annotations(doc, kind),
        _ => None,
    };
    let text = &*file.text;
    let column = typing_column(text, offset as usize);
    descend_yaml(text, doc, block, annotations, offset, column, &mut frames);
    frames
}

/// The block of a field's value, if it holds objects.
fn child_block(field: &'static Field) -> Option<&'static Block> {
    match placement::nested(field) {
        Nested::Block(b) | Nested::Map(b) => Some(b),
        _ => None,
    }
}

/// A plain scalar written on a line below its key (`key:` then `  word`).
fn below_its_key(text: &str, entry: &Entry) -> bool {
    matches!(entry.value.kind, ValueKind::String(_))
        && text
            .get(entry.key.range.end as usize..entry.value.range.start as usize)
            .is_some_and(|gap| gap.contains('\n'))
}

/// Like [`descend`], but a cursor below a key's line and indented deeper than the key is inside that key's
/// value even when the value's range ends before it (a new key being typed).
fn descend_yaml<'a>(
    text: &str,
    object: &'a Value,
    block: Option<&'static Block>,
    annotations: Option<&'a Value>,
    offset: u32,
    column: usize,
    frames: &mut Vec<Frame<'a>>,
) {
    let block = if annotations.is_some_and(|a| std::ptr::eq(a, object)) {
        Some(&crate::schema::k8s::POD_ANNOTATIONS)
    } else {
        block
    };
    let entries = object.as_object().unwrap_or(&[]);
    let entry = entry_at(entries, offset);
    let field = entry.and_then(|e| block.and_then(|b| b.field(&e.key.text, KeyStyle::Camel)));
    frames.push(Frame { object, block, style: KeyStyle::Camel, entry, field });
    // On a key or a scalar: done. Inside a container's range: descend into it.
    let (next, next_field) = match entry {
        Some(e) if e.key.range.touches(offset) => return,
        Some(e) if value_at(&e.value, offset) && matches!(e.value.kind, ValueKind::Object(_) | ValueKind::List(_)) => {
            (e, field)
        }
        // A word on the line below `key:` is, to YAML, the key's scalar value; to someone typing, the first key
        // of its mapping.
        Some(e) if below_its_key(text, e) => {
            if let Some(child) = field.and_then(child_block) {
                frames.push(Frame {
                    object: &e.value,
                    block: Some(child),
                    style: KeyStyle::Camel,
                    entry: None,
                    field: None,
                });
            } else if annotations.is_some_and(|a| std::ptr::eq(a, &e.value)) {
                let block = Some(&crate::schema::k8s::POD_ANNOTATIONS);
                frames.push(Frame { object: &e.value, block, style: KeyStyle::Camel, entry: None, field: None });
            }
            return;
        }
        Some(_) => return,
        None => {
            // Indentation: the last entry starting before the cursor, if the cursor is deeper than its key.
            let Some(last) = entries.iter().rev().find(|e| e.key.range.start < offset) else { return };
            let same_line = !text[last.key.range.start as usize..offset as usize].contains('\n');
            if same_line || column <= column_of(text, last.key.range.start) {
                return;
            }
            let field = block.and_then(|b| b.field(&last.key.text, KeyStyle::Camel));
            (last, field)
        }
    };
    let child = next_field.and_then(|f| match placement::nested(f) {
        Nested::Block(b) | Nested::Map(b) => Some(b),
        _ => None,
    });
    let is_map = next_field.is_some_and(|f| matches!(placement::nested(f), Nested::Map(_)));
    let is_annotation_map = annotations.is_some_and(|a| std::ptr::eq(a, &next.value));
    match &next.value.kind {
        ValueKind::Object(_) if is_map => {
            // User-chosen names: their values hold the child block.
            let map_entries = next.value.as_object().unwrap_or(&[]);
            let label =
                entry_at(map_entries, offset).or_else(|| map_entries.iter().rev().find(|e| e.key.range.start < offset));
            frames.push(Frame { object: &next.value, block: None, style: KeyStyle::Camel, entry: label, field: None });
            if let Some(label) = label
                && !label.key.range.touches(offset)
                && label.value.is_object()
            {
                descend_yaml(text, &label.value, child, annotations, offset, column, frames);
            }
        }
        ValueKind::Object(_) => descend_yaml(text, &next.value, child, annotations, offset, column, frames),
        ValueKind::List(items) => {
            let item = items.iter().rev().find(|i| i.range.start <= offset);
            if let Some(item) = item.filter(|i| i.is_object()) {
                descend_yaml(text, item, child, annotations, offset, column, frames);
            } else if item.is_none_or(|i| matches!(i.kind, ValueKind::Null | ValueKind::String(_))) {
                frames.push(Frame {
                    object: &next.value,
                    block: child,
                    style: KeyStyle::Camel,
                    entry: None,
                    field: None,
                });
            }
        }
        // `key:` with nothing yet: an empty mapping of the field's block.
        ValueKind::Null if child.is_some() || is_annotation_map => {
            let block = if is_annotation_map { Some(&crate::schema::k8s::POD_ANNOTATIONS) } else { child };
            frames.push(Frame { object: &next.value, block, style: KeyStyle::Camel, entry: None, field: None });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing::fixture;

    fn names(file: &str) -> Vec<String> {
        let (ws, f, offset) = fixture(&[("a.hcl", file)]);
        locate(ws.workspace().file(f), offset)
            .iter()
            .map(|frame| {
                let block = frame.block.map_or("-", |b| b.name);
                let field = frame.field.map_or("-", |f| f.name);
                let key = frame.entry.map_or("-", |e| e.key.text.as_str());
                format!("{block}/{key}/{field}")
            })
            .collect()
    }

    #[test]
    fn walks_nested_blocks_and_lists() {
        let frames = names(
            "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [{ destination_p$0eer = \"x\" }] } } }\n}\n",
        );
        assert_eq!(frames.first().unwrap(), "agent configuration/service/service");
        assert_eq!(frames.last().unwrap(), "upstream/destination_peer/destination_peer");
    }

    #[test]
    fn config_entries_and_maps() {
        let (ws, f, offset) = fixture(&[(
            "e.hcl",
            "Kind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"web\", Consumers = [{ Pe$0er = \"p\" }] }]\n",
        )]);
        let frames = locate(ws.workspace().file(f), offset);
        let last = frames.last().unwrap();
        assert_eq!(last.field.unwrap().name, "Peer");
        assert_eq!(last.style, KeyStyle::Pascal);

        let frames = names("service_prefix \"\" {\n  pol$0icy = \"read\"\n}\nmesh = \"write\"\n");
        assert_eq!(
            frames,
            ["ACL policy rules/service_prefix/service_prefix", "-//-", "ACL service rule/policy/policy"]
        );
    }

    #[test]
    fn empty_block_body_is_the_innermost_frame() {
        let frames = names("service {\n  name = \"web\"\n  connect {\n    $0\n  }\n}\n");
        assert_eq!(frames.last().unwrap(), "service connect/-/-", "{frames:?}");
    }
}
