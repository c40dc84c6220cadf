//! http-route and tcp-route: `HTTPRouteConfigEntry.Normalize`/`Validate`, `TCPRouteConfigEntry.Normalize`/
//! `Validate` (`agent/structs/config_entry_routes.go`). Consul defaults a parent's `Kind` to `api-gateway`,
//! upper-cases match methods and turns a path match without a type into `prefix` `/` before validating.

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, is_domain_name, quote};

pub fn http_route(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    for host in obj.strs("hostnames") {
        if !is_domain_name(&host.text) {
            ctx.invalid(host.range, format!("host {} must be a valid DNS hostname", quote(&host.text)));
        } else if host.text.contains('*') {
            ctx.invalid(host.range, format!("host {} must not be a wildcard", quote(&host.text)));
        }
    }
    parents(ctx, obj);
    for (i, rule) in obj.objects("rules").enumerate() {
        for (j, m) in rule.objects("matches").enumerate() {
            let prefix = format!("Rule[{i}], Match[{j}], ");
            if let Some(method) = m.set("method") {
                let upper = method.text.to_uppercase();
                if !common::is_http_method(&upper) {
                    ctx.invalid(method.range, format!("{prefix}Method contains an invalid method {}", quote(&upper)));
                }
            }
            for (key, field, allowed, list) in [
                ("query", "Query", &["present", "exact", "regex"][..], "present, exact, or regex"),
                (
                    "headers",
                    "Headers",
                    &["exact", "prefix", "present", "regex", "suffix"][..],
                    "present, exact, prefix, suffix, or regex",
                ),
            ] {
                for (k, item) in m.objects(key).enumerate() {
                    let p = format!("{prefix}{field}[{k}], ");
                    if item.set("name").is_none() {
                        ctx.missing(item.range, format!("{p}missing required Name field"));
                        continue;
                    }
                    let kind = item.text("match");
                    let text = kind.as_ref().map_or("", |k| k.text.as_str());
                    if !allowed.contains(&text) {
                        let message = format!("{p}match type should be one of {list}");
                        match &kind {
                            Some(k) => ctx.invalid_fix(k.range, message, crate::rules::reader::closest(text, allowed)),
                            None => ctx.missing(item.range, message),
                        }
                    }
                }
            }
            if let Some(path) = m.object("path") {
                let kind = path.text("match");
                let text = kind.as_ref().map_or("", |k| k.text.as_str());
                match (text, &kind) {
                    // No type: Consul matches the prefix `/` whatever the value.
                    ("", _) => {}
                    ("exact" | "prefix", _) => {
                        let value = path.text("value");
                        let value_text = value.as_ref().map_or("", |v| v.text.as_str());
                        if !value_text.starts_with('/') {
                            let message = format!(
                                "{prefix}Path, {text} type match doesn't start with '/': {}",
                                quote(value_text)
                            );
                            match &value {
                                Some(v) => ctx.invalid_fix(v.range, message, Some(format!("/{value_text}"))),
                                None => ctx.missing(path.range, message),
                            }
                        }
                    }
                    ("regex", _) => {}
                    (_, Some(k)) => ctx.invalid_fix(
                        k.range,
                        format!("{prefix}Path, match type should be one of exact, prefix, or regex"),
                        crate::rules::reader::closest(text, &["exact", "prefix", "regex"]),
                    ),
                    (_, None) => {}
                }
            }
        }
    }
}

pub fn tcp_route(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    let services: Vec<Obj<'_>> = obj.objects("services").collect();
    if services.len() > 1 {
        let at = obj.get("services").map_or(obj.range, |e| e.key.range);
        ctx.invalid(at, "tcp-route currently only supports one service");
        return;
    }
    parents(ctx, obj);
}

/// Route parents: only API gateways, each once.
fn parents(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    let mut seen = std::collections::HashSet::new();
    for parent in obj.objects("parents") {
        let kind = parent.text("kind");
        let kind_text =
            kind.as_ref().map(|k| k.text.clone()).filter(|k| !k.is_empty()).unwrap_or_else(|| "api-gateway".into());
        if kind_text != "api-gateway" {
            if let Some(k) = &kind {
                ctx.invalid_fix(
                    k.range,
                    format!("unsupported parent kind: {}, must be 'api-gateway'", quote(&kind_text)),
                    Some("api-gateway".into()),
                );
            }
            return;
        }
        let key = (
            kind_text,
            parent.text("name").map(|n| n.text).unwrap_or_default(),
            parent.text("section_name").map(|n| n.text).unwrap_or_default(),
            parent.text("namespace").map(|n| n.text).unwrap_or_default(),
            parent.text("partition").map(|n| n.text).unwrap_or_default(),
        );
        if !seen.insert(key) {
            ctx.invalid(parent.get("name").map_or(parent.range, |e| e.value.range), "route parents must be unique");
            return;
        }
    }
}
