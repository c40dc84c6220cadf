//! service-resolver: `ServiceResolverConfigEntry.Validate` (`agent/structs/config_entry_discoverychain.go`).
//! Consul returns the first problem of a `Redirect` or failover target (a `switch`); so do these rules. Consul
//! CE's refusal of Enterprise fields (`Namespace`, `Partition`, `SamenessGroup`, failover policies,
//! `PrioritizeByLocality`) is not reported; subset `Filter` expressions are not parsed.

use super::common;
use crate::model::{Obj, Str};
use crate::rules::reader::{Ctx, Read, format_go_duration, is_dns_label, map_entries, quote};

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    common::name_written_empty(ctx, obj, "Name is required");
    let name = obj.text("name").map(|n| n.text).unwrap_or_default();
    let subsets = map_entries(obj, "subsets");
    for (subset, _) in &subsets {
        if subset.key.text.is_empty() {
            ctx.invalid(subset.key.range, "Subset defined with empty name");
        } else if subset.key.text.len() > 63 {
            ctx.invalid(
                subset.key.range,
                format!("Subset {} is invalid: must be non-empty and 63 characters or fewer", quote(&subset.key.text)),
            );
        } else if !is_dns_label(&subset.key.text) {
            ctx.invalid(
                subset.key.range,
                format!(
                    "Subset {} is invalid: must be 63 characters or fewer, begin or end with lower case alphanumeric characters, and contain lower case alphanumeric characters or '-' in between",
                    quote(&subset.key.text)
                ),
            );
        }
    }
    let is_subset = |s: &str| subsets.iter().any(|(e, _)| e.key.text == s);
    if let Some(default) = obj.set("default_subset")
        && !is_subset(&default.text)
    {
        ctx.invalid(default.range, format!("DefaultSubset {} is not a valid subset", quote(&default.text)));
    }
    let partition = obj.set("partition").map(|p| p.text).unwrap_or_else(|| "default".into());
    let failover = map_entries(obj, "failover");
    if let Some(redirect) = obj.object("redirect") {
        check_redirect(ctx, obj, redirect, &name, &partition, !failover.is_empty(), &is_subset);
    }
    for (subset, policies) in &failover {
        for policy in policies {
            check_failover(ctx, *policy, &subset.key, &name, &partition, &is_subset);
        }
    }
    for (key, field) in [("connect_timeout", "ConnectTimeout"), ("request_timeout", "RequestTimeout")] {
        if let Some(d) = obj.duration(key).filter(|d| d.value < 0.0) {
            ctx.invalid(d.range, format!("Bad {field} '{}', must be >= 0", format_go_duration(d.value)));
        }
    }
    if let Some(lb) = obj.object("load_balancer") {
        check_load_balancer(ctx, lb);
    }
}

fn check_redirect(
    ctx: &mut Ctx<'_>,
    obj: Obj<'_>,
    r: Obj<'_>,
    name: &str,
    partition: &str,
    has_failover: bool,
    is_subset: &dyn Fn(&str) -> bool,
) {
    let field = |key: &str| r.set(key);
    let (service, subset, peer, dc, group) =
        (field("service"), field("service_subset"), field("peer"), field("datacenter"), field("sameness_group"));
    let (ns, part) = (field("namespace"), field("partition"));
    if let Some(dc) = &dc {
        if partition != "default" {
            ctx.invalid(dc.range, "Cross-datacenter redirect is only supported in the default partition");
            return;
        }
        if part.as_ref().map_or("default", |p| p.text.as_str()) != partition {
            ctx.invalid(dc.range, "Cross-datacenter and cross-partition redirect is not supported");
            return;
        }
    }
    if has_failover {
        let at = obj.get("failover").map_or(r.range, |e| e.key.range);
        ctx.invalid(at, "Redirect and Failover cannot both be set");
        return;
    }
    let at = |s: &Option<Str>| s.as_ref().map(|s| s.range);
    let problem: Option<(Option<crate::syntax::TextRange>, String)> =
        if [&service, &subset, &ns, &part, &dc, &peer, &group].iter().all(|f| f.is_none()) {
            Some((obj.get("redirect").map(|e| e.key.range), "Redirect is empty".into()))
        } else if group.is_some() && subset.is_some() {
            Some((at(&subset), "Redirect.SamenessGroup cannot be set with Redirect.ServiceSubset".into()))
        } else if group.is_some() && part.is_some() {
            Some((at(&part), "Redirect.Partition cannot be set with Redirect.SamenessGroup".into()))
        } else if group.is_some() && dc.is_some() {
            Some((at(&dc), "Redirect.SamenessGroup cannot be set with Redirect.Datacenter".into()))
        } else if peer.is_some() && subset.is_some() {
            Some((at(&subset), "Redirect.Peer cannot be set with Redirect.ServiceSubset".into()))
        } else if peer.is_some() && part.is_some() {
            Some((at(&part), "Redirect.Partition cannot be set with Redirect.Peer".into()))
        } else if peer.is_some() && dc.is_some() {
            Some((at(&dc), "Redirect.Peer cannot be set with Redirect.Datacenter".into()))
        } else if service.is_none() {
            [(&subset, "ServiceSubset"), (&ns, "Namespace"), (&part, "Partition"), (&peer, "Peer")]
                .into_iter()
                .find(|(f, _)| f.is_some())
                .map(|(f, what)| (at(f), format!("Redirect.{what} defined without Redirect.Service")))
        } else if let Some(s) = subset.as_ref().filter(|_| service.as_ref().is_some_and(|svc| svc.text == name)) {
            (!is_subset(&s.text)).then(|| {
                (
                    Some(s.range),
                    format!("Redirect.ServiceSubset {} is not a valid subset of {}", quote(&s.text), quote(name)),
                )
            })
        } else {
            None
        };
    if let Some((range, message)) = problem {
        ctx.invalid(range.unwrap_or(r.range), message);
    }
}

