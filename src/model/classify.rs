//! Which kind of Consul file this is — or none. Only Consul files get diagnostics, so a mixed repository
//! (Terraform, Nomad, Packer, Vault policies, package.json) stays silent. When in doubt: not Consul.

use crate::schema::{KeyStyle, Ty, agent, api, entries, service};
use crate::syntax::{Entry, Parse, SourceKind, Value, ValueKind};

use super::acl::{LABELLED, SCALAR, SCOPES};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Agent configuration (snake_case keys), including service definition files (`service { }`).
    AgentConfig,
    /// An agent service registration payload in API form (`{"Name": ..., "Port": ...}`).
    ServiceRegistration,
    /// A `/v1/catalog/register` payload.
    CatalogRegistration,
    /// A config entry (`Kind` names a config entry kind).
    ConfigEntry,
    /// An ACL rules document (HCL or JSON rules).
    AclRules,
    /// An API policy object with a `Rules` string.
    AclPolicyApi,
    /// consul-ls's own manifest, `consul-ls.hcl`.
    Manifest,
    /// A YAML file with at least one consul-k8s document (custom resource, annotated workload, Helm values);
    /// the model's `k8s` part says which documents are which.
    Kubernetes,
    #[default]
    NotConsul,
}

impl FileKind {
    pub fn is_consul(self) -> bool {
        !matches!(self, FileKind::NotConsul | FileKind::Manifest)
    }
}

/// Top-level keys that mark another tool's file: Terraform, Nomad, Packer, Vault, consul-template.
const FOREIGN_KEYS: &[&str] = &[
    "resource",
    "provider",
    "terraform",
    "module",
    "variable",
    "output",
    "locals",
    "data", // Terraform
    "job",
    "group",
    "task",
    "client",
    "consul",
    "vault",
    "plugin",
    "nomad", // Nomad
    "source",
    "build",
    "packer", // Packer
    "path",
    "storage",
    "listener",
    "seal",
    "ha_storage",
    "api_addr",
    "cluster_addr", // Vault
    "template",
    "exec",
    "prefix",
    "secret", // consul-template, envconsul
    "compilerOptions",
    "dependencies",
    "devDependencies",
    "scripts",
    "apiVersion",
    "$schema",
];

/// Agent keys Consul parses but that are common words in other tools' files (`package.json` has `name` and
/// `version`): not evidence of a Consul file on their own.
const WEAK_AGENT_KEYS: &[&str] =
    &["name", "version", "revision", "build_date", "version_prerelease", "version_metadata"];

pub fn classify(parse: &Parse, file_name: &str) -> FileKind {
    if file_name == "consul-ls.hcl" {
        return FileKind::Manifest;
    }
    let kind = classify_tree(parse);
    // HCL only: a broken JSON file (a `package.json`, a Kubernetes manifest) is read too well by JSON's recovery for
    // this guesswork; it keeps the verdict on its tree.
    let broken_hcl = !parse.errors.is_empty() && parse.source_kind == SourceKind::Hcl;
    let Some(entries) = parse.root.as_object().filter(|_| broken_hcl) else { return kind };
    // The evidence is in the first keys; the typo matching below need not scan a huge broken file.
    let entries = &entries[..entries.len().min(200)];
    // A key one typo away from another tool's marker outweighs weak evidence (agent keys, which Nomad shares),
    // not a `Kind` or a policy.
    let weak = matches!(kind, FileKind::AgentConfig | FileKind::NotConsul);
    if weak && entries.iter().any(|e| near_foreign_key(&e.key.text) || (e.key.text == "server" && e.value.is_object()))
    {
        return FileKind::NotConsul;
    }
    match kind {
        // A broken rule (`mesh = ]read"`) leaves `service "web" { policy = ... }` looking like an agent's service.
        FileKind::AgentConfig
            if entries.iter().any(acl_rule_evidence)
                && !entries.iter().any(|e| is_agent_key(&e.key.text) && !acl_resource(&e.key.text)) =>
        {
            FileKind::AclRules
        }
        FileKind::NotConsul => classify_broken(entries),
        kind => kind,
    }
}

