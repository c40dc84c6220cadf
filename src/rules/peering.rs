//! Peering rules: `upstream-peer-conflict`, `upstream-missing-peer`, `unknown-peer`, `service-not-exported`,
//! `upstream-missing-namespace`.
//!
//! Facts (consul-reference.md §2, §3, §6, §7): `upstream cannot specify both destination peer and datacenter`;
//! `upstreams must target peers in the same partition as the service`; without `destination_peer` an upstream
//! resolves locally; a peer only sees the services its partner's exported-services entry lists for it (by name or
//! `*`), in their namespace; peer names are local names that must answer to a peered cluster.

use super::{Code, Diagnostic, FixHint, Related};
use crate::model::{DEFAULT, ExportedService, Str};
use crate::schema::KeyStyle;
use crate::workspace::{ClusterId, FileId, Topology};

/// Where the cluster's peer names are declared (its manifest block), for `unknown-peer`.
fn peers_declared(topology: Topology<'_>, cluster: ClusterId) -> Option<Related> {
    let (file, range) = topology.cluster_declaration(cluster)?;
    let name = topology.cluster_name(cluster);
    Some(Related::new(
        file,
        range,
        format!("cluster {name}: its peer names are the other clusters' names and its `peers`"),
    ))
}

/// What a `service-not-exported` finding depends on: the exported-services entries of the peer cluster, or, when
/// it has none, the peer cluster's declaration.
fn exporter_entries(topology: Topology<'_>, exporter: ClusterId, importer: ClusterId, service: &str) -> Vec<Related> {
    let (exporter_name, importer_name) = (topology.cluster_name(exporter), topology.cluster_name(importer));
    let entries = topology.exported_services_entries(exporter);
    if entries.is_empty() {
        return topology
            .cluster_declaration(exporter)
            .map(|(file, range)| {
                Related::new(file, range, format!("cluster {exporter_name} has no exported-services entry"))
            })
            .into_iter()
            .collect();
    }
    entries
        .iter()
        .map(|at| {
            Related::new(
                at.file,
                at.entry.kind.entry_range(),
                format!(
                    "exported-services \"{}\" of {exporter_name} does not export \"{service}\" to {importer_name}",
                    at.entry.name()
                ),
            )
        })
        .collect()
}

