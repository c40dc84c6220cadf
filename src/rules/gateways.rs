//! Mesh gateway rules: `export-without-mesh-gateway`, `gateway-partition-mismatch`,
//! `local-mode-without-gateway`, `peering-without-mesh-config`.
//!
//! Facts (consul-reference.md §3, §4, §6, §7): peered traffic goes through mesh gateways; in Enterprise the
//! gateway must be in the partition of the exported services; mode `local` needs a gateway in the importing
//! cluster, with precedence upstream > proxy registration > service-defaults > proxy-defaults, `""` inheriting;
//! `mesh { Peering { PeerThroughMeshGateways = true } }` routes peering control-plane traffic through gateways.

use super::{Code, Diagnostic, FixHint, Related};
use crate::model::EntryBody;
use crate::syntax::TextRange;
use crate::workspace::{ClusterId, FileId, Topology};

/// The cluster-level gateway findings of `cluster`, with the file each sits in.
pub fn check(topology: Topology<'_>, cluster: ClusterId, out: &mut Vec<(FileId, Diagnostic)>) {
    exports_need_gateways(topology, cluster, out);
    local_mode(topology, cluster, out);
    mesh_config(topology, cluster, out);
}

fn exports_need_gateways(topology: Topology<'_>, cluster: ClusterId, out: &mut Vec<(FileId, Diagnostic)>) {
    let cluster_name = topology.cluster_name(cluster);
    let gateway_partitions = topology.gateway_partitions(cluster);
    for at in topology.exported_services_entries(cluster) {
        let entry = at.entry;
        let peers = Topology::export_peers(entry);
        if peers.is_empty() {
            continue;
        }
        let peer_list = peers.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
        if gateway_partitions.is_empty() {
            let declared = topology.cluster_declaration(cluster).map(|(file, range)| {
                Related::new(file, range, format!("cluster {cluster_name}: no mesh gateway is registered in its files"))
            });
            out.push((
                at.file,
                Diagnostic::new(
                    Code::ExportWithoutMeshGateway,
                    entry.kind.entry_range(),
                    format!(
                        "exported-services in partition \"{}\" exports to peer {peer_list}, but no mesh gateway is registered in {cluster_name}; peered traffic needs one{}",
                        entry.partition,
                        declare_hint(topology, cluster, &entry.partition)
                    ),
                ).with_fix(FixHint::CreateMeshGateway { cluster, partition: entry.partition.to_string() })
                .with_related(declared),
            ));
        } else if !gateway_partitions.contains(&entry.partition.as_str()) {
            let related = topology.gateways(cluster).into_iter().map(|g| {
                let range = g.service.kind.as_ref().map_or(g.service.range, |k| k.entry_range());
                Related::new(
                    g.file,
                    range,
                    format!("mesh gateway \"{}\" is in partition \"{}\"", g.service.name(), g.service.partition),
                )
            });
            out.push((
                at.file,
                Diagnostic::new(
                    Code::GatewayPartitionMismatch,
                    entry.kind.entry_range(),
                    format!(
                        "exported-services in partition \"{}\" exports to peer {peer_list}, but the mesh gateways of {cluster_name} are in partition {} only; register one in \"{}\"{}",
                        entry.partition,
                        gateway_partitions.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", "),
                        entry.partition,
                        declare_hint(topology, cluster, &entry.partition)
                    ),
                ).with_fix(FixHint::CreateMeshGateway { cluster, partition: entry.partition.to_string() })
                .with_related(related),
            ));
        }
    }
}

/// How to tell consul-ls about a gateway registered outside the repository (interface.md: every finding that says
/// a mesh gateway is missing says it can be declared in the manifest).
/// On Kubernetes (a cluster with Consul Helm values), the chart registers the gateway: say so first.
fn declare_hint(topology: Topology<'_>, cluster: ClusterId, partition: &str) -> String {
    let helm = !topology.workspace().cluster_index(cluster).helm_files.is_empty();
    if helm {
        return format!(
            " (on Kubernetes, set meshGateway.enabled: true in the cluster's Helm values; if it is registered outside these files, declare it in consul-ls.hcl: mesh_gateways = [\"{partition}\"])"
        );
    }
    format!(
        " (if it is registered outside these files, with `consul connect envoy -register` or Helm, declare it in consul-ls.hcl: mesh_gateways = [\"{partition}\"])"
    )
}