/// Whether the content positively says the file is something other than Consul configuration: another tool's file
/// (Terraform, Nomad, Packer, Vault, consul-template, consul-terraform-sync, package.json...), or a body of a Consul
/// HTTP API that is not configuration (ACL tokens, prepared queries). A file that is merely unrecognised is not.
/// Inside a manifest cluster's `paths`, every file but these is a Consul file (interface.md).
pub fn is_positively_other(parse: &Parse) -> bool {
    let Some(entries) = parse.root.as_object() else { return false };
    let broken_hcl = !parse.errors.is_empty() && parse.source_kind == SourceKind::Hcl;
    entries.iter().any(|e| FOREIGN_KEYS.contains(&e.key.text.as_str()))
        || entries.iter().any(|e| e.key.text == "server" && e.value.is_object())
        || api_bodies::is_other_tool(entries)
        || api_bodies::is_prepared_query(entries)
        || (parse.source_kind == SourceKind::Json && api_bodies::is_other_api_body(entries))
        || (broken_hcl && entries.iter().take(200).any(|e| near_foreign_key(&e.key.text)))
}

/// Another tool's marker, or a typo of one that is closer to it than to any top-level key of a Consul file it is
/// near (`clien` is Nomad's `client`; `Sources` is Consul's, not a typo of Packer's `source`).
fn near_foreign_key(key: &str) -> bool {
    if FOREIGN_KEYS.contains(&key) {
        return true;
    }
    let lower = key.to_ascii_lowercase();
    let distance = |word: &str| strsim::levenshtein(&lower, &word.to_ascii_lowercase());
    let Some(foreign) = FOREIGN_KEYS.iter().filter(|marker| near(key, marker)).map(|m| distance(m)).min() else {
        return false;
    };
    // Only words it is near compete (`_addr` is a piece of Consul's `bind_addr` as much as of Vault's `api_addr`).
    let consul_words = agent::AGENT
        .fields
        .iter()
        .chain(entries::CONFIG_ENTRY_KINDS.iter().flat_map(|(_, block)| block.fields))
        .map(|f| f.name)
        .chain(["kind"])
        .chain(LABELLED.iter().chain(SCALAR).chain(SCOPES).copied());
    consul_words.filter(|w| near(key, w)).map(distance).min().is_none_or(|consul| foreign < consul)
}

fn acl_resource(key: &str) -> bool {
    LABELLED.contains(&key) || SCALAR.contains(&key) || SCOPES.contains(&key)
}

/// A distinctive agent configuration key, or one typo away from one.
fn is_agent_key(key: &str) -> bool {
    !WEAK_AGENT_KEYS.contains(&key)
        && agent::AGENT.fields.iter().any(|f| !WEAK_AGENT_KEYS.contains(&f.name) && near(key, f.name))
}

