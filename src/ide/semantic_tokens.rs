//! Semantic tokens: what each key and name of a Consul file is — a key the schema knows (deprecated or not), a
//! key Consul does not know at that place, a service name, a peer (or cluster) name, a partition or namespace.
//! Keys are classified with the same schema dispatch as the `unknown-field` rule, names from the file's model;
//! nothing outside the file is read.

use crate::analysis::Analysis;
use crate::model::placement::{self, Nested, RootSchema};
use crate::model::{EntryBody, FileKind, Str, object_values};
use crate::schema::{Block, KeyStyle};
use crate::syntax::{TextRange, Value};
use crate::workspace::FileId;
use crate::workspace::manifest::{self, ManifestItem};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenKind {
    /// A key the schema knows at that place.
    Key,
    /// A key Consul does not know at that place (`unknown-field`).
    UnknownKey,
    Service,
    /// A peer name, or a cluster's name (which is what a peer name means).
    Peer,
    /// An admin partition or a namespace.
    Partition,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenKind,
    /// A deprecated key.
    pub deprecated: bool,
    /// Where the name is declared: a service registration's name, a cluster's label, a manifest peer name.
    pub declaration: bool,
}

/// The tokens of `file` (within `range`, when given), in order, none overlapping another, none spanning lines.
pub fn semantic_tokens(analysis: &Analysis, file: FileId, range: Option<TextRange>) -> Vec<Token> {
    let Some(source) = analysis.workspace().files.get(file) else { return Vec::new() };
    let mut out = Vec::new();
    let Some(schema) = placement::root_schema(source.kind()) else { return out };
    let root = &source.parse.root;
    match schema {
        RootSchema::Block(block, style) => keys(root, Some(block), style, &mut out),
        RootSchema::ConfigEntry => {
            let block = root.as_object().and_then(placement::config_entry_block);
            keys(root, block, KeyStyle::Pascal, &mut out);
        }
    }
    names(source, &mut out);
    let text = &source.text;
    out.retain(|t| {
        !t.range.is_empty()
            && !text.get(t.range.as_usize()).is_some_and(|s| s.contains('\n'))
            && range.is_none_or(|r| t.range.start < r.end && r.start < t.range.end)
    });
    out.sort_by_key(|t| (t.range.start, t.range.end));
    // A name can be reached twice (a registration that is also a gateway); one token per place.
    let mut last_end = 0;
    out.retain(|t| {
        let keep = t.range.start >= last_end;
        if keep {
            last_end = t.range.end;
        }
        keep
    });
    out
}

/// Key tokens of an object (or list of objects) of `block`; `None` for an object whose keys the schema does not
/// describe (a map of user-chosen names, an opaque map): those get no key tokens.
fn keys(value: &Value, block: Option<&'static Block>, style: KeyStyle, out: &mut Vec<Token>) {
    let Some(block) = block else { return };
    for object in object_values(value) {
        for entry in object.as_object().unwrap_or(&[]) {
            let Some(field) = block.field(&entry.key.text, style) else {
                out.push(token(entry.key.range, TokenKind::UnknownKey));
                continue;
            };
            out.push(Token { deprecated: field.deprecated, ..token(entry.key.range, TokenKind::Key) });
            match placement::nested(field) {
                Nested::Block(child) => keys(&entry.value, Some(child), style, out),
                Nested::Map(child) => {
                    for map in object_values(&entry.value) {
                        for label in map.as_object().unwrap_or(&[]) {
                            keys(&label.value, Some(child), style, out);
                        }
                    }
                }
                Nested::ConfigEntries => {
                    for item in object_values(&entry.value) {
                        let child = item.as_object().and_then(placement::config_entry_block);
                        keys(item, child, KeyStyle::Pascal, out);
                    }
                }
                Nested::Leaf => {}
            }
        }
    }
}

fn token(range: TextRange, kind: TokenKind) -> Token {
    Token { range, kind, deprecated: false, declaration: false }
}