fn local_mode(topology: Topology<'_>, cluster: ClusterId, out: &mut Vec<(FileId, Diagnostic)>) {
    if topology.has_gateways(cluster) {
        return;
    }
    let cluster_name = topology.cluster_name(cluster);
    // Each `mode = "local"` setting, with the peered upstreams it applies to (their descriptions and peers).
    type Setting = ((FileId, TextRange), Vec<String>, String, Vec<Related>);
    let mut settings: Vec<Setting> = Vec::new();
    for at in topology.peered_upstreams(cluster) {
        let upstream = at.upstream;
        let Some(peer) = upstream.peer() else { continue };
        let Some((mf, mode)) = topology.effective_mode(cluster, at) else { continue };
        if mode.mode != "local" {
            continue;
        }
        let what = format!("\"{}\" (peer \"{peer}\") of \"{}\"", upstream.name(), upstream.downstream);
        let related = upstream
            .destination_peer
            .as_ref()
            .map(|p| Related::new(at.file(), p.range, format!("mode \"local\" applies to upstream {what}")));
        match settings.iter_mut().find(|(setting, _, _, _)| *setting == (mf, mode.range)) {
            Some((_, list, _, places)) => {
                list.push(what);
                places.extend(related);
            }
            None => settings.push((
                (mf, mode.range),
                vec![what],
                upstream.partition.to_string(),
                related.into_iter().collect(),
            )),
        }
    }
    for ((f, range), upstreams, partition, related) in settings {
        let plural = if upstreams.len() == 1 { "upstream" } else { "upstreams" };
        out.push((
            f,
            Diagnostic::new(
                Code::LocalModeWithoutGateway,
                range,
                format!(
                    "mesh gateway mode \"local\" applies to peered {plural} {}, but {cluster_name} registers no mesh gateway to leave through{}",
                    upstreams.join(", "),
                    declare_hint(topology, cluster, &partition)
                ),
            ).with_fix(FixHint::CreateMeshGateway { cluster, partition })
            .with_related(related),
        ));
    }
}

fn mesh_config(topology: Topology<'_>, cluster: ClusterId, out: &mut Vec<(FileId, Diagnostic)>) {
    if !topology.uses_peering(cluster) {
        return;
    }
    let meshes = topology.mesh_entries(cluster);
    if meshes.iter().any(|m| matches!(m.entry.body, EntryBody::Mesh { peer_through_mesh_gateways: Some(true), .. })) {
        return;
    }
    let message = format!(
        "{} uses peering but no mesh config entry sets Peering {{ PeerThroughMeshGateways = true }}; peering control-plane traffic will not go through the mesh gateways",
        topology.cluster_name(cluster)
    );
    // The first destination_peer or consumer Peer, files in path order.
    let first = topology.peer_uses_in(cluster).into_iter().find_map(|u| {
        let peer = match u {
            crate::workspace::topology::PeerUseAt::Upstream(_) => u.peer().filter(|p| !p.text.is_empty()),
            crate::workspace::topology::PeerUseAt::Consumer { consumer, .. } => consumer.named_peer(),
        }?;
        Some((u.file(), peer.range))
    });
    if let Some(mesh) = meshes.first() {
        let used = first.map(|(file, range)| Related::new(file, range, "peering is used here"));
        out.push((
            mesh.file,
            Diagnostic::new(Code::PeeringWithoutMeshConfig, mesh.entry.kind.entry_range(), message)
                .with_fix(FixHint::MeshPeering { cluster })
                .with_related(used),
        ));
        return;
    }
    if let Some((file, range)) = first {
        out.push((
            file,
            Diagnostic::new(Code::PeeringWithoutMeshConfig, range, message).with_fix(FixHint::MeshPeering { cluster }),
        ));
    }
}
