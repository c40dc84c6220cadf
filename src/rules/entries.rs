//! Config entry and agent value rules Consul enforces beyond key names and types (`invalid-value`,
//! `missing-required`).
//!
//! Facts (consul-reference.md §1, §3):
//! - exported-services: `Services[i]: must have at least one consumer`; `Services[i].Consumers[j]: must define at
//!   most one of Peer, Partition, or SamenessGroup`; `...: exporting to all peers (wildcard) is not supported`.
//! - service-intentions: `Sources[i].Peer: cannot set Peer and Partition at the same time.`;
//!   `Sources[i].Peer: cannot use wildcard '*' in peer`.
//! - service-resolver: `Redirect.Peer cannot be set with Redirect.Datacenter`, `Redirect.Partition cannot be set
//!   with Redirect.Peer`, `Redirect.Peer defined without Redirect.Service`;
//!   `Bad Failover["*"].Targets[0]: Peer cannot be set with Datacenter`.
//! - agent `datacenter`: lowercased, then it must match `^[a-z0-9_-]+$`.

use super::{Code, Diagnostic};
use crate::model::{FileKind, Obj, Str};
use crate::schema::KeyStyle;
use crate::syntax::Value;
use crate::workspace::SourceFile;

pub fn check_file(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    if file.kind() == FileKind::AgentConfig
        && let Some(root) = Obj::new(&file.parse.root, KeyStyle::Snake)
    {
        datacenter(root, out);
    }
    for entry in &file.model.entries {
        let Some(value) = object_at(&file.parse.root, entry.range) else { continue };
        let Some(obj) = Obj::new(value, KeyStyle::Pascal) else { continue };
        match entry.kind.text.as_str() {
            "exported-services" => exported_services(file, obj, out),
            "service-intentions" => intentions(obj, out),
            "service-resolver" => resolver(obj, out),
            _ => {}
        }
    }
}

fn object_at(root: &Value, range: crate::syntax::TextRange) -> Option<&Value> {
    if root.range == range { Some(root) } else { super::schema::find_value(root, range) }
}

fn set(value: Option<Str>) -> Option<Str> {
    value.filter(|s| !s.text.is_empty())
}

fn datacenter(root: Obj<'_>, out: &mut Vec<Diagnostic>) {
    let Some(dc) = root.string("datacenter") else { return };
    let lowered = dc.text.to_lowercase();
    if !lowered.is_empty()
        && !lowered.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        out.push(Diagnostic::new(
            Code::InvalidValue,
            dc.range,
            format!(
                "invalid datacenter \"{}\": after lowercasing, Consul allows only letters, digits, `_` and `-`",
                dc.text
            ),
        ));
    }
}

fn exported_services(file: &SourceFile, obj: Obj<'_>, out: &mut Vec<Diagnostic>) {
    for service in obj.objects("services") {
        let name = service.string("name").map_or_else(String::new, |n| n.text.to_string());
        let consumers: Vec<Obj<'_>> = service.objects("consumers").collect();
        if consumers.is_empty() {
            out.push(Diagnostic::new(
                Code::MissingRequired,
                super::schema::object_first_line(&file.text, &file.parse.root, service.range),
                format!("exported service \"{name}\" has no Consumers: Consul requires at least one consumer"),
            ));
        }
        for consumer in consumers {
            let peer = set(consumer.string_aliased("peer", &["peer_name", "PeerName"]));
            let partition = set(consumer.string("partition"));
            let group = set(consumer.string("sameness_group"));
            let targets: Vec<&Str> = [&peer, &partition, &group].into_iter().flatten().collect();
            if let [_, second, ..] = targets.as_slice() {
                out.push(Diagnostic::new(
                    Code::InvalidValue,
                    second.range,
                    format!(
                        "a consumer of exported service \"{name}\" sets more than one of Peer, Partition and SamenessGroup; Consul allows at most one"
                    ),
                ));
            }
            if let Some(peer) = peer.filter(|p| p.text == "*") {
                out.push(Diagnostic::new(
                    Code::InvalidValue,
                    peer.range,
                    format!(
                        "exported service \"{name}\" cannot be exported to all peers with \"*\"; Consul does not support a wildcard peer: list each peer"
                    ),
                ));
            }
        }
    }
}

fn intentions(obj: Obj<'_>, out: &mut Vec<Diagnostic>) {
    for source in obj.objects("sources") {
        let name = source.string("name").map_or_else(String::new, |n| n.text.to_string());
        let Some(peer) = set(source.string_aliased("peer", &["peer_name"])) else { continue };
        if peer.text == "*" {
            out.push(Diagnostic::new(
                Code::InvalidValue,
                peer.range,
                format!("intention source \"{name}\" cannot use the wildcard \"*\" as Peer; name the peer"),
            ));
        }
        if let Some(partition) = set(source.string("partition")) {
            out.push(Diagnostic::new(
                Code::InvalidValue,
                partition.range,
                format!(
                    "intention source \"{name}\" sets both Peer \"{}\" and Partition \"{}\"; Consul allows only one",
                    peer.text, partition.text
                ),
            ));
        }
    }
}

fn resolver(obj: Obj<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(redirect) = obj.object("redirect")
        && let Some(peer) = set(redirect.string("peer"))
    {
        if let Some(dc) = set(redirect.string("datacenter")) {
            out.push(Diagnostic::new(
                Code::InvalidValue,
                dc.range,
                format!(
                    "Redirect sets both Peer \"{}\" and Datacenter \"{}\"; Consul allows only one",
                    peer.text, dc.text
                ),
            ));
        }
        if let Some(partition) = set(redirect.string("partition")) {
            out.push(Diagnostic::new(
                Code::InvalidValue,
                partition.range,
                format!(
                    "Redirect sets both Peer \"{}\" and Partition \"{}\"; Consul allows only one",
                    peer.text, partition.text
                ),
            ));
        }
        if set(redirect.string("service")).is_none() {
            out.push(Diagnostic::new(
                Code::InvalidValue,
                peer.range,
                format!(
                    "Redirect to Peer \"{}\" needs a Service: Consul rejects a peer redirect without one",
                    peer.text
                ),
            ));
        }
    }
    for failover in obj.objects("failover") {
        for subset in failover.entries {
            for policy in crate::model::object_values(&subset.value) {
                let Some(policy) = Obj::new(policy, KeyStyle::Pascal) else { continue };
                for target in policy.objects("targets") {
                    if let (Some(peer), Some(dc)) = (set(target.string("peer")), set(target.string("datacenter"))) {
                        out.push(Diagnostic::new(
                            Code::InvalidValue,
                            dc.range,
                            format!(
                                "Failover[\"{}\"] target sets both Peer \"{}\" and Datacenter \"{}\"; Consul allows only one",
                                subset.key.text, peer.text, dc.text
                            ),
                        ));
                    }
                }
            }
        }
    }
}
