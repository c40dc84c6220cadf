//! Inlay hints: where a name leads, written after it — the cluster a `destination_peer` (or an exported-services
//! consumer's `Peer`) resolves to (`→ cluster-02`), and `→ local` after an upstream's `destination_name` that its
//! own cluster registers (`→ local (routed)` for a name only a resolver, router or splitter defines).
//!
//! Each hint is a lookup in the topology's indexes: a file's hints cost what the file holds.

use crate::analysis::Analysis;
use crate::model::EntryBody;
use crate::syntax::TextRange;
use crate::workspace::FileId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (right after the value it explains).
    pub offset: u32,
    pub label: String,
    pub tooltip: String,
}

/// The hints of `file` within `range`.
pub fn inlay_hints(analysis: &Analysis, file: FileId, range: TextRange) -> Vec<InlayHint> {
    let (ws, topology) = (analysis.workspace(), analysis.topology());
    let Some(source) = ws.files.get(file) else { return Vec::new() };
    let Some(c) = ws.cluster_of(file) else { return Vec::new() };
    let cluster = topology.cluster_name(c);
    let inside = |r: TextRange| r.start <= range.end && range.start <= r.end;
    let mut out = Vec::new();
    let mut peer_hint = |at: TextRange, peer: &str, what: &str| {
        if !inside(at) {
            return;
        }
        if let Some(d) = topology.resolve_peer(c, peer) {
            let target = topology.cluster_name(d);
            let how =
                if topology.peer_is_mapped(c, peer) { "mapped in consul-ls.hcl" } else { "a cluster of that name" };
            out.push(InlayHint {
                offset: at.end,
                label: format!("→ {target}"),
                tooltip: format!("{what} \"{peer}\" of {cluster} is cluster {target} ({how})"),
            });
        }
    };
    let mut local_hints = Vec::new();
    for service in &source.model.services {
        for upstream in &service.upstreams {
            if let Some(peer) = &upstream.destination_peer
                && upstream.peer().is_some()
            {
                peer_hint(peer.range, &peer.text, "peer");
                continue;
            }
            let Some(name) = upstream.destination_name.as_ref().filter(|n| inside(n.range)) else { continue };
            if upstream.is_prepared_query() || upstream.datacenter().is_some_and(|d| !d.text.is_empty()) {
                continue;
            }
            let (label, tooltip) = if !topology.registrations(c, &name.text).is_empty() {
                ("→ local", format!("\"{}\" is registered in {cluster}", name.text))
            } else if topology.routing_entry(c, &name.text).is_some() {
                ("→ local (routed)", format!("\"{}\" is routed in {cluster} by a discovery chain entry", name.text))
            } else {
                continue;
            };
            local_hints.push(InlayHint { offset: name.range.end, label: label.to_string(), tooltip });
        }
    }
    for entry in &source.model.entries {
        let EntryBody::ExportedServices(services) = &entry.body else { continue };
        for consumer in services.iter().flat_map(|s| &s.consumers) {
            if let Some(peer) = consumer.named_peer() {
                peer_hint(peer.range, &peer.text, "consumer peer");
            }
        }
    }
    out.extend(local_hints);
    out.sort_by_key(|h| h.offset);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing;

    fn check(fixture: &str) -> String {
        let (analysis, file, _) = testing::analysis(fixture);
        let text = &analysis.workspace().file(file).text;
        let mut shown = text.to_string();
        let hints = inlay_hints(&analysis, file, TextRange::new(0, text.len() as u32));
        for hint in hints.iter().rev() {
            shown.insert_str(hint.offset as usize, &format!("⟨{}⟩", hint.label));
        }
        let tooltips: Vec<&str> = hints.iter().map(|h| h.tooltip.as_str()).collect();
        format!("{shown}\n{}", tooltips.join("\n"))
    }

    #[test]
    fn peers_resolve_to_clusters_and_local_upstreams_say_so() {
        insta::assert_snapshot!(check(
            r#"
            //- c1/frontend.hcl
            service {
              name = "frontend"
              port = 8080
              connect { sidecar_service { proxy { upstreams = [
                { destination_name = "backend", destination_peer = "to-c2", local_bind_port = 9000 },
                { destination_name = "cache", local_bind_port = 9001 },
                { destination_name = "api", local_bind_port = 9002 },
                { destination_name = "elsewhere", local_bind_port = 9003 },
                { destination_name = "lost", destination_peer = "nowhere", local_bind_port = 9004 },
              ] } } }
            }
            services {
              name = "cache"
              port = 6379
            }
            //- c1/router.hcl
            Kind = "service-router"
            Name = "api"
            //- c1/exports.hcl
            Kind = "exported-services"
            Name = "default"
            Services = [{ Name = "cache", Consumers = [{ Peer = "c2" }] }]
            //- consul-ls.hcl
            cluster "c1" {
              paths = ["c1"]
              peers = { "to-c2" = "c2" }
            }
            cluster "c2" {
              paths = ["c2"]
            }
            "#
        ));
    }
}
