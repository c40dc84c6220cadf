//! ACL rules for mesh gateways: `acl-gateway-service-write`, `acl-gateway-service-read`,
//! `acl-gateway-mesh-write`, `acl-gateway-peering-read`. They run only where ACLs are enabled.
//!
//! Facts (consul-reference.md §5): a mesh gateway token needs `service "<gateway>" { policy = "write" }`,
//! `service_prefix "" { policy = "read" }`, `mesh = "write"` (leaf certificate, #15366) and `peering = "read"`
//! (Enterprise: `partition_prefix "" { peering = "read" }`; consul-k8s #1685 `lacks permission 'peering:read'`).
//! A policy "belongs to the gateway" when it grants service:write on the gateway's name (exact or prefix).

use super::{AclNeed, Code, Diagnostic, FixHint, Related};
use crate::workspace::topology::reads;
use crate::workspace::{ClusterId, FileId, Topology};

/// The ACL findings of `cluster`, with the file each sits in.
pub fn check(topology: Topology<'_>, cluster: ClusterId, out: &mut Vec<(FileId, Diagnostic)>) {
    if !topology.acl_enabled(cluster) {
        return;
    }
    let ws = topology.workspace();
    let cluster_name = topology.cluster_name(cluster);
    for gateway in topology.gateways(cluster) {
        let name = gateway.service.name();
        let grants = topology.gateway_grants(cluster, name);
        let registered = || {
            let range = gateway.service.name.as_ref().map_or(gateway.service.range, |n| n.range);
            [Related::new(gateway.file, range, format!("mesh gateway \"{name}\" is registered here"))]
        };
        for grant in &grants {
            let (pf, policy) = (grant.file, grant.policy);
            let policy_name = policy.name.as_ref().map_or_else(
                || {
                    format!(
                        "the policy in {}",
                        ws.file(pf).path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned())
                    )
                },
                |n| format!("policy \"{n}\""),
            );
            let has_service_read = policy
                .rules
                .iter()
                .any(|r| r.resource == "service_prefix" && r.segment.as_deref() == Some("") && reads(&r.access));
            if !has_service_read {
                out.push((
                    pf,
                    Diagnostic::new(
                        Code::AclGatewayServiceRead,
                        grant.rule.range,
                        format!("{policy_name} grants mesh gateway \"{name}\" service:write but lacks service:read on all services: add service_prefix \"\" {{ policy = \"read\" }}"),
                    ).with_fix(FixHint::AclRule { policy: policy.range, need: AclNeed::ServiceRead })
                    .with_related(registered()),
                ));
            }
            if !policy.rules.iter().any(|r| r.resource == "mesh" && r.access == "write") {
                out.push((
                    pf,
                    Diagnostic::new(
                        Code::AclGatewayMeshWrite,
                        grant.rule.range,
                        format!("{policy_name} grants mesh gateway \"{name}\" service:write but lacks mesh = \"write\", which a peering mesh gateway needs for its certificate"),
                    ).with_fix(FixHint::AclRule { policy: policy.range, need: AclNeed::MeshWrite })
                    .with_related(registered()),
                ));
            }
            let has_peering_read = policy.rules.iter().any(|r| {
                r.resource == "peering"
                    && reads(&r.access)
                    && r.partition_scope
                        .as_ref()
                        .is_none_or(|(res, label)| res == "partition_prefix" && label.is_empty())
            });
            if !has_peering_read {
                out.push((
                    pf,
                    Diagnostic::new(
                        Code::AclGatewayPeeringRead,
                        grant.rule.range,
                        format!("{policy_name} grants mesh gateway \"{name}\" service:write but lacks peering = \"read\"; the gateway cannot read peerings"),
                    ).with_fix(FixHint::AclRule { policy: policy.range, need: AclNeed::PeeringRead })
                    .with_related(registered()),
                ));
            }
        }
        if grants.is_empty()
            && let Some(kind) = &gateway.service.kind
        {
            out.push((
                gateway.file,
                Diagnostic::new(
                    Code::AclGatewayServiceWrite,
                    kind.entry_range(),
                    format!("ACLs are enabled in {cluster_name} but no policy grants service:write on mesh gateway \"{name}\"; add service \"{name}\" {{ policy = \"write\" }} to its token's policy"),
                ).with_fix(FixHint::CreateGatewayPolicy { cluster, gateway: name.to_string() })
                .with_related(topology.acl_enabled_at(cluster).map(|(file, range)| {
                    Related::new(file, range, format!("ACLs are enabled in {cluster_name} here"))
                })),
            ));
        }
    }
}
