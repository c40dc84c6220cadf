//! Peering rules: `upstream-peer-conflict`, `upstream-missing-peer`, `unknown-peer`, `service-not-exported`,
//! `upstream-missing-namespace`.
//!
//! Facts (consul-reference.md §2, §3, §6, §7): `upstream cannot specify both destination peer and datacenter`;
//! `upstreams must target peers in the same partition as the service`; without `destination_peer` an upstream
//! resolves locally; a peer only sees the services its partner's exported-services entry lists for it (by name or
//! `*`), in their namespace; peer names are local names that must answer to a peered cluster.

use super::{Code, Diagnostic, FixHint, Sink};
use crate::model::{DEFAULT, ExportedService};
use crate::workspace::{ClusterIndex, Workspace};

pub fn check(ws: &Workspace, cluster: &ClusterIndex<'_>, all: &[ClusterIndex<'_>], sink: &mut Sink) {
    let c = cluster.cluster;
    let cluster_name = &ws.clusters[c].name;
    for &(f, service, upstream) in &cluster.upstreams {
        let name = upstream.name();
        let downstream = &upstream.downstream;
        if let Some(peer) = &upstream.destination_peer
            && !peer.text.is_empty()
        {
            if let Some(dc) = upstream.datacenter.as_ref().filter(|d| !d.text.is_empty()) {
                sink.push(
                    f,
                    Diagnostic::new(
                        Code::UpstreamPeerConflict,
                        dc.key_range,
                        format!(
                            "upstream \"{name}\" of \"{downstream}\" sets both destination_peer \"{}\" and datacenter \"{}\"; Consul rejects this: remove datacenter",
                            peer.text, dc.text
                        ),
                    ).with_fix(FixHint::RemoveEntry { entry: dc.entry_range }),
                );
            }
            if let Some(partition) =
                upstream.destination_partition.as_ref().filter(|p| !p.text.is_empty() && p.text != service.partition)
            {
                sink.push(
                    f,
                    Diagnostic::new(
                        Code::UpstreamPeerConflict,
                        partition.key_range,
                        format!(
                            "upstream \"{name}\" of \"{downstream}\" sets destination_partition \"{}\" with destination_peer \"{}\"; peered upstreams must stay in the service's own partition \"{}\"",
                            partition.text, peer.text, service.partition
                        ),
                    ).with_fix(FixHint::RemoveEntry { entry: partition.entry_range }),
                );
            }
            let Some(d) = ws.resolve_peer(c, &peer.text) else {
                if ws.manifest_declares_clusters {
                    sink.push(
                        f,
                        Diagnostic::new(
                            Code::UnknownPeer,
                            peer.range,
                            format!(
                                "destination_peer \"{}\" of upstream \"{name}\" names no cluster of the workspace ({})",
                                peer.text,
                                known_clusters(ws, c)
                            ),
                        ),
                    );
                }
                continue;
            };
            if name.is_empty() || name == "*" || upstream.is_prepared_query() {
                continue;
            }
            let exports: Vec<&ExportedService> = exports_to(ws, &all[d], c, name).collect();
            let peer_cluster = &ws.clusters[d].name;
            if exports.is_empty() {
                sink.push(
                    f,
                    Diagnostic::new(
                        Code::ServiceNotExported,
                        peer.range,
                        format!(
                            "peer \"{}\" is cluster {peer_cluster}, which does not export \"{name}\" to {cluster_name}: no exported-services entry there lists \"{name}\" (or \"*\") for this cluster",
                            peer.text
                        ),
                    ),
                );
                continue;
            }
            let exported_from_default = exports.iter().any(|e| matches!(namespace_of(e), DEFAULT | "*"));
            if upstream.destination_namespace.is_none() && !exported_from_default {
                let namespace = namespace_of(exports[0]);
                if let Some(dn) = &upstream.destination_name {
                    sink.push(
                        f,
                        Diagnostic::new(
                            Code::UpstreamMissingNamespace,
                            dn.range,
                            format!(
                                "{peer_cluster} exports \"{name}\" from namespace \"{namespace}\", but this upstream has no destination_namespace and looks in \"default\"; set destination_namespace = \"{namespace}\""
                            ),
                        ).with_fix(FixHint::InsertField { object: upstream.range, key: "destination_namespace".into(), values: vec![namespace.to_string()] }),
                    );
                }
            }
        } else if upstream.datacenter.as_ref().is_none_or(|d| d.text.is_empty())
            && !name.is_empty()
            && name != "*"
            && !upstream.is_prepared_query()
            && !cluster.knows_service(name)
        {
            let exporter_ids: Vec<usize> = all
                .iter()
                .filter(|other| other.cluster != c && exports_to(ws, other, c, name).next().is_some())
                .map(|other| other.cluster)
                .collect();
            let exporters: Vec<&str> = exporter_ids.iter().map(|&d| ws.clusters[d].name.as_str()).collect();
            // The names this cluster uses for each exporting peer: one quick fix per name.
            let candidates: Vec<String> = exporter_ids.iter().flat_map(|&d| ws.peer_names(c, d)).collect();
            if let (Some(dn), false) = (&upstream.destination_name, exporters.is_empty()) {
                let (who, verb) = if exporters.len() == 1 {
                    (exporters[0].to_string(), "exports")
                } else {
                    (join_and(&exporters), "export")
                };
                sink.push(
                    f,
                    Diagnostic::new(
                        Code::UpstreamMissingPeer,
                        dn.range,
                        format!("upstream \"{name}\" is not registered in {cluster_name} but {who} {verb} it; set destination_peer"),
                    ).with_fix(FixHint::InsertField { object: upstream.range, key: "destination_peer".into(), values: candidates.clone() }),
                );
            }
        }
    }
    for (f, _, exported) in cluster.exports() {
        for consumer in &exported.consumers {
            let Some(peer) = consumer.named_peer() else { continue };
            if ws.manifest_declares_clusters && ws.resolve_peer(c, &peer.text).is_none() {
                sink.push(
                    f,
                    Diagnostic::new(
                        Code::UnknownPeer,
                        peer.range,
                        format!(
                            "exported-services consumer Peer \"{}\" (exporting \"{}\") names no cluster of the workspace ({})",
                            peer.text,
                            exported.name.text,
                            known_clusters(ws, c)
                        ),
                    ),
                );
            }
        }
    }
}