/// A file that does not parse is classified from its error-tolerant tree, which may hold a key the error cut or
/// garbled (`servic e {`, `datac"nter`), fragments (`b` newline `nd_addr`) and the keys after the error. Rather
/// than most keys being Consul's, one piece of evidence is enough — a key that is a Consul key or one typo away
/// from one, a `Kind`, a config entry kind as a value, an ACL rule — unless a key is, or is one typo away from,
/// another tool's marker (or `server` is a Nomad-style block).
fn classify_broken(entries: &[Entry]) -> FileKind {
    // A `Kind` whose value is a config entry kind, or a typo of one, or lost in the error (Kubernetes' `kind:
    // Service` is not one); a config entry kind as the value of a garbled key (`K` newline `ind = "mesh"`).
    let entry_kind = |v: &str| entries::CONFIG_ENTRY_KINDS.iter().any(|(k, _)| strsim::levenshtein(k, v) <= 2);
    let kind_key = |e: &Entry| {
        let key = e.key.text.to_ascii_lowercase();
        let named = key == "kind" || (key.len() >= 3 && strsim::levenshtein(&key, "kind") <= 1);
        named && (key == "kind" || e.value.as_str().is_some_and(entry_kind))
    };
    let kind_value =
        |e: &Entry| e.value.as_str().is_some_and(|v| entries::CONFIG_ENTRY_KINDS.iter().any(|(k, _)| *k == v));
    // Another tool's HCL is snake_case: a config entry's own PascalCase field (`Sources`, `AccessLogs`) is one.
    let weak_fields = ["Name", "Kind", "Meta", "Partition", "Namespace"];
    let entry_field = |e: &Entry| {
        let key = e.key.text.as_str();
        key.starts_with(|c: char| c.is_ascii_uppercase())
            && !weak_fields.contains(&key)
            && entries::CONFIG_ENTRY_KINDS.iter().any(|(_, block)| block.fields.iter().any(|f| f.name == key))
    };
    if entries.iter().any(|e| kind_key(e) || kind_value(e) || entry_field(e)) {
        return FileKind::ConfigEntry;
    }
    if entries.iter().any(acl_rule_evidence) {
        return FileKind::AclRules;
    }
    // An API policy whose `Rules` is broken.
    if entries.iter().any(|e| e.key.text.eq_ignore_ascii_case("rules"))
        && mostly_known(entries, |k| api::ACL_POLICY.field(k, KeyStyle::Pascal).is_some())
    {
        return FileKind::AclPolicyApi;
    }
    // A nested agent block that lost its parent (`acl {` commented out, `tokens { ... }` left).
    let nested_block = |e: &Entry| {
        e.value.is_object()
            && agent::AGENT.fields.iter().any(|f| match f.ty {
                Ty::Block(block) => block
                    .fields
                    .iter()
                    .any(|inner| matches!(inner.ty, Ty::Block(_) | Ty::BlockList(_)) && inner.name == e.key.text),
                _ => false,
            })
    };
    if entries.iter().any(|e| is_agent_key(&e.key.text) || nested_block(e)) {
        return FileKind::AgentConfig;
    }
    FileKind::NotConsul
}

/// `key` is `word`, or one typo away (two for long words), or a piece of at least five characters cut from its
/// start or end (not starting with a `_`, where any two keys may be cut alike). Case-insensitive.
fn near(key: &str, word: &str) -> bool {
    if key.eq_ignore_ascii_case(word) {
        return true;
    }
    let (key, word) = (key.to_ascii_lowercase(), word.to_ascii_lowercase());
    let piece = key.len() >= 5 && !key.starts_with(['_', '-']);
    if piece && (word.starts_with(&key) || word.ends_with(&key)) {
        return true;
    }
    let allowed = match (key.len(), word.len()) {
        (7.., 8..) => 2,
        (5.., 5..) => 1,
        _ => 0,
    };
    strsim::levenshtein(&key, &word) <= allowed
}

/// An ACL rule in a broken file: `service "web" { policy = ... }` (the resource possibly misspelled, the body
/// possibly broken for a resource only Consul has, such as `service_prefix`), a scope holding rules
/// (`partition_prefix "" { ... }`), or a scalar rule `mesh = "write"` (its value possibly lost in the error).
fn acl_rule_evidence(e: &Entry) -> bool {
    let key = e.key.text.as_str();
    // A scalar rule, its resource possibly mistyped (`mes`, `keyrng`): `peering { enabled = true }` is the
    // agent's, `peering = "read"` a rule.
    let lower = key.to_ascii_lowercase();
    let typo = |r: &str| strsim::levenshtein(&lower, r) <= if r.len() >= 6 { 2 } else { 1 };
    if lower.len() >= 3 && SCALAR.iter().any(|r| typo(r)) && !e.value.is_object() {
        return !SCALAR.contains(&key) || e.value.as_str().is_some() || matches!(e.value.kind, ValueKind::Invalid);
    }
    let rule_key = |k: &str| matches!(k, "policy" | "intentions") || acl_resource(k);
    let is_rule = |body: &Value| body.as_object().is_some_and(|b| b.iter().any(|x| rule_key(&x.key.text)));
    // `node`, `agent`, `namespace`... are Nomad's ACL resources too; the `_prefix` ones (but `namespace_prefix`
    // and `partition_prefix` scopes) are Consul's alone.
    // (A typo of one: a piece such as `servic` is `service`'s more than `service_prefix`'s.)
    let consul_only = |r: &str| r.ends_with("_prefix") && !SCOPES.contains(&r) && strsim::levenshtein(key, r) <= 2;
    LABELLED.iter().chain(SCOPES).filter(|r| near(key, r)).any(|r| {
        super::view::object_values(&e.value).filter_map(Value::as_object).any(|labels| {
            labels.iter().any(|label| {
                label.style == crate::syntax::EntryStyle::Label
                    && (consul_only(r) || super::view::object_values(&label.value).any(is_rule))
            })
        })
    })
}

