//! ACL policies: rules files (HCL or JSON) and API policy objects whose `Rules` string is parsed with its
//! positions mapped back into the file.

use super::FileModel;
use super::view::Obj;
use crate::schema::KeyStyle;
use crate::syntax::strings::{OffsetMap, heredoc_with_map, unescape_hcl, unescape_json};
use crate::syntax::{SyntaxError, TextRange, Value, ValueKind};

#[derive(Clone, Debug)]
pub struct AclPolicy {
    pub name: Option<String>,
    pub rules: Vec<AclRule>,
    /// The policy object (or the whole file for a rules file).
    pub range: TextRange,
    pub source: RulesSource,
}

/// Where a policy's rules are written, so a fix knows how to add one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesSource {
    /// The file itself is the rules document.
    File,
    /// An API policy's `Rules` string value at `range`.
    RulesString { range: TextRange },
    /// Written by a tool from other settings (the Consul Helm chart's mesh gateway policy, from
    /// `global.acls.manageSystemACLs`): nothing to edit in the file.
    Generated,
}

/// One rule: `service "web" { policy = "write" }`, `mesh = "write"`, `partition_prefix "" { peering = "read" }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclRule {
    /// `service`, `service_prefix`, `mesh`, `peering`, ...
    pub resource: String,
    /// The label (`web`, `""`); `None` for scalar resources such as `mesh`.
    pub segment: Option<String>,
    /// Where the label is written (quotes included; `\"web\"` inside a `Rules` string), in file coordinates.
    pub segment_range: Option<TextRange>,
    /// `read`, `write`, `deny`, `list`.
    pub access: String,
    /// The whole rule, in file coordinates.
    pub range: TextRange,
    /// The access value (`"write"`), in file coordinates, for fixes that raise it.
    pub access_range: TextRange,
    /// Enclosing `partition`/`partition_prefix` scope: (resource, label).
    pub partition_scope: Option<(String, String)>,
}

/// Resources whose rules take a label.
pub const LABELLED: &[&str] = &[
    "agent",
    "agent_prefix",
    "event",
    "event_prefix",
    "identity",
    "identity_prefix",
    "key",
    "key_prefix",
    "node",
    "node_prefix",
    "query",
    "query_prefix",
    "service",
    "service_prefix",
    "session",
    "session_prefix",
];
/// Resources whose rule is a single access level.
pub const SCALAR: &[&str] = &["acl", "keyring", "mesh", "operator", "peering"];
/// Enterprise scopes that nest other rules.
pub const SCOPES: &[&str] = &["partition", "partition_prefix", "namespace", "namespace_prefix"];

/// Reads rules from a rules document; `map` turns document ranges into file ranges.
pub fn read_rules(root: Obj<'_>, map: &dyn Fn(TextRange) -> TextRange) -> Vec<AclRule> {
    let mut rules = Vec::new();
    read_scope(root, map, None, &mut rules);
    rules
}

fn read_scope(
    obj: Obj<'_>,
    map: &dyn Fn(TextRange) -> TextRange,
    partition: Option<(String, String)>,
    rules: &mut Vec<AclRule>,
) {
    for entry in obj.entries {
        let resource = entry.key.text.as_str().to_ascii_lowercase();
        if SCALAR.contains(&resource.as_str()) {
            if let Some(access) = entry.value.as_str() {
                rules.push(AclRule {
                    resource: resource.clone(),
                    segment: None,
                    segment_range: None,
                    access: access.to_string(),
                    range: map(entry.range()),
                    access_range: map(entry.value.range),
                    partition_scope: partition.clone(),
                });
            }
            continue;
        }
        let labelled = LABELLED.contains(&resource.as_str());
        let scope = SCOPES.contains(&resource.as_str());
        if !labelled && !scope {
            continue;
        }
        for labels in super::view::object_values(&entry.value) {
            let Some(label_entries) = labels.as_object() else { continue };
            let single = label_entries.len() == 1;
            for label in label_entries {
                let rule_range = if single { entry.key.range.cover(label.value.range) } else { label.range() };
                for body in super::view::object_values(&label.value) {
                    let Some(body_obj) = Obj::new(body, KeyStyle::Snake) else { continue };
                    if scope {
                        let inner_partition = if resource.starts_with("partition") {
                            Some((resource.clone(), label.key.text.to_string()))
                        } else {
                            partition.clone()
                        };
                        read_scope(body_obj, map, inner_partition, rules);
                        continue;
                    }
                    for access_key in ["policy", "intentions"] {
                        let Some(access) = body_obj.entry(access_key) else { continue };
                        let Some(text) = access.value.as_str() else { continue };
                        // `intentions` grants on intentions, not on the service itself.
                        let resource_name = if access_key == "intentions" {
                            format!("{resource}:intentions")
                        } else {
                            resource.to_string()
                        };
                        rules.push(AclRule {
                            resource: resource_name,
                            segment: Some(label.key.text.to_string()),
                            segment_range: Some(map(label.key.range)),
                            access: text.to_string(),
                            range: map(rule_range),
                            access_range: map(access.value.range),
                            partition_scope: partition.clone(),
                        });
                    }
                }
            }
        }
    }
}

