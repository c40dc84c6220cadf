//! ACL rules for mesh gateways: `acl-gateway-service-write`, `acl-gateway-service-read`,
//! `acl-gateway-mesh-write`, `acl-gateway-peering-read`. They run only where ACLs are enabled.
//!
//! Facts (consul-reference.md §5): a mesh gateway token needs `service "<gateway>" { policy = "write" }`,
//! `service_prefix "" { policy = "read" }`, `mesh = "write"` (leaf certificate, #15366) and `peering = "read"`
//! (Enterprise: `partition_prefix "" { peering = "read" }`; consul-k8s #1685 `lacks permission 'peering:read'`).
//! A policy "belongs to the gateway" when it grants service:write on the gateway's name (exact or prefix).

use super::{AclNeed, Code, Diagnostic, FixHint, Sink};
use crate::model::AclRule;
use crate::workspace::{ClusterIndex, Workspace};

fn grants_write(rule: &AclRule, name: &str) -> bool {
    rule.access == "write"
        && match (rule.resource.as_str(), rule.segment.as_deref()) {
            ("service", Some(segment)) => segment == name,
            ("service_prefix", Some(segment)) => name.starts_with(segment),
            _ => false,
        }
}

fn reads(access: &str) -> bool {
    matches!(access, "read" | "write")
}

pub fn check(ws: &Workspace, cluster: &ClusterIndex<'_>, sink: &mut Sink) {
    if !cluster.acl_enabled {
        return;
    }
    let cluster_name = &ws.clusters[cluster.cluster].name;
    for &(gf, gateway) in &cluster.gateways {
        let name = gateway.name();
        let mut granted = false;
        for &(pf, policy) in &cluster.policies {
            let Some(grant) = policy.rules.iter().find(|r| grants_write(r, name)) else { continue };
            granted = true;
            let policy_name = policy.name.as_ref().map_or_else(
                || {
                    format!(
                        "the policy in {}",
                        ws.files[pf].path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned())
                    )
                },
                |n| format!("policy \"{n}\""),
            );
            let has_service_read = policy
                .rules
                .iter()
                .any(|r| r.resource == "service_prefix" && r.segment.as_deref() == Some("") && reads(&r.access));
            if !has_service_read {
                sink.push(
                    pf,
                    Diagnostic::new(
                        Code::AclGatewayServiceRead,
                        grant.range,
                        format!("{policy_name} grants mesh gateway \"{name}\" service:write but lacks service:read on all services: add service_prefix \"\" {{ policy = \"read\" }}"),
                    ).with_fix(FixHint::AclRule { policy: policy.range, need: AclNeed::ServiceRead }),
                );
            }
            if !policy.rules.iter().any(|r| r.resource == "mesh" && r.access == "write") {
                sink.push(
                    pf,
                    Diagnostic::new(
                        Code::AclGatewayMeshWrite,
                        grant.range,
                        format!("{policy_name} grants mesh gateway \"{name}\" service:write but lacks mesh = \"write\", which a peering mesh gateway needs for its certificate"),
                    ).with_fix(FixHint::AclRule { policy: policy.range, need: AclNeed::MeshWrite }),
                );
            }
            let has_peering_read = policy.rules.iter().any(|r| {
                r.resource == "peering"
                    && reads(&r.access)
                    && r.partition_scope
                        .as_ref()
                        .is_none_or(|(res, label)| res == "partition_prefix" && label.is_empty())
            });
            if !has_peering_read {
                sink.push(
                    pf,
                    Diagnostic::new(
                        Code::AclGatewayPeeringRead,
                        grant.range,
                        format!("{policy_name} grants mesh gateway \"{name}\" service:write but lacks peering = \"read\"; the gateway cannot read peerings"),
                    ).with_fix(FixHint::AclRule { policy: policy.range, need: AclNeed::PeeringRead }),
                );
            }
        }
        if !granted && let Some(kind) = &gateway.kind {
            sink.push(
                gf,
                Diagnostic::new(
                    Code::AclGatewayServiceWrite,
                    kind.entry_range,
                    format!("ACLs are enabled in {cluster_name} but no policy grants service:write on mesh gateway \"{name}\"; add service \"{name}\" {{ policy = \"write\" }} to its token's policy"),
                ).with_fix(FixHint::CreateGatewayPolicy { cluster: cluster.cluster, gateway: name.to_string() }),
            );
        }
    }
}