/// Classification of a file that parses (or of the tree of one that does not, first).
fn classify_tree(parse: &Parse) -> FileKind {
    let Some(entries) = parse.root.as_object() else { return FileKind::NotConsul };
    if entries.is_empty() {
        return FileKind::NotConsul;
    }
    let has = |name: &str| entries.iter().any(|e| e.key.text.eq_ignore_ascii_case(name));
    if entries.iter().any(|e| FOREIGN_KEYS.contains(&e.key.text.as_str())) {
        return FileKind::NotConsul;
    }
    if api_bodies::is_other_tool(entries) {
        return FileKind::NotConsul;
    }

    // A config entry: `Kind`/`kind` naming a config entry kind. Gateway kinds are also service kinds; a payload
    // with service-only keys is a service registration.
    if let Some(kind) =
        entries.iter().find(|e| e.key.text == "Kind" || e.key.text == "kind").and_then(|e| e.value.as_str())
    {
        let is_entry_kind = entries::CONFIG_ENTRY_KINDS.iter().any(|(k, _)| *k == kind);
        let is_service_kind = service::SERVICE_KINDS.contains(&kind);
        let service_only = ["port", "address", "proxy", "id", "tags", "check", "checks", "socket_path", "socketpath"];
        let looks_like_service = service_only.iter().any(|k| has(k));
        if is_entry_kind && !(is_service_kind && looks_like_service) {
            return FileKind::ConfigEntry;
        }
    }

    // An API policy object.
    if let Some(rules) = entries.iter().find(|e| e.key.text.eq_ignore_ascii_case("rules"))
        && matches!(rules.value.kind, ValueKind::String(_))
        && mostly_known(entries, |k| api::ACL_POLICY.field(k, KeyStyle::Pascal).is_some())
    {
        return FileKind::AclPolicyApi;
    }

    // A catalog registration.
    if entries.iter().any(|e| e.key.text == "Node") && (has("address") || has("service")) {
        return FileKind::CatalogRegistration;
    }

    if is_acl_rules(entries) || api_bodies::is_acl_rules_tolerant(entries) {
        return FileKind::AclRules;
    }

    if api_bodies::is_prepared_query(entries) {
        return FileKind::NotConsul;
    }

    // An API service registration: PascalCase keys, a Name, mostly service fields.
    let pascal = entries.iter().filter(|e| e.key.text.starts_with(|c: char| c.is_ascii_uppercase())).count();
    if parse.source_kind == SourceKind::Json
        && pascal * 2 > entries.len()
        && has("name")
        && entries.len() >= 2
        && mostly_known(entries, |k| service::SERVICE.field(k, KeyStyle::Pascal).is_some())
    {
        return FileKind::ServiceRegistration;
    }

    if parse.source_kind == SourceKind::Json {
        if api_bodies::is_lowercase_service_registration(entries) {
            return FileKind::ServiceRegistration;
        }
        if api_bodies::is_other_api_body(entries) {
            return FileKind::NotConsul;
        }
    }

    // Agent configuration: known agent keys, in snake_case, and `server` not a Nomad-style block.
    let server_is_block = entries.iter().any(|e| e.key.text == "server" && e.value.is_object());
    let known = entries.iter().filter(|e| agent::AGENT.field(&e.key.text, KeyStyle::Snake).is_some()).count();
    let distinctive = entries
        .iter()
        .filter(|e| !WEAK_AGENT_KEYS.contains(&e.key.text.as_str()))
        .any(|e| agent::AGENT.field(&e.key.text, KeyStyle::Snake).is_some());
    if !server_is_block && distinctive && known * 2 >= entries.len() {
        return FileKind::AgentConfig;
    }
    FileKind::NotConsul
}

