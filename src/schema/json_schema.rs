//! JSON Schema (draft 2020-12) generated from the schema table, for other tooling (editors with a JSON language
//! server, CI validators) and as the input of the benchmark's baseline.
//!
//! What Consul accepts is encoded as faithfully as JSON Schema allows, following how consul-ls itself checks a
//! file (`rules::schema`), so a file consul-ls accepts validates and a file it rejects for a schema reason fails:
//! - **Key spellings.** JSON Schema matches property names exactly; Consul matches them case-insensitively. Every
//!   field is listed under `properties` with its canonical spelling (what completion offers and hover documents)
//!   *and* under `patternProperties` with a regex that accepts every spelling Consul accepts: any letter case,
//!   plus — in config entries and API payloads — the underscore-free form of a snake_case name and the aliases.
//!   The regexes spell case-insensitivity as `[aA]` classes, which ECMA-262 engines (as used by editors) and
//!   Rust's `regex` read alike. Unknown keys fail (`additionalProperties: false`); opaque maps (`meta`,
//!   `config`, …) are open.
//! - **Required fields** are required in any spelling: `required` with the canonical name, or else some property
//!   name matching the field's regex (`not: {propertyNames: {not: {pattern}}}`). A config entry's `Kind` must be
//!   spelled `Kind` or `kind` and hold exactly its kind.
//! - **Types.** Agent configuration is strict (`"8080"` is not a port); config entries and API payloads decode
//!   weakly (`"8080"` is, and so are `"true"` for booleans and numbers for strings). `null` is accepted for every
//!   field, as by Go's JSON decoder. A block is also accepted as a list of blocks (HCL 1's JSON form, which
//!   Consul's decoder flattens).
//! - **Docs**: each field's description is its one-line doc, with `(Consul Enterprise)` where it applies and a
//!   link to Consul's documentation; defaults, enumerations and deprecation are the table's.
//!
//! Not expressible here, and left to `consul-ls check`: cross-field and cross-file rules (peering, gateways,
//! ACLs), the rules inside an API policy's `Rules` string, and Consul's value checks beyond type and enumeration.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::lookup::{KeyStyle, to_snake};
use super::types::{Block, DOCS_BASE, Field, Ty};
use super::{acl, agent, api, entries, service};

/// The kinds `consul-ls schema KIND` knows besides the config entry kinds.
const AGENT: &str = "agent";
const SERVICE: &str = "service";
const ACL_POLICY: &str = "acl-policy";

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
/// The definition that dispatches a config entry (in `config_entries.bootstrap`) on its `Kind`.
const CONFIG_ENTRY_DEF: &str = "config-entry";

/// Every kind a schema can be generated for, sorted: the config entry kinds, `agent`, `service`, `acl-policy`.
pub fn kinds() -> Vec<&'static str> {
    let mut kinds: Vec<&str> = entries::CONFIG_ENTRY_KINDS.iter().map(|(kind, _)| *kind).collect();
    kinds.extend([AGENT, SERVICE, ACL_POLICY]);
    kinds.sort_unstable();
    kinds
}