fn check_failover(
    ctx: &mut Ctx<'_>,
    f: Obj<'_>,
    subset: &crate::syntax::Key,
    name: &str,
    partition: &str,
    is_subset: &dyn Fn(&str) -> bool,
) {
    let prefix = format!("Bad Failover[{}]: ", quote(&subset.text));
    let datacenters = f.strs("datacenters");
    if partition != "default"
        && let Some(entry) = f.get("datacenters")
        && !datacenters.is_empty()
    {
        ctx.invalid(entry.key.range, "Cross-datacenter failover is only supported in the default partition");
        return;
    }
    if subset.text != "*" && !is_subset(&subset.text) {
        ctx.invalid(subset.range, format!("{prefix}not a valid subset subset"));
        return;
    }
    let service = f.set("service");
    let service_subset = f.set("service_subset");
    let targets: Vec<Obj<'_>> = f.objects("targets").collect();
    let group = f.set("sameness_group");
    if service.is_none()
        && service_subset.is_none()
        && f.set("namespace").is_none()
        && datacenters.is_empty()
        && targets.is_empty()
        && group.is_none()
    {
        ctx.missing(
            f.range,
            format!(
                "{prefix}one of Service, ServiceSubset, Namespace, Targets, SamenessGroup, or Datacenters is required"
            ),
        );
        return;
    }
    if let Some(s) = &service_subset
        && service.as_ref().is_none_or(|svc| svc.text == name)
        && !is_subset(&s.text)
    {
        let svc = service.as_ref().map_or("", |svc| svc.text.as_str());
        ctx.invalid(
            s.range,
            format!("{prefix}ServiceSubset {} is not a valid subset of {}", quote(&s.text), quote(svc)),
        );
        return;
    }
    let key_of = |key: &str| f.get(key).map_or(f.range, |e| e.key.range);
    if group.is_some() {
        let conflict = if !datacenters.is_empty() {
            Some(("datacenters", "Datacenters"))
        } else if service_subset.is_some() {
            Some(("service_subset", "ServiceSubset"))
        } else if !targets.is_empty() {
            Some(("targets", "Targets"))
        } else {
            None
        };
        if let Some((key, what)) = conflict {
            ctx.invalid(key_of(key), format!("{prefix}SamenessGroup cannot be set with {what}"));
            return;
        }
    }
    if !targets.is_empty() {
        let conflict = if !datacenters.is_empty() {
            Some(("datacenters", "Datacenters"))
        } else if service_subset.is_some() {
            Some(("service_subset", "ServiceSubset"))
        } else if service.is_some() {
            Some(("service", "Service"))
        } else {
            None
        };
        if let Some((key, what)) = conflict {
            ctx.invalid(key_of(key), format!("{prefix}Targets cannot be set with {what}"));
            return;
        }
    }
    for (i, t) in targets.into_iter().enumerate() {
        let tp = format!("Bad Failover[{}].Targets[{i}]: ", quote(&subset.text));
        let (peer, part, dc, ts) = (t.set("peer"), t.set("partition"), t.set("datacenter"), t.set("service_subset"));
        let problem = if peer.is_some() && ts.is_some() {
            ts.map(|s| (s.range, "Peer cannot be set with ServiceSubset".to_string()))
        } else if peer.is_some() && part.is_some() {
            part.map(|p| (p.range, "Partition cannot be set with Peer".to_string()))
        } else if peer.is_some() && dc.is_some() {
            dc.map(|d| (d.range, "Peer cannot be set with Datacenter".to_string()))
        } else if part.is_some() && dc.is_some() {
            dc.map(|d| (d.range, "Partition cannot be set with Datacenter".to_string()))
        } else if let Some(s) = ts.filter(|_| t.set("service").is_none_or(|svc| svc.text == name)) {
            (!is_subset(&s.text)).then(|| {
                (s.range, format!("ServiceSubset {} is not a valid subset of {}", quote(&s.text), quote(name)))
            })
        } else {
            None
        };
        if let Some((range, message)) = problem {
            ctx.invalid(range, format!("{tp}{message}"));
        }
    }
    if let Some(empty) = datacenters.iter().find(|d| d.text.is_empty()) {
        ctx.invalid(empty.range, format!("Bad Failover[{}].Datacenters: found empty datacenter", quote(&subset.text)));
    }
}