fn mostly_known(entries: &[Entry], known: impl Fn(&str) -> bool) -> bool {
    let n = entries.iter().filter(|e| known(&e.key.text)).count();
    n * 3 >= entries.len() * 2
}

/// Every top-level key is an ACL resource, written the way rules are: scalars hold a string, labelled
/// resources hold `"label" { policy = ... }` objects.
fn is_acl_rules(entries: &[Entry]) -> bool {
    entries.iter().all(|e| {
        let key = e.key.text.as_str();
        if SCALAR.contains(&key) {
            return matches!(e.value.kind, ValueKind::String(_));
        }
        if LABELLED.contains(&key) || SCOPES.contains(&key) {
            // `service "web" { policy = "read" }`: an object of labels whose values are objects.
            return super::view::object_values(&e.value).all(|labels| {
                labels.as_object().is_some_and(|ls| {
                    !ls.is_empty()
                        && ls.iter().all(|l| {
                            super::view::object_values(&l.value).all(|body| {
                                body.as_object().is_some_and(|b| {
                                    SCOPES.contains(&key)
                                        || b.iter().all(|x| matches!(x.key.text.as_str(), "policy" | "intentions"))
                                })
                            }) && l.value.is_object()
                        })
                })
            }) && e.value.is_object();
        }
        false
    })
}

/// HTTP API bodies written as files (issue 9): which are configuration Consul's endpoints decode (a service
/// registration in any key casing, ACL rules with a misspelled resource), and which are not configuration at all
/// (ACL token, role or binding-rule bodies) and must stay silent.
mod api_bodies {
    use super::super::acl::{LABELLED, SCALAR, SCOPES};
    use crate::schema::{KeyStyle, agent, service};
    use crate::syntax::{Entry, ValueKind};

    /// `{"name": "web", "port": 80, "connect": {"sidecar_service": {}}}`: the body of
    /// `PUT /v1/agent/service/register` (Go's encoding/json matches keys case-insensitively). Every key is a
    /// service field, and one of them is not an agent-configuration key (or `connect` holds a sidecar).
    pub fn is_lowercase_service_registration(entries: &[Entry]) -> bool {
        let has = |name: &str| entries.iter().any(|e| e.key.text.eq_ignore_ascii_case(name));
        // A `Kind` naming a service kind (`connect-proxy`) is fine; a config entry kind is a config entry.
        let entry_kind = entries
            .iter()
            .filter(|e| e.key.text == "Kind" || e.key.text == "kind")
            .any(|e| e.value.as_str().is_none_or(|k| !service::SERVICE_KINDS.contains(&k)));
        if !has("name") || entries.len() < 2 || entry_kind {
            return false;
        }
        let all_service = entries.iter().all(|e| service::SERVICE.field(&e.key.text, KeyStyle::Pascal).is_some());
        let service_only = entries.iter().any(|e| {
            let weak = ["name", "meta", "token"].iter().any(|k| e.key.text.eq_ignore_ascii_case(k));
            !weak && agent::AGENT.field(&e.key.text, KeyStyle::Snake).is_none()
        });
        let sidecar = entries.iter().any(|e| {
            e.key.text.eq_ignore_ascii_case("connect")
                && e.value.as_object().is_some_and(|c| {
                    c.iter().any(|k| {
                        let key = k.key.text.to_ascii_lowercase();
                        key == "sidecar_service" || key == "sidecarservice" || key == "native"
                    })
                })
        });
        all_service && (service_only || sidecar)
    }