/// The JSON Schema of one kind of Consul file, or `None` for an unknown kind.
///
/// - a config entry kind (`exported-services`, `mesh`, …): a config entry as `consul config write` reads it;
/// - `service`: a service definition in API form (`/v1/agent/service/register`, a `{"Name": …}` file) — the
///   `service { }` block of an agent config file is covered by `agent`;
/// - `agent`: an agent configuration file, including `service`/`services` and `config_entries.bootstrap`;
/// - `acl-policy`: an ACL policy: a rules document (HCL/JSON rules) or an API policy object with a `Rules` string.
pub fn json_schema(kind: &str) -> Option<Value> {
    let mut generator = Generator::default();
    let (title, description, root) = match kind {
        AGENT => (
            "Consul agent configuration".to_string(),
            link(agent::AGENT.link),
            generator.block_ref(&agent::AGENT, KeyStyle::Snake),
        ),
        SERVICE => (
            "Consul service definition (API form)".to_string(),
            format!(
                "A service registration payload (`/v1/agent/service/register`). In an agent configuration file, the `service` block is described by the `agent` schema.\n\n{}",
                link(service::SERVICE.link)
            ),
            generator.block_ref(&service::SERVICE, KeyStyle::Pascal),
        ),
        ACL_POLICY => (
            "Consul ACL policy".to_string(),
            format!(
                "Either the rules document of a policy (HCL or JSON rules) or an API policy object whose `Rules` string holds them (the string itself is not checked here).\n\n{}",
                link(acl::ACL_RULES.link)
            ),
            json!({"anyOf": [
                generator.block_ref(&acl::ACL_RULES, KeyStyle::Snake),
                generator.block_ref(&api::ACL_POLICY, KeyStyle::Pascal),
            ]}),
        ),
        _ => {
            let (kind, block) = entries::CONFIG_ENTRY_KINDS.iter().find(|(k, _)| *k == kind)?;
            (format!("Consul {kind} config entry"), link(block.link), generator.entry_ref(kind))
        }
    };
    let mut schema = Map::new();
    schema.insert("$schema".into(), DRAFT.into());
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    if let Value::Object(root) = root {
        schema.extend(root);
    }
    schema.insert("$defs".into(), Value::Object(generator.defs));
    Some(Value::Object(schema))
}

/// Builds `$defs` as blocks are reached: one definition per (block, key style), so recursive blocks
/// (a sidecar service is a service) and blocks shared between kinds are written once.
#[derive(Default)]
struct Generator {
    defs: Map<String, Value>,
    names: HashMap<(usize, KeyStyle), String>,
    entry_names: HashMap<&'static str, String>,
}

impl Generator {
    /// `{"$ref": …}` to the definition of `block` read with `style`, generating it on first use.
    fn block_ref(&mut self, block: &'static Block, style: KeyStyle) -> Value {
        let key = (block as *const Block as usize, style);
        if let Some(name) = self.names.get(&key) {
            return reference(name);
        }
        let name = self.unique_name(&slug(block.name, style, block));
        self.names.insert(key, name.clone());
        // Reserved before the body is built, so a block that contains itself refers to its own definition.
        self.defs.insert(name.clone(), Value::Null);
        let body = self.block_body(block, style, None);
        self.defs.insert(name.clone(), body);
        reference(&name)
    }

    /// `{"$ref": …}` to the definition of the config entry of `kind` (its block, with `Kind` fixed).
    fn entry_ref(&mut self, kind: &'static str) -> Value {
        if let Some(name) = self.entry_names.get(kind) {
            return reference(name);
        }
        let block = entries::entry_block(kind).expect("a config entry kind of the table");
        let name = self.unique_name(&format!("{kind}-config-entry"));
        self.entry_names.insert(kind, name.clone());
        self.defs.insert(name.clone(), Value::Null);
        let body = self.block_body(block, KeyStyle::Pascal, Some(kind));
        self.defs.insert(name.clone(), body);
        reference(&name)
    }

    /// The definition that checks a config entry against the schema of its `Kind`.
    fn config_entry_dispatch(&mut self) -> Value {
        if !self.defs.contains_key(CONFIG_ENTRY_DEF) {
            self.defs.insert(CONFIG_ENTRY_DEF.into(), Value::Null);
            let all: Vec<&str> = entries::CONFIG_ENTRY_KINDS.iter().map(|(kind, _)| *kind).collect();
            let mut cases = Vec::new();
            for kind in &all {
                let then = self.entry_ref(kind);
                cases.push(json!({
                    "if": {"anyOf": [
                        {"required": ["Kind"], "properties": {"Kind": {"const": kind}}},
                        {"required": ["kind"], "properties": {"kind": {"const": kind}}},
                    ]},
                    "then": then,
                }));
            }
            let kind_schema = json!({"enum": all, "description": "Config entry kind (case-sensitive)."});
            let body = json!({
                "type": "object",
                "description": "A config entry: checked against the schema of its `Kind` (spelled `Kind` or `kind`).",
                "properties": {"Kind": kind_schema, "kind": kind_schema},
                "anyOf": [{"required": ["Kind"]}, {"required": ["kind"]}],
                "allOf": cases,
            });
            self.defs.insert(CONFIG_ENTRY_DEF.into(), body);
        }
        reference(CONFIG_ENTRY_DEF)
    }