fn namespace_of(export: &ExportedService) -> &str {
    export.namespace.as_ref().map(|n| n.text.as_str()).filter(|n| !n.is_empty()).unwrap_or(DEFAULT)
}

/// The services `exporter` exports under `name` (or `*`) to a peer that resolves to cluster `to`.
pub fn exports_to<'a>(
    ws: &'a Workspace,
    exporter: &'a ClusterIndex<'a>,
    to: usize,
    name: &'a str,
) -> impl Iterator<Item = &'a ExportedService> + 'a {
    let named = exporter.exports_by_name.get(name).into_iter().flatten();
    let wildcard = if name == "*" { None } else { exporter.exports_by_name.get("*") };
    named.chain(wildcard.into_iter().flatten()).copied().filter(move |exported| {
        exported.consumers.iter().any(|consumer| {
            consumer.peer.as_ref().is_some_and(|p| ws.resolve_peer(exporter.cluster, &p.text) == Some(to))
        })
    })
}

fn known_clusters(ws: &Workspace, from: usize) -> String {
    let mut names: Vec<String> =
        ws.clusters.iter().filter(|c| c.name != ws.clusters[from].name).map(|c| c.name.clone()).collect();
    names.extend(ws.clusters[from].peers.iter().map(|(p, _)| p.clone()));
    names.sort();
    names.dedup();
    if names.is_empty() { "it has no other cluster".to_string() } else { format!("known: {}", names.join(", ")) }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