const HASH_BASED: &[&str] = &["maglev", "ring_hash"];

fn check_load_balancer(ctx: &mut Ctx<'_>, lb: Obj<'_>) {
    let policy = lb.text("policy").map(|p| p.text).unwrap_or_default();
    let known = ["", "random", "round_robin", "least_request", "ring_hash", "maglev"].contains(&policy.as_str());
    if !known {
        return; // the schema rules report the unknown policy
    }
    for (key, field, needs) in [
        ("ring_hash_config", "RingHashConfig", "ring_hash"),
        ("least_request_config", "LeastRequestConfig", "least_request"),
    ] {
        if policy != needs
            && let Some(entry) = lb.get(key)
        {
            ctx.invalid(
                entry.key.range,
                format!(
                    "Bad LoadBalancer configuration. {field} specified for incompatible load balancing policy {}",
                    quote(&policy)
                ),
            );
            return;
        }
    }
    let policies: Vec<Obj<'_>> = lb.objects("hash_policies").collect();
    if !HASH_BASED.contains(&policy.as_str()) && !policies.is_empty() {
        let at = lb.get("hash_policies").map_or(lb.range, |e| e.key.range);
        ctx.invalid(
            at,
            format!(
                "Bad LoadBalancer configuration: HashPolicies specified for non-hash-based Policy: {}",
                quote(&policy)
            ),
        );
        return;
    }
    for (i, hp) in policies.into_iter().enumerate() {
        let prefix = format!("Bad LoadBalancer HashPolicy[{i}]: ");
        let field = hp.set("field");
        let value = hp.set("field_value");
        if field.as_ref().is_some_and(|f| !["header", "cookie", "query_parameter"].contains(&f.text.as_str())) {
            continue; // the schema rules report it
        }
        let source_ip = hp.truthy("source_ip");
        let problem = if let (true, Some(f)) = (source_ip, &field) {
            Some((f.range, format!("A single hash policy cannot hash both a source address and a {}", quote(&f.text))))
        } else if let (true, Some(v)) = (source_ip, &value) {
            Some((v.range, "A FieldValue cannot be specified when hashing SourceIP".to_string()))
        } else if let (Some(f), None) = (&field, &value) {
            Some((f.range, format!("Field {} was specified without a FieldValue", quote(&f.text))))
        } else if let (None, Some(v)) = (&field, &value) {
            Some((v.range, "FieldValue requires a Field to apply to".to_string()))
        } else if let Some(cookie) = hp.object("cookie_config") {
            let field_text = field.as_ref().map_or("", |f| f.text.as_str());
            if field_text != "cookie" {
                let at = hp.get("cookie_config").map_or(cookie.range, |e| e.key.range);
                Some((at, format!("cookie_config provided for {}", quote(field_text))))
            } else if cookie.truthy("session") && cookie.duration("ttl").is_some_and(|d| d.value != 0.0) {
                let at = cookie.get("ttl").map_or(cookie.range, |e| e.value.range);
                Some((at, "a session cookie cannot have an associated TTL".to_string()))
            } else {
                None
            }
        } else {
            None
        };
        if let Some((range, message)) = problem {
            ctx.invalid(range, format!("{prefix}{message}"));
        }
    }
}