    fn unique_name(&self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.defs.contains_key(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    }

    /// An object with the block's fields. For a config entry (`kind`), `Kind`/`kind` must hold the kind.
    fn block_body(&mut self, block: &'static Block, style: KeyStyle, kind: Option<&'static str>) -> Value {
        let mut properties = Map::new();
        let mut patterns = Map::new();
        let mut required = Vec::new();
        for field in block.fields.iter().filter(|field| accepted_in(field, style)) {
            let value = self.field_schema(field, style, block);
            let pattern = key_pattern(field, style);
            let canonical = field.display_name(style);
            if let (Some(kind), "Kind") = (kind, field.name) {
                let fixed = json!({"const": kind, "description": describe(field, block)});
                properties.insert("Kind".into(), fixed.clone());
                properties.insert("kind".into(), fixed);
                required.push(json!({"anyOf": [{"required": ["Kind"]}, {"required": ["kind"]}]}));
            } else {
                properties.insert(canonical.clone(), value.clone());
                if field.required {
                    required.push(json!({"anyOf": [
                        {"required": [canonical]},
                        {"not": {"propertyNames": {"not": {"pattern": pattern}}}},
                    ]}));
                }
            }
            patterns.insert(pattern, value);
        }
        let mut body = Map::new();
        body.insert("type".into(), "object".into());
        body.insert("title".into(), block.name.into());
        body.insert("description".into(), link(block.link).into());
        body.insert("properties".into(), Value::Object(properties));
        body.insert("patternProperties".into(), Value::Object(patterns));
        body.insert("additionalProperties".into(), false.into());
        if !required.is_empty() {
            body.insert("allOf".into(), Value::Array(required));
        }
        Value::Object(body)
    }

    fn field_schema(&mut self, field: &'static Field, style: KeyStyle, block: &'static Block) -> Value {
        let weak = style == KeyStyle::Pascal;
        let mut schema = match field.ty {
            Ty::Str if weak => json!({"type": ["string", "number", "boolean", "null"]}),
            Ty::Str => json!({"type": ["string", "null"]}),
            Ty::Bool if weak => json!({"anyOf": [
                {"type": ["boolean", "number", "null"]},
                {"enum": ["true", "false", "1", "0", ""]},
            ]}),
            Ty::Bool => json!({"type": ["boolean", "null"]}),
            Ty::Int if weak => json!({"anyOf": [
                {"type": ["integer", "null"]},
                {"type": "string", "pattern": INTEGER_STRING},
            ]}),
            Ty::Int => json!({"type": ["integer", "null"]}),
            Ty::Float if weak => json!({"anyOf": [
                {"type": ["number", "null"]},
                {"type": "string", "pattern": NUMBER_STRING},
            ]}),
            Ty::Float => json!({"type": ["number", "null"]}),
            Ty::Duration => json!({"type": ["string", "number", "null"]}),
            Ty::Enum(allowed) => {
                let mut values: Vec<Value> = allowed.iter().map(|v| Value::from(*v)).collect();
                values.push(Value::Null);
                json!({"enum": values})
            }
            Ty::StrList => {
                let items =
                    if weak { json!(["string", "number", "boolean", "null"]) } else { json!(["string", "null"]) };
                json!({"type": ["string", "array", "null"], "items": {"type": items}})
            }
            Ty::Block(nested) => {
                let one = self.block_ref(nested, style);
                json!({"anyOf": [one, list_of(&one), {"type": "null"}]})
            }
            Ty::BlockList(nested) => {
                let one = self.block_ref(nested, style);
                json!({"anyOf": [list_of(&one), one, {"type": "null"}]})
            }
            Ty::Map(nested) => {
                let one = self.block_ref(nested, style);
                let value = json!({"anyOf": [one, list_of(&one), {"type": "null"}]});
                let map = json!({"type": "object", "additionalProperties": value});
                json!({"anyOf": [map, {"type": "array", "items": {"anyOf": [map, {"type": "null"}]}}, {"type": "null"}]})
            }
            // Opaque maps: keys are user-chosen and not checked (HCL 1's JSON may wrap the map in a list).
            Ty::Opaque => json!({"type": ["object", "array", "null"]}),
            Ty::Any => json!({}),
            Ty::ConfigEntries => {
                let entry = self.config_entry_dispatch();
                json!({"anyOf": [list_of(&entry), entry, {"type": "null"}]})
            }
        };
        let object = schema.as_object_mut().expect("field schemas are objects");
        object.insert("description".into(), describe(field, block).into());
        if let Some(default) = field.default.and_then(|d| default_value(field.ty, d)) {
            object.insert("default".into(), default);
        }
        if field.deprecated {
            object.insert("deprecated".into(), true.into());
        }
        schema
    }
}

/// A quoted whole number, as Consul's weak decoding of config entries accepts it (consul-ls trims blanks).
const INTEGER_STRING: &str = r"^\s*[+-]?[0-9]+\s*$";
/// A quoted number.
const NUMBER_STRING: &str = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$";

/// Whether consul-ls matches the field at all in files of this style (API-only fields are unknown in agent
/// configuration).
fn accepted_in(field: &Field, style: KeyStyle) -> bool {
    !(field.api_only && style == KeyStyle::Snake)
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/$defs/{name}")})
}

fn list_of(one: &Value) -> Value {
    json!({"type": "array", "items": {"anyOf": [one, {"type": "null"}]}})
}

/// `service definition` read as PascalCase → `service-definition-pascal`: definition names are plain URI
/// fragments. A block is suffixed with the style only when read in the other style than its own casing.
fn slug(name: &str, style: KeyStyle, block: &Block) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    let own = match block.casing {
        super::types::Casing::Snake => KeyStyle::Snake,
        super::types::Casing::Pascal => KeyStyle::Pascal,
        super::types::Casing::Camel => KeyStyle::Camel,
    };
    match (style == own, style) {
        (true, _) => out,
        (false, KeyStyle::Snake) => format!("{out}-snake"),
        (false, KeyStyle::Pascal) => format!("{out}-pascal"),
        (false, KeyStyle::Camel) => format!("{out}-camel"),
    }
}

