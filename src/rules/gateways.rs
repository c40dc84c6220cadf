//! Mesh gateway rules: `export-without-mesh-gateway`, `gateway-partition-mismatch`,
//! `local-mode-without-gateway`, `peering-without-mesh-config`.
//!
//! Facts (consul-reference.md §3, §4, §6, §7): peered traffic goes through mesh gateways; in Enterprise the
//! gateway must be in the partition of the exported services; mode `local` needs a gateway in the importing
//! cluster, with precedence upstream > proxy registration > service-defaults > proxy-defaults, `""` inheriting;
//! `mesh { Peering { PeerThroughMeshGateways = true } }` routes peering control-plane traffic through gateways.

use super::{Code, Diagnostic, FixHint, Sink};
use crate::model::{EntryBody, ModeSetting};
use crate::syntax::TextRange;
use crate::workspace::{ClusterIndex, Workspace};

pub fn check(ws: &Workspace, cluster: &ClusterIndex<'_>, sink: &mut Sink) {
    let cluster_name = &ws.clusters[cluster.cluster].name;
    exports_need_gateways(cluster, cluster_name, sink);
    local_mode(cluster, cluster_name, sink);
    mesh_config(cluster, cluster_name, sink);
}

fn exports_need_gateways(cluster: &ClusterIndex<'_>, cluster_name: &str, sink: &mut Sink) {
    for &(f, entry) in &cluster.entries {
        let EntryBody::ExportedServices(services) = &entry.body else { continue };
        let mut peers: Vec<&str> = services
            .iter()
            .flat_map(|s| s.consumers.iter().filter_map(|c| c.named_peer()).map(|p| p.text.as_str()))
            .filter(|p| !p.is_empty())
            .collect();
        peers.sort();
        peers.dedup();
        if peers.is_empty() {
            continue;
        }
        let peer_list = peers.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
        if cluster.gateways.is_empty() {
            sink.push(
                f,
                Diagnostic::new(
                    Code::ExportWithoutMeshGateway,
                    entry.kind.entry_range,
                    format!(
                        "exported-services in partition \"{}\" exports to peer {peer_list}, but no mesh gateway is registered in {cluster_name}; peered traffic needs one",
                        entry.partition
                    ),
                ).with_fix(FixHint::CreateMeshGateway { cluster: cluster.cluster, partition: entry.partition.clone() }),
            );
        } else if !cluster.gateways.iter().any(|(_, g)| g.partition == entry.partition) {
            let mut partitions: Vec<&str> = cluster.gateways.iter().map(|(_, g)| g.partition.as_str()).collect();
            partitions.sort();
            partitions.dedup();
            sink.push(
                f,
                Diagnostic::new(
                    Code::GatewayPartitionMismatch,
                    entry.kind.entry_range,
                    format!(
                        "exported-services in partition \"{}\" exports to peer {peer_list}, but the mesh gateways of {cluster_name} are in partition {} only; register one in \"{}\"",
                        entry.partition,
                        partitions.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", "),
                        entry.partition
                    ),
                ).with_fix(FixHint::CreateMeshGateway { cluster: cluster.cluster, partition: entry.partition.clone() }),
            );
        }
    }
}

/// The effective mesh gateway mode setting for an upstream, with the file it is written in.
fn effective_mode<'a>(
    cluster: &ClusterIndex<'a>,
    f: usize,
    service: &'a crate::model::Service,
    upstream: &'a crate::model::Upstream,
) -> Option<(usize, &'a ModeSetting)> {
    let set = |m: &Option<ModeSetting>| m.as_ref().is_some_and(|m| !m.mode.is_empty());
    if set(&upstream.mode) {
        return upstream.mode.as_ref().map(|m| (f, m));
    }
    if set(&service.proxy_mode) {
        return service.proxy_mode.as_ref().map(|m| (f, m));
    }
    for &(ef, entry) in &cluster.entries {
        if let EntryBody::ServiceDefaults { mode } = &entry.body
            && entry.name() == upstream.downstream
            && set(mode)
        {
            return mode.as_ref().map(|m| (ef, m));
        }
    }
    for &(ef, entry) in &cluster.entries {
        if let EntryBody::ProxyDefaults { mode } = &entry.body
            && set(mode)
        {
            return mode.as_ref().map(|m| (ef, m));
        }
    }
    None
}

