//! HTTP API payloads written as files (PascalCase, matched case-insensitively).
//!
//! Sources: hashicorp/consul `api/catalog.go` (`CatalogRegistration`), `api/health.go` (`HealthCheck`),
//! `api/acl.go` (`ACLPolicy`), `agent/structs` (`RegisterRequest`). The registered service of a catalog
//! registration uses [`service::SERVICE`], whose snake_case names match the PascalCase keys; the catalog's
//! `Service.Service` (the service name) is the `service` field there.

use super::service;
use super::types::*;

/// `PUT /v1/catalog/register`.
pub static CATALOG_REGISTRATION: Block = Block {
    name: "catalog registration",
    casing: Casing::Pascal,
    link: "../api-docs/catalog#register-entity",
    fields: &[
        f("ID", Ty::Str).aliases(&["id"]).doc("Node ID (UUID) of the node being registered."),
        f("Node", Ty::Str).required().doc("Name of the node (often an external node) to register."),
        f("Address", Ty::Str).doc("Address of the node."),
        f("TaggedAddresses", Ty::Opaque).doc("Additional node addresses by tag (`lan`, `wan`, …)."),
        f("NodeMeta", Ty::Opaque).doc("Node metadata, e.g. `external-node = \"true\"` for consul-esm."),
        f("Datacenter", Ty::Str).doc("Datacenter to register in; defaults to the agent's."),
        f("Service", Ty::Block(&service::SERVICE)).doc("Service to register on the node (`Service` holds its name)."),
        f("Check", Ty::Block(&CATALOG_CHECK)).doc("Health check to register."),
        f("Checks", Ty::BlockList(&CATALOG_CHECK)).doc("Health checks to register."),
        f("SkipNodeUpdate", Ty::Bool)
            .default("false")
            .doc("Do not update the node's existing information, only add the service/checks."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the node."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the service and checks."),
        f("Locality", Ty::Block(&service::LOCALITY)).doc("Region and zone of the node."),
    ],
};

/// A check in a catalog registration (`HealthCheck`).
pub static CATALOG_CHECK: Block = Block {
    name: "catalog health check",
    casing: Casing::Pascal,
    link: "../api-docs/catalog#register-entity",
    fields: &[
        f("Node", Ty::Str).doc("Node the check belongs to; defaults to the registration's node."),
        f("CheckID", Ty::Str).aliases(&["check_id"]).doc("Unique check ID on the node."),
        f("Name", Ty::Str).doc("Check name."),
        f("Status", Ty::Enum(&["", "passing", "warning", "critical", "maintenance"]))
            .doc("Check status: `passing`, `warning` or `critical`."),
        f("Notes", Ty::Str).doc("Free-form notes."),
        f("Output", Ty::Str).doc("Check output."),
        f("ServiceID", Ty::Str).aliases(&["service_id"]).doc("Service instance the check belongs to."),
        f("ServiceName", Ty::Str).doc("Name of the service the check belongs to."),
        f("ServiceTags", Ty::StrList).doc("Tags of the service the check belongs to."),
        f("Type", Ty::Str).doc("Check type (informational)."),
        f("Definition", Ty::Any)
            .doc("Check definition run by an external monitor such as consul-esm (`HTTP`, `TCP`, `Interval`, …)."),
        f("Interval", Ty::Duration).doc("Check interval, e.g. `\"10s\"`."),
        f("Timeout", Ty::Duration).doc("Check timeout, e.g. `\"5s\"`."),
        f("ExposedPort", Ty::Int).doc("Port the check is exposed on through a proxy."),
        f("PeerName", Ty::Str).doc("Peer the check was imported from (read-only)."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the check."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the check."),
        f("CreateIndex", Ty::Int).read_only().doc("Raft index of creation (read-only)."),
        f("ModifyIndex", Ty::Int).read_only().doc("Raft index of the last change (read-only)."),
    ],
};

/// An ACL policy object (`PUT /v1/acl/policy`, `consul acl policy create` JSON).
pub static ACL_POLICY: Block = Block {
    name: "ACL policy",
    casing: Casing::Pascal,
    link: "reference/acl/policy",
    fields: &[
        f("ID", Ty::Str).aliases(&["id"]).doc("Policy ID (UUID); generated on create."),
        f("Name", Ty::Str).required().doc("Unique policy name."),
        f("Description", Ty::Str).doc("Human-readable description."),
        f("Rules", Ty::Str).link("reference/acl/rule").doc("ACL rules as an HCL or JSON string."),
        f("Datacenters", Ty::StrList).doc("Datacenters the policy is valid in (empty = all)."),
        f("Hash", Ty::Str).doc("Hash of the policy contents (read-only)."),
        f("CreateIndex", Ty::Int).read_only().doc("Raft index of creation (read-only)."),
        f("ModifyIndex", Ty::Int).read_only().doc("Raft index of the last change (read-only)."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the policy."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the policy."),
    ],
};

#[cfg(test)]
mod tests {
    use super::super::lookup::KeyStyle;
    use super::super::service::testutil::*;
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        check_tree(&CATALOG_REGISTRATION);
        check_tree(&ACL_POLICY);
    }

    /// Keys of the `/v1/catalog/register` payloads in the corpus (case-mesh-to-lambda/lambda_l*.json).
    #[test]
    fn corpus_keys_are_known() {
        for p in [
            "Node",
            "SkipNodeUpdate",
            "NodeMeta",
            "NodeMeta.external-node",
            "NodeMeta.external-probe",
            "Service",
            "Service.ID",
            "Service.Service",
        ] {
            resolve(&CATALOG_REGISTRATION, p, KeyStyle::Pascal).unwrap();
        }
        for p in ["Name", "Description", "Rules", "Datacenters"] {
            resolve(&ACL_POLICY, p, KeyStyle::Pascal).unwrap();
        }
    }
}