    /// A body of another HTTP API (`PUT /v1/acl/token` with `Policies`, `Partition`...): PascalCase keys, at
    /// least one of which no agent configuration has. Not a Consul configuration file.
    pub fn is_other_api_body(entries: &[Entry]) -> bool {
        let pascal: Vec<&Entry> =
            entries.iter().filter(|e| e.key.text.starts_with(|c: char| c.is_ascii_uppercase())).collect();
        pascal.len() * 2 >= entries.len()
            && pascal.iter().any(|e| agent::AGENT.field(&e.key.text, KeyStyle::Snake).is_none())
    }

    /// ACL rules as Consul's HCL 1 decoder reads them, more tolerantly than `is_acl_rules`: the JSON form of
    /// HCL blocks (`"service": {"web": [{"policy": "read"}]}`), and a misspelled resource
    /// (`nodes_prefix "" { policy = "read" }`), which the decoder ignores so the policy silently loses the rule
    /// (the file is still an ACL rules file, and the key is reported). Every key is a resource in the rules'
    /// shape, or such a near miss; at least one is a real resource.
    pub fn is_acl_rules_tolerant(entries: &[Entry]) -> bool {
        let known = |key: &str| SCALAR.contains(&key) || LABELLED.contains(&key) || SCOPES.contains(&key);
        // `label { policy = ... }` bodies: an object, or a list of objects (JSON).
        fn bodies(v: &crate::syntax::Value) -> Option<Vec<&[Entry]>> {
            match &v.kind {
                ValueKind::Object(b) => Some(vec![b.as_slice()]),
                ValueKind::List(items) if !items.is_empty() => items.iter().map(|i| i.as_object()).collect(),
                _ => None,
            }
        }
        let labelled = |e: &Entry, policy_only: bool| {
            let labels: Vec<&[Entry]> = match &e.value.kind {
                ValueKind::Object(labels) => vec![labels.as_slice()],
                ValueKind::List(items) if !items.is_empty() => {
                    match items.iter().map(|i| i.as_object()).collect::<Option<Vec<_>>>() {
                        Some(v) => v,
                        None => return false,
                    }
                }
                _ => return false,
            };
            labels.iter().all(|ls| {
                !ls.is_empty()
                    && ls.iter().all(|l| {
                        bodies(&l.value).is_some_and(|bs| {
                            bs.iter().all(|b| {
                                !policy_only || b.iter().all(|x| matches!(x.key.text.as_str(), "policy" | "intentions"))
                            })
                        })
                    })
            })
        };
        let scalar = |e: &Entry| e.value.as_str().is_some_and(|v| matches!(v, "read" | "write" | "deny" | "list"));
        let shaped = |e: &Entry| {
            let key = e.key.text.as_str();
            if SCALAR.contains(&key) {
                scalar(e)
            } else if SCOPES.contains(&key) {
                labelled(e, false)
            } else if LABELLED.contains(&key) {
                labelled(e, true)
            } else {
                scalar(e) || labelled(e, true)
            }
        };
        // A misspelling, not another tool's resource (Nomad's `host_volume`): close to a Consul resource name.
        let near_miss =
            |key: &str| SCALAR.iter().chain(LABELLED).chain(SCOPES).any(|r| strsim::levenshtein(r, key) <= 2);
        !entries.is_empty()
            && entries.iter().any(|e| known(&e.key.text))
            && entries.iter().all(|e| shaped(e) && (known(&e.key.text) || near_miss(&e.key.text)))
    }

    /// Files of tools that share Consul's words: a Nomad job's `service` stanza (`provider`, `check_restart`,
    /// checks with a `type`), a consul-terraform-sync configuration (`task`, `driver`).
    pub fn is_other_tool(entries: &[Entry]) -> bool {
        const CTS: &[&str] = &["task", "driver", "terraform_provider", "buffer_period"];
        const NOMAD_SERVICE: &[&str] =
            &["provider", "check_restart", "address_mode", "canary_tags", "task", "on_update"];
        if entries.iter().any(|e| CTS.contains(&e.key.text.as_str())) {
            return true;
        }
        entries.iter().filter(|e| e.key.text == "service" || e.key.text == "services").any(|e| {
            crate::model::object_values(&e.value).any(|svc| {
                svc.as_object().is_some_and(|fields| {
                    fields.iter().any(|f| NOMAD_SERVICE.contains(&f.key.text.as_str()))
                        || fields.iter().filter(|f| f.key.text == "check" || f.key.text == "checks").any(|c| {
                            crate::model::object_values(&c.value).any(|chk| {
                                chk.as_object().is_some_and(|k| {
                                    k.iter().any(|x| matches!(x.key.text.as_str(), "type" | "check_restart" | "path"))
                                })
                            })
                        })
                })
            })
        })
    }