fn local_mode(cluster: &ClusterIndex<'_>, cluster_name: &str, sink: &mut Sink) {
    if !cluster.gateways.is_empty() {
        return;
    }
    // Each `mode = "local"` setting, with the peered upstreams it applies to.
    let mut settings: Vec<((usize, TextRange), Vec<String>, String)> = Vec::new();
    for &(f, service, upstream) in &cluster.upstreams {
        let Some(peer) = upstream.peer() else { continue };
        let Some((mf, mode)) = effective_mode(cluster, f, service, upstream) else { continue };
        if mode.mode != "local" {
            continue;
        }
        let what = format!("\"{}\" (peer \"{peer}\") of \"{}\"", upstream.name(), upstream.downstream);
        match settings.iter_mut().find(|(at, _, _)| *at == (mf, mode.range)) {
            Some((_, list, _)) => list.push(what),
            None => settings.push(((mf, mode.range), vec![what], upstream.partition.clone())),
        }
    }
    for ((f, range), upstreams, partition) in settings {
        let plural = if upstreams.len() == 1 { "upstream" } else { "upstreams" };
        sink.push(
            f,
            Diagnostic::new(
                Code::LocalModeWithoutGateway,
                range,
                format!(
                    "mesh gateway mode \"local\" applies to peered {plural} {}, but {cluster_name} registers no mesh gateway to leave through",
                    upstreams.join(", ")
                ),
            ).with_fix(FixHint::CreateMeshGateway { cluster: cluster.cluster, partition: partition.clone() }),
        );
    }
}

fn mesh_config(cluster: &ClusterIndex<'_>, cluster_name: &str, sink: &mut Sink) {
    if !cluster.uses_peering() {
        return;
    }
    let meshes: Vec<_> = cluster.entries_of_kind("mesh").collect();
    if meshes.iter().any(|(_, e)| matches!(e.body, EntryBody::Mesh { peer_through_mesh_gateways: Some(true), .. })) {
        return;
    }
    let message = format!(
        "{cluster_name} uses peering but no mesh config entry sets Peering {{ PeerThroughMeshGateways = true }}; peering control-plane traffic will not go through the mesh gateways"
    );
    if let Some((f, mesh)) = meshes.first() {
        sink.push(
            *f,
            Diagnostic::new(Code::PeeringWithoutMeshConfig, mesh.kind.entry_range, message)
                .with_fix(FixHint::MeshPeering { cluster: cluster.cluster }),
        );
        return;
    }
    // The first destination_peer or consumer Peer, files in path order.
    for &f in &cluster.files {
        let mut first: Option<TextRange> = None;
        for (uf, _, upstream) in &cluster.upstreams {
            if *uf == f
                && let Some(p) = upstream.destination_peer.as_ref().filter(|p| !p.text.is_empty())
            {
                first = Some(first.map_or(p.range, |r| if p.range.start < r.start { p.range } else { r }));
            }
        }
        for (ef, _, exported) in cluster.exports() {
            if ef != f {
                continue;
            }
            for p in exported.consumers.iter().filter_map(|c| c.named_peer()) {
                first = Some(first.map_or(p.range, |r| if p.range.start < r.start { p.range } else { r }));
            }
        }
        if let Some(range) = first {
            sink.push(
                f,
                Diagnostic::new(Code::PeeringWithoutMeshConfig, range, message)
                    .with_fix(FixHint::MeshPeering { cluster: cluster.cluster }),
            );
            return;
        }
    }
}