/// The regex of every key spelling that names `field` in a file of this style (see `lookup::Field::matches`).
fn key_pattern(field: &Field, style: KeyStyle) -> String {
    if style == KeyStyle::Camel {
        // Custom resources: exactly one spelling, case-sensitive.
        // Field names are letters and digits: nothing to escape.
        return format!("^{}$", crate::schema::to_camel(field.name));
    }
    let snake = to_snake(field.name);
    let mut spellings = vec![snake.clone()];
    if style == KeyStyle::Pascal && snake.contains('_') {
        spellings.push(snake.replace('_', ""));
    }
    spellings.extend(field.aliases.iter().map(|alias| alias.to_string()));
    let mut alternatives: Vec<String> = Vec::new();
    for spelling in spellings {
        let regex = case_insensitive(&spelling);
        if !alternatives.contains(&regex) {
            alternatives.push(regex);
        }
    }
    format!("^(?:{})$", alternatives.join("|"))
}

/// `peer_name` → `[pP][eE][eE][rR]_[nN][aA][mM][eE]`.
fn case_insensitive(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            out.push('[');
            out.push(c.to_ascii_lowercase());
            out.push(c.to_ascii_uppercase());
            out.push(']');
        } else if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

fn describe(field: &Field, block: &Block) -> String {
    let mut out = field.doc.to_string();
    if field.enterprise {
        out.push_str(" (Consul Enterprise)");
    }
    let page = if field.link.is_empty() { block.link } else { field.link };
    if !page.is_empty() {
        out.push_str("\n\n");
        out.push_str(&link(page));
    }
    out
}

