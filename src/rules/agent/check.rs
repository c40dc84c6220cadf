//! Health checks: `CheckType.Validate` (`agent/structs/check_type.go`), which Consul runs on every check of an
//! agent configuration (`check %q: ...`), of a service definition and of an API registration. A check `Status`
//! outside `passing`, `warning`, `critical` is reported by the schema rules (an enumeration).

use crate::model::Obj;
use crate::rules::reader::{Ctx, Read};

/// The keys that make a check run on an interval (script, HTTP, TCP, UDP, gRPC, H2PING, OS service).
const INTERVAL_KEYS: &[&str] = &["args", "script_args", "http", "tcp", "udp", "grpc", "h2ping", "os_service"];

pub fn check_type(ctx: &mut Ctx<'_>, c: Obj<'_>) {
    let interval_check = INTERVAL_KEYS.iter().any(|k| c.has(k)) || c.has("scriptargs");
    let alias = c.set("alias_node").is_some() || c.set("alias_service").is_some();
    let interval = c.duration("interval");
    let ttl = c.duration("ttl");
    let positive = |d: Option<crate::rules::reader::Num>| d.is_some_and(|d| d.value > 0.0);
    if positive(interval) && positive(ttl) {
        if let Some(ttl) = ttl {
            ctx.invalid(ttl.range, "Interval and TTL cannot both be specified");
        }
    } else if interval_check && !positive(interval) {
        match interval {
            Some(i) => {
                ctx.invalid(i.range, "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks")
            }
            None => ctx.missing(c.range, "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks"),
        }
    } else if interval_check && alias {
        let at = c.get("alias_service").or_else(|| c.get("alias_node")).map_or(c.range, |e| e.key.range);
        ctx.invalid(at, "Interval cannot be set for Alias checks");
    } else if alias && positive(ttl) {
        if let Some(ttl) = ttl {
            ctx.invalid(ttl.range, "TTL must be not be set for Alias checks");
        }
    } else if !interval_check && !alias && !positive(ttl) {
        match ttl {
            Some(t) => ctx.invalid(t.range, "TTL must be > 0 for TTL checks"),
            None => ctx.missing(c.range, "TTL must be > 0 for TTL checks"),
        }
    }
    if let Some(size) = c.num("output_max_size").filter(|n| n.value < 0.0) {
        ctx.invalid(size.range, "MaxOutputMaxSize must be positive");
    }
    let warning = c.num("failures_before_warning");
    let critical = c.num("failures_before_critical").map_or(0.0, |n| n.value);
    if let Some(w) = warning.filter(|w| w.value > critical) {
        ctx.invalid(w.range, "FailuresBeforeWarning can't be higher than FailuresBeforeCritical");
    }
}
