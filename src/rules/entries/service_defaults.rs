//! service-defaults: `ServiceConfigEntry.Normalize`/`Validate` (`agent/structs/config_entry.go`).

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, go_number, is_domain_name, parse_ip};

pub const PROTOCOLS: &[&str] = &["http", "http2", "grpc", "tcp"];

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    common::name_written_empty(ctx, obj, "Name is required");
    if let Some(name) = obj.text("name")
        && name.text == "*"
    {
        ctx.invalid(name.range, "service-defaults name must be the name of a service, and not a wildcard");
        return;
    }
    // Normalize lower-cases the protocol before Validate looks at it.
    if let Some(protocol) = obj.text("protocol") {
        let lower = protocol.text.to_lowercase();
        if !lower.is_empty() && !PROTOCOLS.contains(&lower.as_str()) {
            let with = crate::rules::reader::closest(&lower, PROTOCOLS);
            ctx.invalid_fix(protocol.range, format!("invalid value for protocol: {}", lower), with);
        }
    }
    let upstream_config = obj.get("upstream_config");
    let destination = obj.get("destination");
    if let (Some(_), Some(destination)) = (upstream_config, destination) {
        ctx.invalid(
            destination.key.range,
            "UpstreamConfig and Destination are mutually exclusive for service defaults",
        );
    } else {
        if let Some(cfg) = obj.object("upstream_config") {
            for (_, override_) in crate::rules::reader::indexed(cfg, "overrides") {
                common::upstream_config(ctx, override_, true);
            }
            if let Some(defaults) = cfg.object("defaults") {
                common::upstream_config(ctx, defaults, false);
            }
        }
        if let Some(destination) = obj.object("destination") {
            check_destination(ctx, destination);
        }
    }
    common::envoy_extensions(ctx, obj);
}

/// A service-defaults `Destination` (a service outside the mesh reached through a terminating gateway).
fn check_destination(ctx: &mut Ctx<'_>, destination: Obj<'_>) {
    let addresses = destination.strs("addresses");
    if addresses.is_empty() {
        ctx.missing(destination.range, "Destination must contain at least one valid address");
    }
    let mut seen = std::collections::HashSet::new();
    for address in &addresses {
        if !seen.insert(address.text.as_str()) {
            ctx.invalid(address.range, format!("Duplicate address '{}' is not allowed", address.text));
            continue;
        }
        let valid = parse_ip(&address.text).is_some() || is_domain_name(&address.text) && !address.text.contains('*');
        if !valid {
            ctx.invalid(
                address.range,
                format!(
                    "Destination address '{0}' is invalid Could not validate address {0} as an IP or Hostname",
                    address.text
                ),
            );
        }
    }
    match destination.num("port") {
        Some(port) if (1.0..=65535.0).contains(&port.value) => {}
        Some(port) => ctx.invalid(port.range, format!("Invalid Port number {}", go_number(port.value))),
        None => ctx.missing(destination.range, "Invalid Port number 0"),
    }
}