/// Service, peer and partition names, from the model (and the manifest's clusters and peers).
fn names(source: &crate::workspace::SourceFile, out: &mut Vec<Token>) {
    let mut name = |s: &Option<Str>, kind: TokenKind, declaration: bool| {
        if let Some(s) = s.as_ref().filter(|s| !s.text.is_empty()) {
            out.push(Token { declaration, ..token(s.range, kind) });
        }
    };
    let model = &source.model;
    for service in &model.services {
        name(&service.name, TokenKind::Service, true);
        for upstream in &service.upstreams {
            name(&upstream.destination_name, TokenKind::Service, false);
            name(&upstream.destination_peer, TokenKind::Peer, false);
            if let Some(partition) = upstream.destination_partition() {
                name(&Some(partition.clone()), TokenKind::Partition, false);
            }
            if let Some(namespace) = upstream.destination_namespace() {
                name(&Some(namespace.clone()), TokenKind::Partition, false);
            }
        }
    }
    for entry in &model.entries {
        if entry.names_a_service() {
            name(&entry.name, TokenKind::Service, false);
        }
        if let EntryBody::ExportedServices(services) = &entry.body {
            for exported in services {
                if exported.name.text != "*" {
                    name(&Some(exported.name.clone()), TokenKind::Service, false);
                }
                name(&exported.namespace, TokenKind::Partition, false);
                for consumer in &exported.consumers {
                    name(&consumer.peer, TokenKind::Peer, false);
                    name(&consumer.partition, TokenKind::Partition, false);
                }
            }
        }
        for mention in &entry.mentions {
            name(&mention.service, TokenKind::Service, false);
            name(&mention.peer, TokenKind::Peer, false);
        }
    }
    for rule in model.policies.iter().flat_map(|p| &p.rules) {
        if crate::workspace::index::names_one_service(rule)
            && let Some(range) = rule.segment_range
        {
            out.push(token(range, TokenKind::Service));
        }
    }
    if source.kind() == FileKind::Manifest {
        for item in manifest::items(&source.parse) {
            match item {
                ManifestItem::Cluster { label, .. } => {
                    out.push(Token { declaration: true, ..token(label, TokenKind::Peer) })
                }
                ManifestItem::Peer { key, value, .. } => {
                    out.push(Token { declaration: true, ..token(key, TokenKind::Peer) });
                    out.push(token(value, TokenKind::Peer));
                }
                ManifestItem::Path { .. } | ManifestItem::AclEnabled { .. } => {}
            }
        }
    }
    // Partitions and namespaces of services and entries, where they are written.
    let root = &source.parse.root;
    partitions(root, out);
}

/// `partition` / `namespace` values anywhere in the file (services, entries, upstream destinations' are above).
fn partitions(value: &Value, out: &mut Vec<Token>) {
    match &value.kind {
        crate::syntax::ValueKind::Object(entries) => {
            for entry in entries {
                let key = entry.key.text.to_ascii_lowercase();
                if matches!(key.as_str(), "partition" | "namespace")
                    && entry.value.as_str().is_some_and(|s| !s.is_empty())
                {
                    out.push(token(entry.value.range, TokenKind::Partition));
                }
                partitions(&entry.value, out);
            }
        }
        crate::syntax::ValueKind::List(items) => items.iter().for_each(|item| partitions(item, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing;

    fn check(fixture: &str) -> String {
        let (analysis, file, _) = testing::analysis(fixture);
        semantic_tokens(&analysis, file, None)
            .iter()
            .map(|t| {
                let mut kind = format!("{:?}", t.kind);
                if t.deprecated {
                    kind.push_str(" deprecated");
                }
                if t.declaration {
                    kind.push_str(" declaration");
                }
                format!("{} {kind}", testing::show_range(&analysis, file, t.range))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn keys_known_unknown_deprecated_and_names() {
        insta::assert_snapshot!(check(
            r#"
            //- agent.hcl
            datacentre = "dc1"
            start_join = ["10.0.0.1"]
            service {
              name      = "web"
              partition = "team-a"
              port      = 8080
              connect {
                sidecar_service {
                  proxy {
                    upstreams = [{ destination_name = "db", destination_peer = "east", local_bind_port = 9000 }]
                  }
                }
              }
            }
            "#
        ));
    }

    #[test]
    fn config_entry_and_json() {
        insta::assert_snapshot!(check(
            r#"
            //- exports.json
            {"Kind": "exported-services", "Name": "default",
             "Services": [{"Name": "web", "Namespace": "ns", "Consumers": [{"Peer": "east"}, {"Partition": "p2"}]}]}
            "#
        ));
    }

    #[test]
    fn manifest_clusters_and_peers() {
        insta::assert_snapshot!(check(
            r#"
            //- consul-ls.hcl
            cluster "c1" {
              paths = ["c1"]
              peers = { "to-c2" = "c2" }
            }
            "#
        ));
    }
}