/// An API policy object `{"Name": ..., "Rules": "..."}`: the `Rules` string is decoded with an offset map, parsed,
/// and its rules placed on the file's characters.
pub fn read_api_policy(root: Obj<'_>, text: &str, model: &mut FileModel) {
    let name = root.string("name").map(|n| n.text);
    let mut rules = Vec::new();
    let mut source = RulesSource::File;
    if let Some(rules_value) = root.value("rules")
        && let Some(embedded) = EmbeddedRules::decode(rules_value, text)
    {
        source = RulesSource::RulesString { range: rules_value.range };
        for error in &embedded.parse.errors {
            let range = embedded.to_file(error.range);
            model.embedded_errors.push(SyntaxError { message: format!("in Rules: {}", error.message), range });
        }
        if let Some(doc) = Obj::new(&embedded.parse.root, KeyStyle::Snake) {
            rules = read_rules(doc, &|r| embedded.to_file(r));
        }
    }
    model.policies.push(AclPolicy { name: name.map(|n| n.to_string()), rules, range: root.range, source });
}

/// A policy's `Rules` string, decoded and parsed, with the way back to file offsets.
pub struct EmbeddedRules {
    /// The decoded rules document.
    pub text: String,
    pub parse: crate::syntax::Parse,
    map: OffsetMap,
    base: u32,
}

impl EmbeddedRules {
    pub fn decode(value: &Value, file_text: &str) -> Option<EmbeddedRules> {
        let (text, map, base) = decode_with_map(value, file_text)?;
        let parse = crate::syntax::parse(&text, crate::syntax::SourceKind::Hcl);
        Some(EmbeddedRules { text, parse, map, base })
    }

    /// A range of the decoded document → the characters of the file that wrote it.
    pub fn to_file(&self, r: TextRange) -> TextRange {
        let start = self.base + self.map.source_offset(r.start as usize);
        // The exclusive end is where the decoded character after the range was written (escapes are wider).
        let end = self.base + self.map.source_offset(r.end as usize);
        TextRange::new(start, end.max(start))
    }
}

/// Decodes a string value, returning the text, a map from decoded offsets to offsets relative to `base`, and
/// `base` (a file offset).
fn decode_with_map(value: &Value, text: &str) -> Option<(String, OffsetMap, u32)> {
    let ValueKind::String(s) = &value.kind else { return None };
    let raw = text.get(value.range.as_usize())?;
    let mut map = OffsetMap::default();
    if s.heredoc {
        let decoded = heredoc_with_map(raw, Some(&mut map))?;
        return Some((decoded, map, value.range.start));
    }
    let inner = raw.strip_prefix('"')?.strip_suffix('"').unwrap_or(&raw[1..]);
    let base = value.range.start + 1;
    // JSON and HCL escapes agree on everything a rules document uses; use the file's own flavour.
    let decoded = if text.trim_start().starts_with('{') {
        unescape_json(inner, Some(&mut map)).ok()?
    } else {
        unescape_hcl(inner, Some(&mut map))
    };
    Some((decoded, map, base))
}
