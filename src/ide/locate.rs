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
