//! ACL policy rules (the `Rules` of a policy, HCL or JSON), snake_case.
//!
//! Sources: hashicorp/consul `acl/policy.go` (`PolicyRules`: `acl`, `agent(_prefix)`, `event(_prefix)`,
//! `identity(_prefix)`, `key(_prefix)`, `keyring`, `mesh`, `node(_prefix)`, `operator`, `peering`,
//! `query(_prefix)`, `service(_prefix)`, `session(_prefix)`; `Intentions` on service and identity rules;
//! `list` only for key rules), Consul Enterprise `partition(_prefix)` / `namespace(_prefix)` blocks, and the
//! docs `reference/acl/rule`.
//!
//! Labelled resources are `Ty::Map` from the label (name or prefix; `""` for all) to a rule block.

use super::types::*;

const LINK: &str = "reference/acl/rule";

pub static POLICY_VALUES: &[&str] = &["read", "write", "deny"];
pub static KEY_POLICY_VALUES: &[&str] = &["read", "write", "list", "deny"];

/// `agent`, `event`, `node`, `query`, `session` rules (and their `_prefix` forms).
pub static RULE_BLOCK: Block = Block {
    name: "ACL rule",
    casing: Casing::Snake,
    link: LINK,
    fields: &[
        f("policy", Ty::Enum(POLICY_VALUES)).required().doc("Access level: `read`, `write` or `deny`."),
        f("sentinel", Ty::Any).enterprise().doc("Sentinel policy: `code` and `enforcement_level` (write rules only)."),
    ],
};

/// `key` and `key_prefix` rules: also `list`.
pub static KEY_RULE_BLOCK: Block = Block {
    name: "ACL key rule",
    casing: Casing::Snake,
    link: LINK,
    fields: &[
        f("policy", Ty::Enum(KEY_POLICY_VALUES)).required().doc(
            "Access level: `read`, `write`, `list` (recursive reads with `acl.enable_key_list_policy`) or `deny`.",
        ),
        f("sentinel", Ty::Any).enterprise().doc("Sentinel policy: `code` and `enforcement_level` (write rules only)."),
    ],
};

/// `service`, `service_prefix`, `identity`, `identity_prefix` rules: also `intentions`.
pub static SERVICE_RULE_BLOCK: Block = Block {
    name: "ACL service rule",
    casing: Casing::Snake,
    link: LINK,
    fields: &[
        f("policy", Ty::Enum(POLICY_VALUES))
            .required()
            .doc("Access level: `read`, `write` or `deny`. A mesh gateway needs `write` on its own service name."),
        f("intentions", Ty::Enum(POLICY_VALUES))
            .doc("Access to intentions with this service as destination: `read`, `write` or `deny`."),
        f("sentinel", Ty::Any).enterprise().doc("Sentinel policy: `code` and `enforcement_level` (write rules only)."),
    ],
};

const ACL: Field = f("acl", Ty::Enum(POLICY_VALUES)).doc("Access to ACL management: `read`, `write` or `deny`.");
const AGENT: Field = f("agent", Ty::Map(&RULE_BLOCK)).doc("Agent endpoints of the named node.");
const AGENT_PREFIX: Field = f("agent_prefix", Ty::Map(&RULE_BLOCK))
    .doc("Agent endpoints of nodes whose name starts with the prefix (`\"\"` = all).");
const EVENT: Field = f("event", Ty::Map(&RULE_BLOCK)).doc("Firing and listing the named user event.");
const EVENT_PREFIX: Field =
    f("event_prefix", Ty::Map(&RULE_BLOCK)).doc("User events whose name starts with the prefix.");
const IDENTITY: Field =
    f("identity", Ty::Map(&SERVICE_RULE_BLOCK)).doc("The named workload identity (and its intentions).");
const IDENTITY_PREFIX: Field =
    f("identity_prefix", Ty::Map(&SERVICE_RULE_BLOCK)).doc("Workload identities whose name starts with the prefix.");
const KEY: Field = f("key", Ty::Map(&KEY_RULE_BLOCK)).doc("The named KV key.");
const KEY_PREFIX: Field =
    f("key_prefix", Ty::Map(&KEY_RULE_BLOCK)).doc("KV keys starting with the prefix (`\"\"` = all).");
const KEYRING: Field =
    f("keyring", Ty::Enum(POLICY_VALUES)).doc("Gossip keyring operations: `read`, `write` or `deny`.");
const MESH: Field = f("mesh", Ty::Enum(POLICY_VALUES))
    .doc("Mesh-wide config entries and certificates: `read`, `write` or `deny`; mesh gateways need `write`.");
const PEERING: Field = f("peering", Ty::Enum(POLICY_VALUES))
    .doc("Cluster peering: `read` (needed by mesh gateways) or `write` (generate/establish tokens), or `deny`.");
const NODE: Field = f("node", Ty::Map(&RULE_BLOCK)).doc("The named node (registration, reads).");
const NODE_PREFIX: Field =
    f("node_prefix", Ty::Map(&RULE_BLOCK)).doc("Nodes whose name starts with the prefix (`\"\"` = all).");
const OPERATOR: Field =
    f("operator", Ty::Enum(POLICY_VALUES)).doc("Cluster operator endpoints: `read`, `write` or `deny`.");
const QUERY: Field = f("query", Ty::Map(&RULE_BLOCK)).doc("The named prepared query.");
const QUERY_PREFIX: Field =
    f("query_prefix", Ty::Map(&RULE_BLOCK)).doc("Prepared queries whose name starts with the prefix.");
