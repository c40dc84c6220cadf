//! Which schema block describes which object of a file: the dispatch shared by the schema rules
//! (`unknown-field`, `invalid-value`, `missing-required`) and the IDE features (hover, completion), so what is
//! checked and what is documented or offered always agree.

use super::FileKind;
use crate::schema::{self, Block, Field, KeyStyle, Ty};
use crate::syntax::Entry;

/// The schema of a file's root object.
#[derive(Clone, Copy, Debug)]
pub enum RootSchema {
    Block(&'static Block, KeyStyle),
    /// A config entry: its block depends on its `Kind` ([`config_entry_block`]).
    ConfigEntry,
}

pub fn root_schema(kind: FileKind) -> Option<RootSchema> {
    Some(match kind {
        FileKind::AgentConfig => RootSchema::Block(&schema::agent::AGENT, KeyStyle::Snake),
        FileKind::ServiceRegistration => RootSchema::Block(&schema::service::SERVICE, KeyStyle::Pascal),
        FileKind::CatalogRegistration => RootSchema::Block(&schema::api::CATALOG_REGISTRATION, KeyStyle::Pascal),
        FileKind::ConfigEntry => RootSchema::ConfigEntry,
        FileKind::AclRules => RootSchema::Block(&schema::acl::ACL_RULES, KeyStyle::Snake),
        FileKind::AclPolicyApi => RootSchema::Block(&schema::api::ACL_POLICY, KeyStyle::Pascal),
        FileKind::Manifest => RootSchema::Block(&schema::manifest::MANIFEST, KeyStyle::Snake),
        FileKind::NotConsul | FileKind::Kubernetes => return None,
    })
}

/// A config entry's `Kind`: Consul reads it only when spelled exactly `Kind` or `kind`.
pub fn kind_entry(entries: &[Entry]) -> Option<&Entry> {
    entries.iter().find(|e| e.key.text == "Kind" || e.key.text == "kind")
}

/// The schema of a config entry object, from its `Kind`.
pub fn config_entry_block(entries: &[Entry]) -> Option<&'static Block> {
    kind_entry(entries)?.value.as_str().and_then(schema::entries::entry_block)
}

/// What the value of a field holds, for descending into it.
#[derive(Clone, Copy, Debug)]
pub enum Nested {
    /// An object, or a list of objects (repeated blocks), of this block.
    Block(&'static Block),
    /// User-chosen names (labels) whose values are objects of this block.
    Map(&'static Block),
    /// A list of config entries, each with the block of its `Kind`.
    ConfigEntries,
    /// A scalar, a list of scalars, or an opaque value.
    Leaf,
}

pub fn nested(field: &Field) -> Nested {
    match field.ty {
        Ty::Block(block) | Ty::BlockList(block) => Nested::Block(block),
        Ty::Map(block) => Nested::Map(block),
        Ty::ConfigEntries => Nested::ConfigEntries,
        _ => Nested::Leaf,
    }
}
