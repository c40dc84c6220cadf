//! service-router: `ServiceRouterConfigEntry.Normalize`/`Validate` (`agent/structs/config_entry_discoverychain.go`).
//! Consul upper-cases `Methods` before validating them.

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, quote};

const RETRY_CONDITIONS: &[&str] = &[
    "5xx",
    "gateway-error",
    "reset",
    "connect-failure",
    "envoy-ratelimited",
    "retriable-4xx",
    "refused-stream",
    "cancelled",
    "deadline-exceeded",
    "internal",
    "resource-exhausted",
    "unavailable",
];

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    common::name_written_empty(ctx, obj, "Name is required");
    for (i, route) in crate::rules::reader::indexed(obj, "routes") {
        let mut prefix_rewrite_ok = false;
        if let Some(http) = route.object("match").and_then(|m| m.object("http")) {
            let mut path_parts = 0;
            for (key, field) in [("path_exact", "PathExact"), ("path_prefix", "PathPrefix")] {
                if let Some(path) = http.set(key) {
                    prefix_rewrite_ok = true;
                    path_parts += 1;
                    if !path.text.starts_with('/') {
                        ctx.invalid_fix(
                            path.range,
                            format!("Route[{i}] {field} doesn't start with '/': {}", quote(&path.text)),
                            Some(format!("/{}", path.text)),
                        );
                    }
                }
            }
            if http.set("path_regex").is_some() {
                path_parts += 1;
            }
            if path_parts > 1 {
                let at = http.get("path_regex").or_else(|| http.get("path_prefix")).map_or(http.range, |e| e.key.range);
                ctx.invalid(
                    at,
                    format!("Route[{i}] should only contain at most one of PathExact, PathPrefix, or PathRegex"),
                );
            }
            for (j, header) in http.objects("header").enumerate() {
                match header.text("name") {
                    Some(n) if n.text.is_empty() => {
                        ctx.invalid(n.range, format!("Route[{i}] Header[{j}] missing required Name field"));
                        continue;
                    }
                    None => continue, // the schema rules report the missing Name
                    Some(_) => {}
                }
                let parts = [
                    header.truthy("present"),
                    header.set("exact").is_some(),
                    header.set("regex").is_some(),
                    header.set("prefix").is_some(),
                    header.set("suffix").is_some(),
                ];
                if parts.iter().filter(|b| **b).count() != 1 {
                    ctx.missing(
                        header.range,
                        format!(
                            "Route[{i}] Header[{j}] should only contain one of Present, Exact, Prefix, Suffix, or Regex"
                        ),
                    );
                }
            }
            for (j, param) in http.objects("query_param").enumerate() {
                match param.text("name") {
                    Some(n) if !n.text.is_empty() => {}
                    Some(n) => {
                        ctx.invalid(n.range, format!("Route[{i}] QueryParam[{j}] missing required Name field"));
                        continue;
                    }
                    None => continue, // the schema rules report the missing Name
                }
                let parts = [param.truthy("present"), param.set("exact").is_some(), param.set("regex").is_some()];
                if parts.iter().filter(|b| **b).count() != 1 {
                    ctx.missing(
                        param.range,
                        format!("Route[{i}] QueryParam[{j}] should only contain one of Present, Exact, or Regex"),
                    );
                }
            }
            let mut found = std::collections::HashSet::new();
            for method in http.strs("methods") {
                let upper = method.text.to_uppercase();
                if !common::is_http_method(&upper) {
                    ctx.invalid(
                        method.range,
                        format!("Route[{i}] Methods contains an invalid method {}", quote(&upper)),
                    );
                } else if !found.insert(upper.clone()) {
                    ctx.invalid(method.range, format!("Route[{i}] Methods contains {} more than once", quote(&upper)));
                }
            }
        }
        if let Some(destination) = route.object("destination") {
            if !prefix_rewrite_ok && let Some(rewrite) = destination.set("prefix_rewrite") {
                ctx.invalid(
                    rewrite.range,
                    format!(
                        "Route[{i}] cannot make use of PrefixRewrite without configuring either PathExact or PathPrefix"
                    ),
                );
            }
            for condition in destination.strs("retry_on") {
                if !RETRY_CONDITIONS.contains(&condition.text.as_str()) {
                    let with = crate::rules::reader::closest(&condition.text, RETRY_CONDITIONS);
                    ctx.invalid_fix(
                        condition.range,
                        format!("Route[{i}] contains an invalid retry condition: {}", quote(&condition.text)),
                        with,
                    );
                }
            }
        }
    }
}
