//! Which kind of Consul file this is — or none. Only Consul files get diagnostics, so a mixed repository
//! (Terraform, Nomad, Packer, Vault policies, package.json) stays silent. When in doubt: not Consul.

use crate::schema::{KeyStyle, agent, api, entries, service};
use crate::syntax::{Entry, Parse, SourceKind, ValueKind};

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
    "backend",
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
    let Some(entries) = parse.root.as_object() else { return FileKind::NotConsul };
    if entries.is_empty() {
        return FileKind::NotConsul;
    }
    let has = |name: &str| entries.iter().any(|e| e.key.text.eq_ignore_ascii_case(name));
    if entries.iter().any(|e| FOREIGN_KEYS.contains(&e.key.text.as_str())) {
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

    if is_acl_rules(entries) {
        return FileKind::AclRules;
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
