//! exported-services: `ExportedServicesConfigEntry.Validate` (`agent/structs/config_entry_exports.go`). The
//! `Name` rule (the partition's name) lives with the schema rules; Consul CE's refusal of partition and
//! sameness-group consumers is not reported (consul-ls cannot tell CE from Enterprise).

use crate::model::Obj;
use crate::rules::reader::{Ctx, Read};

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    for (i, service) in crate::rules::reader::indexed(obj, "services") {
        match service.text("name") {
            None => {} // the schema rules report the missing Name
            Some(name) if name.text.is_empty() => {
                ctx.invalid(name.range, format!("Services[{i}]: service name cannot be empty"))
            }
            Some(name) => {
                if let Some(ns) = service.text("namespace")
                    && ns.text == "*"
                    && name.text != "*"
                {
                    ctx.invalid(
                        name.range,
                        format!("Services[{i}]: service name must be wildcard if namespace is wildcard"),
                    );
                }
            }
        }
        let consumers: Vec<Obj<'_>> = service.objects("consumers").collect();
        if consumers.is_empty() {
            ctx.missing(service.range, format!("Services[{i}]: must have at least one consumer"));
        }
        for (j, consumer) in consumers.into_iter().enumerate() {
            let peer = consumer
                .entries_named("peer", &["peer_name", "PeerName"])
                .next()
                .and_then(|e| e.value.as_str().map(|t| (t.to_string(), e.value.range)));
            let partition = consumer.set("partition");
            let group = consumer.set("sameness_group");
            let targets: Vec<crate::syntax::TextRange> = [
                peer.as_ref().filter(|p| !p.0.is_empty()).map(|p| p.1),
                partition.as_ref().map(|p| p.range),
                group.as_ref().map(|g| g.range),
            ]
            .into_iter()
            .flatten()
            .collect();
            if let [_, second, ..] = targets.as_slice() {
                ctx.invalid(
                    *second,
                    format!(
                        "Services[{i}].Consumers[{j}]: must define at most one of Peer, Partition, or SamenessGroup"
                    ),
                );
                continue;
            }
            if let Some(partition) = partition.filter(|p| p.text == "*") {
                ctx.invalid(
                    partition.range,
                    format!("Services[{i}].Consumers[{j}]: exporting to all partitions (wildcard) is not supported"),
                );
            }
            if let Some((_, range)) = peer.filter(|p| p.0 == "*") {
                ctx.invalid(
                    range,
                    format!("Services[{i}].Consumers[{j}]: exporting to all peers (wildcard) is not supported"),
                );
            }
        }
    }
}