const SERVICE: Field =
    f("service", Ty::Map(&SERVICE_RULE_BLOCK)).doc("The named service (registration, discovery, intentions).");
const SERVICE_PREFIX: Field = f("service_prefix", Ty::Map(&SERVICE_RULE_BLOCK))
    .doc("Services whose name starts with the prefix (`\"\"` = all); mesh gateways need `read` on all.");
const SESSION: Field = f("session", Ty::Map(&RULE_BLOCK)).doc("Sessions on the named node.");
const SESSION_PREFIX: Field =
    f("session_prefix", Ty::Map(&RULE_BLOCK)).doc("Sessions on nodes whose name starts with the prefix.");
const PARTITION: Field =
    f("partition", Ty::Map(&PARTITION_RULES)).enterprise().doc("Rules scoped to the named admin partition.");
const PARTITION_PREFIX: Field = f("partition_prefix", Ty::Map(&PARTITION_RULES))
    .enterprise()
    .doc("Rules scoped to admin partitions whose name starts with the prefix (`\"\"` = all).");
const NAMESPACE: Field =
    f("namespace", Ty::Map(&NAMESPACE_RULES)).enterprise().doc("Rules scoped to the named namespace.");
const NAMESPACE_PREFIX: Field = f("namespace_prefix", Ty::Map(&NAMESPACE_RULES))
    .enterprise()
    .doc("Rules scoped to namespaces whose name starts with the prefix (`\"\"` = all).");

/// The top level of a policy's rules.
pub static ACL_RULES: Block = Block {
    name: "ACL policy rules",
    casing: Casing::Snake,
    link: LINK,
    fields: &[
        ACL,
        AGENT,
        AGENT_PREFIX,
        EVENT,
        EVENT_PREFIX,
        IDENTITY,
        IDENTITY_PREFIX,
        KEY,
        KEY_PREFIX,
        KEYRING,
        MESH,
        PEERING,
        NODE,
        NODE_PREFIX,
        OPERATOR,
        QUERY,
        QUERY_PREFIX,
        SERVICE,
        SERVICE_PREFIX,
        SESSION,
        SESSION_PREFIX,
        PARTITION,
        PARTITION_PREFIX,
        NAMESPACE,
        NAMESPACE_PREFIX,
    ],
};

/// Inside `partition "<name>" { }` / `partition_prefix`: partition-level resources (including `mesh` and
/// `peering`) and namespace blocks.
pub static PARTITION_RULES: Block = Block {
    name: "ACL partition rules",
    casing: Casing::Snake,
    link: LINK,
    fields: &[
        f("policy", Ty::Enum(POLICY_VALUES)).doc("Access to the partition itself: `read`, `write` or `deny`."),
        ACL,
        AGENT,
        AGENT_PREFIX,
        EVENT,
        EVENT_PREFIX,
        IDENTITY,
        IDENTITY_PREFIX,
        KEY,
        KEY_PREFIX,
        KEYRING,
        MESH,
        PEERING,
        NODE,
        NODE_PREFIX,
        OPERATOR,
        QUERY,
        QUERY_PREFIX,
        SERVICE,
        SERVICE_PREFIX,
        SESSION,
        SESSION_PREFIX,
        NAMESPACE,
        NAMESPACE_PREFIX,
    ],
};

/// Inside `namespace "<name>" { }` / `namespace_prefix`: namespace-scoped resources (`mesh` and `peering`
/// are partition-level only).
pub static NAMESPACE_RULES: Block = Block {
    name: "ACL namespace rules",
    casing: Casing::Snake,
    link: LINK,
    fields: &[
        f("policy", Ty::Enum(POLICY_VALUES)).doc("Access to the namespace itself: `read`, `write` or `deny`."),
        ACL,
        AGENT,
        AGENT_PREFIX,
        EVENT,
        EVENT_PREFIX,
        IDENTITY,
        IDENTITY_PREFIX,
        KEY,
        KEY_PREFIX,
        KEYRING,
        NODE,
        NODE_PREFIX,
        OPERATOR,
        QUERY,
        QUERY_PREFIX,
        SERVICE,
        SERVICE_PREFIX,
        SESSION,
        SESSION_PREFIX,
    ],
};

#[cfg(test)]
mod tests {
    use super::super::lookup::KeyStyle;
    use super::super::service::testutil::*;
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        check_tree(&ACL_RULES);
    }

    #[test]
    fn gateway_token_rules_resolve() {
        for p in [
            "mesh",
            "peering",
            "service.mesh-gateway.policy",
            "service_prefix..policy",
            "node_prefix..policy",
            "agent_prefix..policy",
            "service.web.intentions",
            "key_prefix.app/.policy",
            "partition_prefix..peering",
            "partition.ap1.mesh",
            "partition.ap1.namespace.ns1.service.web.policy",
            "namespace_prefix..service_prefix..policy",
        ] {
            resolve(&ACL_RULES, p, KeyStyle::Snake).unwrap();
        }
        assert!(resolve(&NAMESPACE_RULES, "mesh", KeyStyle::Snake).is_err());
        assert!(resolve(&NAMESPACE_RULES, "peering", KeyStyle::Snake).is_err());
        assert!(resolve(&RULE_BLOCK, "intentions", KeyStyle::Snake).is_err());
    }

    #[test]
    fn list_only_on_keys() {
        let Ty::Enum(v) = KEY_RULE_BLOCK.fields[0].ty else { panic!() };
        assert!(v.contains(&"list"));
        let Ty::Enum(v) = RULE_BLOCK.fields[0].ty else { panic!() };
        assert!(!v.contains(&"list"));
    }
}