/// The peering findings of one file's upstreams and exported-services consumers, seen from `cluster` (one of the
/// clusters the file belongs to). They depend on the file itself and on what other files register and export
/// under the names its upstreams use — the dependencies the analysis layer tracks.
pub fn check_file(topology: Topology<'_>, file: FileId, cluster: ClusterId, out: &mut Vec<Diagnostic>) {
    let ws = topology.workspace();
    let c = cluster;
    let cluster_name = topology.cluster_name(c);
    let model = &ws.file(file).model;
    for service in &model.services {
        for upstream in &service.upstreams {
            let name = upstream.name();
            let downstream = &upstream.downstream;
            // An item of a `consul.hashicorp.com/connect-service-upstreams` annotation (Kubernetes).
            let annotation = upstream.style == KeyStyle::Camel;
            if let Some(peer) = &upstream.destination_peer
                && !peer.text.is_empty()
            {
                if let Some(dc) = upstream.datacenter().filter(|d| !d.text.is_empty()) {
                    let message = if annotation {
                        format!(
                            "upstream \"{name}\" of \"{downstream}\" names both peer \"{}\" and datacenter \"{}\"; consul-k8s accepts it but Consul rejects an upstream with both: remove the datacenter",
                            peer.text, dc.text
                        )
                    } else {
                        format!(
                            "upstream \"{name}\" of \"{downstream}\" sets both destination_peer \"{}\" and datacenter \"{}\"; Consul rejects this: remove datacenter",
                            peer.text, dc.text
                        )
                    };
                    out.push(
                        Diagnostic::new(Code::UpstreamPeerConflict, dc.key_range, message)
                            .with_fix(FixHint::RemoveEntry { entry: dc.entry_range() }),
                    );
                }
                if let Some(partition) =
                    upstream.destination_partition().filter(|p| !p.text.is_empty() && p.text != service.partition)
                {
                    out.push(
                        Diagnostic::new(
                            Code::UpstreamPeerConflict,
                            partition.key_range,
                            format!(
                                "upstream \"{name}\" of \"{downstream}\" sets destination_partition \"{}\" with destination_peer \"{}\"; peered upstreams must stay in the service's own partition \"{}\"",
                                partition.text, peer.text, service.partition
                            ),
                        ).with_fix(FixHint::RemoveEntry { entry: partition.entry_range() }),
                    );
                }
                let Some(d) = topology.resolve_peer(c, &peer.text) else {
                    if ws.manifest_declares_clusters {
                        let what = if annotation {
                            format!("peer \"{}\" of upstream \"{name}\"", peer.text)
                        } else {
                            format!("destination_peer \"{}\" of upstream \"{name}\"", peer.text)
                        };
                        out.push(unknown_peer(topology, c, &what, peer).with_related(peers_declared(topology, c)));
                    }
                    continue;
                };
                if name.is_empty() || name == "*" || upstream.is_prepared_query() {
                    continue;
                }
                let exports = topology.exports_to(d, c, Some(name));
                let peer_cluster = topology.cluster_name(d);
                if exports.is_empty() {
                    let diagnostic = Diagnostic::new(
                        Code::ServiceNotExported,
                        peer.range,
                        format!(
                            "peer \"{}\" is cluster {peer_cluster}, which does not export \"{name}\" to {cluster_name}: no exported-services entry there lists \"{name}\" (or \"*\") for this cluster",
                            peer.text
                        ),
                    )
                    .with_related(exporter_entries(topology, d, c, name));
                    out.push(match export_hint(topology, d, c, name, upstream) {
                        Some(hint) => diagnostic.with_fix(hint),
                        None => diagnostic,
                    });
                    continue;
                }
                let exported_from_default = exports.iter().any(|e| matches!(namespace_of(e.service), DEFAULT | "*"));
                if upstream.destination_namespace().is_none() && !exported_from_default {
                    let namespace = namespace_of(exports[0].service);
                    if let Some(dn) = &upstream.destination_name {
                        let export = exports[0];
                        let related = Related::new(
                            export.file,
                            export.service.name.range,
                            format!("{peer_cluster} exports \"{name}\" from namespace \"{namespace}\" here"),
                        );
                        let advice = if annotation {
                            format!("name it {name}.svc.{namespace}.ns.{}.peer", peer.text)
                        } else {
                            format!("set destination_namespace = \"{namespace}\"")
                        };
                        out.push(
                            Diagnostic::new(
                                Code::UpstreamMissingNamespace,
                                dn.range,
                                format!(
                                    "{peer_cluster} exports \"{name}\" from namespace \"{namespace}\", but this upstream has no {} and looks in \"default\"; {advice}",
                                    if annotation { "namespace" } else { "destination_namespace" }
                                ),
                            ).with_fix(FixHint::InsertField { object: upstream.range, key: "destination_namespace".into(), values: vec![namespace.to_string()] })
                            .with_related([related]),
                        );
                    }
                }
            } else if upstream.datacenter().is_none_or(|d| d.text.is_empty())
                && !name.is_empty()
                && name != "*"
                && !upstream.is_prepared_query()
                && !topology.knows_service(c, name)
            {
                let exporter_ids = topology.exporters_to(c, name);
                if exporter_ids.is_empty() {
                    continue;
                }
                let exporters: Vec<&str> = exporter_ids.iter().map(|&d| topology.cluster_name(d)).collect();
                // The names this cluster uses for each exporting peer: one quick fix per name.
                let candidates: Vec<String> = exporter_ids.iter().flat_map(|&d| topology.peer_names(c, d)).collect();
                let related: Vec<Related> = exporter_ids
                    .iter()
                    .flat_map(|&d| topology.exports_to(d, c, Some(name)).into_iter().map(move |e| (d, e)))
                    .map(|(d, e)| {
                        let what = if e.service.name.text == "*" {
                            "every service (\"*\")".to_string()
                        } else {
                            format!("\"{name}\"")
                        };
                        Related::new(
                            e.file,
                            e.service.name.range,
                            format!("{} exports {what} to {cluster_name} here", topology.cluster_name(d)),
                        )
                    })
                    .collect();
                if let Some(dn) = &upstream.destination_name {
                    let (who, verb) = if exporters.len() == 1 {
                        (exporters[0].to_string(), "exports")
                    } else {
                        (join_and(&exporters), "export")
                    };
                    let advice = match (annotation, candidates.first()) {
                        (true, Some(p)) => format!("name the peer: {name}.svc.{p}.peer"),
                        (true, None) => "name the peer (.PEER.peer)".to_string(),
                        (false, _) => "set destination_peer".to_string(),
                    };
                    out.push(
                        Diagnostic::new(
                            Code::UpstreamMissingPeer,
                            dn.range,
                            format!(
                                "upstream \"{name}\" is not registered in {cluster_name} but {who} {verb} it; {advice}"
                            ),
                        )
                        .with_fix(FixHint::InsertField {
                            object: upstream.range,
                            key: "destination_peer".into(),
                            values: candidates,
                        })
                        .with_related(related),
                    );
                }
            }
        }
    }
    if !ws.manifest_declares_clusters {
        return;
    }
    for entry in &model.entries {
        let crate::model::EntryBody::ExportedServices(services) = &entry.body else { continue };
        for exported in services {
            for consumer in &exported.consumers {
                let Some(peer) = consumer.named_peer() else { continue };
                if topology.resolve_peer(c, &peer.text).is_none() {
                    let what = format!(
                        "exported-services consumer Peer \"{}\" (exporting \"{}\")",
                        peer.text, exported.name.text
                    );
                    out.push(unknown_peer(topology, c, &what, peer).with_related(peers_declared(topology, c)));
                }
            }
        }
    }
}