    /// The body of `POST /v1/query` (a prepared query): `Service` is an object (`{"Service": "db", ...}`).
    /// PascalCase only: an agent configuration's `service { service = "api" }` is a misspelled service
    /// definition, reported as such.
    pub fn is_prepared_query(entries: &[Entry]) -> bool {
        entries.iter().any(|e| {
            e.key.text == "Service" && e.value.as_object().is_some_and(|o| o.iter().any(|k| k.key.text == "Service"))
        }) && !entries.iter().any(|e| e.key.text == "Node")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{SourceKind, parse};

    fn kind(text: &str, json: bool) -> FileKind {
        let source = if json { SourceKind::Json } else { SourceKind::Hcl };
        classify(&parse(text, source), "x")
    }

    #[test]
    fn consul_files() {
        assert_eq!(kind("datacenter = \"dc1\"\nserver = true", false), FileKind::AgentConfig);
        assert_eq!(kind("service { name = \"web\" }", false), FileKind::AgentConfig);
        assert_eq!(kind("{\"service\": {\"name\": \"web\"}}", true), FileKind::AgentConfig);
        assert_eq!(kind("Kind = \"mesh\"", false), FileKind::ConfigEntry);
        assert_eq!(kind("kind = \"service-defaults\"\nname = \"web\"", false), FileKind::ConfigEntry);
        assert_eq!(
            kind("{\"Name\": \"web\", \"Port\": 80, \"Kind\": \"connect-proxy\"}", true),
            FileKind::ServiceRegistration
        );
        assert_eq!(
            kind("{\"Kind\": \"ingress-gateway\", \"Name\": \"ig\", \"Port\": 80}", true),
            FileKind::ServiceRegistration
        );
        assert_eq!(
            kind("{\"Kind\": \"ingress-gateway\", \"Name\": \"ig\", \"Listeners\": []}", true),
            FileKind::ConfigEntry
        );
        assert_eq!(kind("{\"Node\": \"n\", \"Address\": \"1.2.3.4\"}", true), FileKind::CatalogRegistration);
        assert_eq!(kind("service \"web\" { policy = \"write\" }\nmesh = \"write\"", false), FileKind::AclRules);
        assert_eq!(kind("{\"Name\": \"p\", \"Rules\": \"mesh = \\\"write\\\"\"}", true), FileKind::AclPolicyApi);
        // A broken file is classified from its error-tolerant tree, content after the error included.
        assert_eq!(kind("datacenter = \nserver = true\nports { http = 8500 }", false), FileKind::AgentConfig);
    }

    #[test]
    fn api_bodies() {
        // The body of PUT /v1/agent/service/register in any casing is a service registration.
        let lower = "{\"name\": \"web\", \"port\": 80, \"connect\": {\"sidecar_service\": {}}}";
        assert_eq!(kind(lower, true), FileKind::ServiceRegistration);
        assert_eq!(
            kind("{\"name\": \"web\", \"connect\": {\"sidecar_service\": {}}}", true),
            FileKind::ServiceRegistration
        );
        // Not configuration: an ACL token body.
        let token = "{\"Description\": \"agent\", \"Policies\": [{\"Name\": \"p\"}], \"Partition\": \"ap1\"}";
        assert_eq!(kind(token, true), FileKind::NotConsul);
        assert_eq!(kind("{\"Policies\": [{\"ID\": \"x\"}], \"Partition\": \"default\"}", true), FileKind::NotConsul);
        // Agent configuration with a connect block stays agent configuration.
        assert_eq!(kind("{\"datacenter\": \"dc1\", \"connect\": {\"enabled\": true}}", true), FileKind::AgentConfig);
        assert_eq!(kind("{\"name\": \"n1\", \"connect\": {\"enabled\": true}}", true), FileKind::AgentConfig);
    }

    #[test]
    fn acl_rules_with_a_misspelled_resource() {
        let rules = "nodes_prefix \"\" { policy = \"read\" }\nservice_prefix \"\" { policy = \"read\" }";
        assert_eq!(kind(rules, false), FileKind::AclRules);
        assert_eq!(kind("mesh = \"write\"\npeerin = \"read\"", false), FileKind::AclRules);
        // Another tool's resource is not a misspelling.
        let nomad = "namespace \"default\" { policy = \"read\" }\nhost_volume \"*\" { policy = \"write\" }";
        assert_ne!(kind(nomad, false), FileKind::AclRules);
    }

    #[test]
    fn broken_consul_files_stay_consul() {
        for (text, expected) in [
            // The `=` is missing: still a config entry (issue 9).
            ("Kind  \"exported-services\"\nName = \"default\"\nServices = []", FileKind::ConfigEntry),
            ("Kind = \"exported-services\nName = \"default\"", FileKind::ConfigEntry),
            // The key itself is hit: a typo, a stray character, a newline inside it.
            ("servic e {\n  name = \"web\"\n  port = \n}", FileKind::AgentConfig),
            ("servi}ce {\n  name = \"web\"\n}", FileKind::AgentConfig),
            ("b\nnd_addr = \"0.0.0.0\"\nadvertise_addr = \"10.0.0.1\"", FileKind::AgentConfig),
            ("K\nind = \"proxy-defaults\"\nName = \"global\"", FileKind::ConfigEntry),
            ("service \"web\" {\n  policy = \"write\"\n}\nmesh = ]read\"", FileKind::AclRules),
            ("nable_central_service_config {= true", FileKind::AgentConfig),
        ] {
            let parsed = parse(text, SourceKind::Hcl);
            assert!(!parsed.errors.is_empty(), "{text:?} parses");
            assert_eq!(classify(&parsed, "x.hcl"), expected, "{text:?}");
        }
    }

    #[test]
    fn broken_files_of_other_tools_stay_silent() {
        for text in [
            "resourc \"aws_instance\" \"x\" {\n  ami = \n}",
            "datacenter = \"dc1\"\nserver :{\n  enabled = true\n}\nclient {\n  enabled = true\n}",
            "datacenter = \"dc1\"\ndata_dir = \"/opt/nomad\"\nclien {\n  enabled = \n}",
            "path \"secret/*\" {\n  capabilities = [\"read\"\n}",
            "{ not json and not consul",
        ] {
            let parsed = parse(text, SourceKind::Hcl);
            assert!(!parsed.errors.is_empty(), "{text:?} parses");
            assert_eq!(classify(&parsed, "x.hcl"), FileKind::NotConsul, "{text:?}");
        }
    }

    #[test]
    fn other_tools_files_are_not_consul() {
        for text in [
            "resource \"consul_service\" \"x\" { name = \"a\" }",
            "data_dir = \"/opt/nomad\"\nserver { enabled = true }",
            "datacenter = \"dc1\"\nclient { enabled = true }",
            "job \"web\" { group \"g\" {} }",
            "path \"secret/*\" { capabilities = [\"read\"] }",
            "storage \"consul\" { address = \"x\" }\nui = true",
            "source \"amazon-ebs\" \"x\" {}\nbuild {}",
            "# only a comment",
            "",
        ] {
            assert_eq!(kind(text, false), FileKind::NotConsul, "{text}");
        }
        for text in [
            "{\"name\": \"web\", \"version\": \"1.0.0\"}",
            "{\"compilerOptions\": {}}",
            "[1, 2]",
            "{\"apiVersion\": \"v1\", \"kind\": \"Service\"}",
        ] {
            assert_eq!(kind(text, true), FileKind::NotConsul, "{text}");
        }
    }
}