fn link(page: &str) -> String {
    if page.is_empty() {
        return String::new();
    }
    match page.strip_prefix("../") {
        Some(rest) => format!("{}{rest}", DOCS_BASE.trim_end_matches("docs/")),
        None => format!("{DOCS_BASE}{page}"),
    }
}

/// The table's default (a string) as a JSON value of the field's type; `None` where it is prose.
fn default_value(ty: Ty, default: &str) -> Option<Value> {
    match ty {
        Ty::Int => default.parse::<i64>().ok().map(Value::from),
        Ty::Float => default.parse::<f64>().ok().map(Value::from),
        Ty::Bool => default.parse::<bool>().ok().map(Value::from),
        Ty::Str | Ty::Duration | Ty::Enum(_) => Some(Value::from(default)),
        _ => serde_json::from_str(default).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validator(kind: &str) -> jsonschema::Validator {
        let schema = json_schema(kind).unwrap_or_else(|| panic!("no schema for {kind}"));
        jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{kind}: {e}"))
    }

    fn assert_valid(kind: &str, instance: Value) {
        let validator = validator(kind);
        let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{kind}: {instance} should be valid: {errors:?}");
    }

    fn assert_invalid(kind: &str, instance: Value) {
        assert!(!validator(kind).is_valid(&instance), "{kind}: {instance} should be invalid");
    }

    #[test]
    fn every_kind_is_a_valid_draft_2020_12_schema() {
        let kinds = kinds();
        assert_eq!(kinds.len(), entries::CONFIG_ENTRY_KINDS.len() + 3);
        for kind in kinds {
            let schema = json_schema(kind).unwrap();
            assert_eq!(schema["$schema"], DRAFT);
            jsonschema::draft202012::meta::validate(&schema).unwrap_or_else(|e| panic!("{kind}: {e}"));
            // Compiling resolves every `$ref`.
            jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{kind}: {e}"));
            // No definition was left reserved but unwritten.
            for (name, def) in schema["$defs"].as_object().unwrap() {
                assert!(def.is_object(), "{kind}: $defs/{name}");
            }
        }
        assert!(json_schema("no-such-kind").is_none());
        assert!(json_schema("Exported-Services").is_none(), "kinds are case-sensitive, as in Consul");
    }

    /// The regexes must mean the same in an editor's ECMA-262 engine: only `[xX]` classes, literal characters,
    /// `\.` and `^(?:…|…)$`.
    #[test]
    fn key_patterns_are_portable() {
        fn walk(value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::Object(patterns)) = map.get("patternProperties") {
                        out.extend(patterns.keys().cloned());
                    }
                    map.values().for_each(|v| walk(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut patterns = Vec::new();
        walk(&json_schema("agent").unwrap(), &mut patterns);
        walk(&json_schema("acl-policy").unwrap(), &mut patterns);
        walk(&json_schema("service").unwrap(), &mut patterns);
        assert!(patterns.len() > 500);
        for pattern in patterns {
            let inner = pattern.strip_prefix("^(?:").and_then(|p| p.strip_suffix(")$")).unwrap();
            // `\.` (a literal dot, `disable_compat_1.9`) is an escape ECMA-262 allows in unicode mode too.
            let inner = inner.replace("\\.", "");
            assert!(inner.chars().all(|c| c.is_ascii_alphanumeric() || "[]|_-".contains(c)), "{pattern}");
        }
        assert_eq!(case_insensitive("peer_name"), "[pP][eE][eE][rR]_[nN][aA][mM][eE]");
    }

    #[test]
    fn config_entry_keys_match_in_any_case_and_with_aliases() {
        let entry = json!({
            "kind": "exported-services",
            "NAME": "default",
            "services": [{"name": "web", "consumers": [{"peer_name": "cluster-02"}, {"PEER": "cluster-03"}]}],
        });
        assert_valid("exported-services", entry);
        assert_valid("mesh", json!({"Kind": "mesh", "peering": {"peer_through_mesh_gateways": true}}));
        assert_valid("mesh", json!({"Kind": "mesh", "Peering": {"PeerThroughMeshGateways": true}}));
        assert_valid("mesh", json!({"Kind": "mesh", "peering": {"peerthroughmeshgateways": true}}));
        // Underscores are all or nothing: Consul's key translation knows only the snake_case form.
        assert_invalid("mesh", json!({"Kind": "mesh", "peering": {"peer_throughmeshgateways": true}}));
        assert_invalid("exported-services", json!({"Kind": "exported-services", "Name": "default", "Servicess": []}));
    }

    #[test]
    fn kind_is_fixed_and_spelled_kind_or_kind() {
        assert_valid("mesh", json!({"Kind": "mesh"}));
        assert_valid("mesh", json!({"kind": "mesh"}));
        assert_invalid("mesh", json!({"KIND": "mesh"}));
        assert_invalid("mesh", json!({"Kind": "exported-services"}));
        assert_invalid("mesh", json!({"Kind": "Mesh"}));
        assert_invalid("mesh", json!({}));
    }

    #[test]
    fn required_fields_in_any_spelling() {
        assert_valid("service-defaults", json!({"Kind": "service-defaults", "Name": "web"}));
        assert_valid("service-defaults", json!({"Kind": "service-defaults", "name": "web"}));
        assert_invalid("service-defaults", json!({"Kind": "service-defaults"}));
        // proxy-defaults and mesh need no Name.
        assert_valid("proxy-defaults", json!({"Kind": "proxy-defaults"}));
        // Required inside nested blocks too: an exported service needs its Name.
        assert_invalid(
            "exported-services",
            json!({"Kind": "exported-services", "Name": "default", "Services": [{"Consumers": [{"Peer": "x"}]}]}),
        );
    }

    #[test]
    fn config_entries_decode_weakly_agent_configuration_does_not() {
        assert_valid(
            "service-defaults",
            json!({"Kind": "service-defaults", "Name": "web", "LocalConnectTimeoutMs": "5000",
                   "TransparentProxy": {"DialedDirectly": "true"}}),
        );
        assert_invalid(
            "service-defaults",
            json!({"Kind": "service-defaults", "Name": "web", "LocalConnectTimeoutMs": "5s"}),
        );
        assert_valid("agent", json!({"ports": {"grpc": 8502}, "server": true}));
        assert_invalid("agent", json!({"ports": {"grpc": "8502"}}));
        assert_invalid("agent", json!({"server": "true"}));
        assert_valid("service", json!({"Name": "web", "Port": "8080"}));
    }

    #[test]
    fn agent_keys_are_snake_case_in_any_letter_case() {
        let upstream = |key: &str| {
            json!({"service": {"name": "web", "connect": {"sidecar_service": {"proxy": {"upstreams": [
                {"destination_name": "api", key: "cluster-02", "local_bind_port": 9000}
            ]}}}}})
        };
        assert_valid("agent", upstream("destination_peer"));
        assert_valid("agent", upstream("Destination_Peer"));
        assert_invalid("agent", upstream("DestinationPeer"));
        assert_invalid("agent", upstream("destination_pear"));
        // An upstream needs its destination_name.
        assert_invalid(
            "agent",
            json!({"service": {"name": "web", "connect": {"sidecar_service": {"proxy": {
            "upstreams": [{"destination_peer": "cluster-02", "local_bind_port": 9000}]}}}}}),
        );
        // The API form of a service takes PascalCase too; the catalog-only `Service` is not an agent key.
        assert_valid(
            "service",
            json!({"Name": "web", "Connect": {"SidecarService": {"Proxy": {"Upstreams": [
            {"DestinationName": "api", "DestinationPeer": "cluster-02", "LocalBindPort": 9000}]}}}}),
        );
        assert_invalid("agent", json!({"service": {"name": "web", "service": "web"}}));
    }

    #[test]
    fn enumerations() {
        let mode = |mode: &str| json!({"Kind": "proxy-defaults", "Name": "global", "MeshGateway": {"Mode": mode}});
        for ok in ["local", "remote", "none", ""] {
            assert_valid("proxy-defaults", mode(ok));
        }
        assert_invalid("proxy-defaults", mode("locale"));
        assert_invalid("proxy-defaults", mode("LOCAL"));
    }

    #[test]
    fn blocks_also_as_lists_and_open_opaque_maps() {
        assert_valid("agent", json!({"ports": [{"grpc": 8502}], "node_meta": {"anything": "goes", "rack": "r1"}}));
        assert_valid(
            "proxy-defaults",
            json!({"Kind": "proxy-defaults", "Config": {"protocol": "http", "envoy_whatever": {"x": 1}}}),
        );
        assert_invalid("agent", json!({"ports": "8500"}));
    }

    #[test]
    fn bootstrap_config_entries_are_checked_by_kind() {
        let agent = |entry: Value| json!({"config_entries": {"bootstrap": [entry]}});
        assert_valid(
            "agent",
            agent(json!({"Kind": "proxy-defaults", "Name": "global", "Config": {"protocol": "http"}})),
        );
        assert_valid("agent", agent(json!({"kind": "mesh", "peering": {"peer_through_mesh_gateways": true}})));
        assert_invalid("agent", agent(json!({"Kind": "proxy-defaults", "MeshGateway": {"Mode": "locale"}})));
        assert_invalid("agent", agent(json!({"Kind": "no-such-kind", "Name": "x"})));
        assert_invalid("agent", agent(json!({"Name": "x"})));
    }

    #[test]
    fn acl_policy_is_a_rules_document_or_an_api_policy() {
        assert_valid(
            "acl-policy",
            json!({"service": {"mesh-gateway": {"policy": "write"}}, "service_prefix": {"": {"policy": "read"}},
                   "mesh": "write", "peering": "read"}),
        );
        assert_valid("acl-policy", json!({"Name": "mesh-gateway", "Rules": "mesh = \"write\""}));
        assert_invalid("acl-policy", json!({"mesh": "writ"}));
        assert_invalid("acl-policy", json!({"service": {"web": {"policy": "owner"}}}));
        assert_invalid("acl-policy", json!({"Description": "no name", "Rules": ""}));
    }

    #[test]
    fn docs_defaults_and_links() {
        let schema = json_schema("service-defaults").unwrap();
        let defs = schema["$defs"].as_object().unwrap();
        let entry = &defs["service-defaults-config-entry"]["properties"];
        assert_eq!(entry["LocalConnectTimeoutMs"]["default"], 5000);
        let doc = entry["Protocol"]["description"].as_str().unwrap();
        assert!(doc.starts_with("Service protocol"), "{doc}");
        assert!(doc.contains("https://developer.hashicorp.com/consul/docs/reference/config-entry/service-defaults"));
        assert_eq!(entry["Connect"]["deprecated"], true);
        assert!(entry["RateLimits"]["description"].as_str().unwrap().contains("(Consul Enterprise)"));
        assert_eq!(
            link("../api-docs/catalog#register-entity"),
            "https://developer.hashicorp.com/consul/api-docs/catalog#register-entity"
        );
    }
}