/// The fix for `service-not-exported`: export the service from `exporter` to the names it uses for `importer`
/// (in its exported-services entry, HCL/JSON or a Kubernetes resource, or a new one).
fn export_hint(
    topology: Topology<'_>,
    exporter: ClusterId,
    importer: ClusterId,
    service: &str,
    upstream: &crate::model::Upstream,
) -> Option<FixHint> {
    let peers = topology.peer_names(exporter, importer);
    (!peers.is_empty()).then(|| FixHint::ExportService {
        exporter,
        service: service.to_string(),
        namespace: upstream.destination_namespace().map(|n| n.text.to_string()).filter(|n| n != DEFAULT),
        peers,
    })
}

/// `unknown-peer` on `peer` (used in cluster `c`), with the peer names that would work as fixes. In a cluster
/// whose peers are declared by PeeringAcceptor/PeeringDialer resources, a name they do not declare is no peer
/// there even when a cluster has that name (the two sides of a peering name each other differently).
fn unknown_peer(topology: Topology<'_>, c: ClusterId, what: &str, peer: &Str) -> Diagnostic {
    let cluster_name = topology.cluster_name(c);
    let named = topology.workspace().cluster_named(&peer.text).filter(|&d| d != c);
    let mut candidates: Vec<String> = named.map(|d| topology.peer_names(c, d)).unwrap_or_default();
    let message = if topology.declares_peerings(c) && !topology.peer_is_declared(c, &peer.text) {
        let how = match (named, candidates.as_slice()) {
            (Some(d), [first, ..]) => {
                format!("; {} is peered here as \"{first}\"", topology.cluster_name(d))
            }
            _ => String::new(),
        };
        format!(
            "{what} is no peer of {cluster_name}: its PeeringAcceptor and PeeringDialer resources name its peers ({}){how}",
            known_clusters(topology, c).trim_start_matches("known: ")
        )
    } else {
        format!("{what} names no cluster of the workspace ({})", known_clusters(topology, c))
    };
    if candidates.is_empty() {
        let mut known = topology.known_peers(c);
        known.sort_by_key(|k| strsim::levenshtein(k, &peer.text));
        candidates = known.into_iter().take(3).collect();
    }
    let d = Diagnostic::new(Code::UnknownPeer, peer.range, message);
    if candidates.is_empty() { d } else { d.with_fix(FixHint::ReplaceValueOneOf { values: candidates }) }
}

fn namespace_of(export: &ExportedService) -> &str {
    export.namespace.as_ref().map(|n| n.text.as_str()).filter(|n| !n.is_empty()).unwrap_or(DEFAULT)
}

fn known_clusters(topology: Topology<'_>, from: ClusterId) -> String {
    let names = topology.known_peers(from);
    if names.is_empty() { "it has no other cluster".to_string() } else { format!("known: {}", names.join(", ")) }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
