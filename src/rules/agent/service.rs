//! Service definitions: what Consul checks when it loads a `service`/`services` block of an agent configuration
//! (`agent/config/builder.go` `serviceVal`/`serviceConnectVal`/`validate`, `agent/structs` `ServiceDefinition.Validate`,
//! `NodeService.Validate`/`ValidateForAgent`, `ServicePorts.Validate`, `ValidateWeights`, `validateMetaPair`,
//! `Upstream.Validate`, `agent/agent.go` `validateService`) and when it receives one at
//! `PUT /v1/agent/service/register` (`agent/agent_endpoint.go` `AgentRegisterService`).
//!
//! Messages carry Consul's prefix for where the service came from: `service "web": ` for the builder's
//! validation of an agent configuration, `Validation failed: ` / `Failed Validation: ` (sidecar) for the API.
//! Upstream rules Consul also enforces but that consul-ls reports under their own codes (`missing-required` for
//! an upstream without `destination_name`, `upstream-peer-conflict`) live with those rules.

use super::builder::meta_pair_problem;
use super::check;
use crate::model::Obj;
use crate::rules::reader::{
    Ctx, META_MAX_KEY_PAIRS, Read, go_number, is_any_address, is_ipv4, parse_ip, quote, string_map,
};
use crate::schema::KeyStyle;

/// Where a service definition comes from; it decides Consul's message prefixes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An agent configuration file (`service {}`, `services {}`).
    AgentConfig,
    /// The body of `PUT /v1/agent/service/register`.
    Api,
}

const GATEWAY_KINDS: &[&str] = &["mesh-gateway", "terminating-gateway", "ingress-gateway", "api-gateway"];

pub fn check(ctx: &mut Ctx<'_>, svc: Obj<'_>, origin: Origin) {
    let name = svc.text("name").map(|n| n.text).unwrap_or_default();
    let kind = svc.text("kind").map(|k| k.text).unwrap_or_default();
    match origin {
        Origin::Api => api_only(ctx, svc, &kind),
        // `validateService` when the agent loads the definition: "Failed to register service ...".
        Origin::AgentConfig => match svc.text("name") {
            Some(n) if n.text.is_empty() => {
                ctx.invalid(n.range, "Failed to register service \"\": Service name missing")
            }
            None => ctx.missing(svc.range, "Failed to register service \"\": Service name missing"),
            Some(_) => {}
        },
    }
    // `serviceVal`: metadata, weights, socket path (agent configuration); the API checks the same.
    let meta_prefix = match origin {
        Origin::AgentConfig => format!("invalid meta for service {name}: "),
        Origin::Api => "Invalid Service Meta: ".to_string(),
    };
    service_meta(ctx, svc, &kind, &meta_prefix);
    let weights_prefix = match origin {
        Origin::AgentConfig => format!("Invalid weight definition for service {name}: "),
        Origin::Api => "Invalid Weights: ".to_string(),
    };
    weights(ctx, svc, &weights_prefix);
    if origin == Origin::AgentConfig
        && let Some(socket) = svc.set("socket_path")
        && (svc.get("port").is_some() || svc.get("address").is_some())
    {
        ctx.invalid(
            socket.range,
            format!("service {name} cannot have both socket path {} and address/port", socket.text),
        );
    }
    if let Some(sidecar) = svc.object("connect").and_then(|c| c.object("sidecar_service")) {
        nested_sidecar(ctx, sidecar, origin);
    }
    // `NodeService.Validate` (and, for the agent, `validateService`).
    let prefix = match origin {
        Origin::AgentConfig => format!("service {}: ", quote(&name)),
        Origin::Api => "Validation failed: ".to_string(),
    };
    ctx.nested(&prefix, |ctx| node_service(ctx, svc, &kind, &name));
    let check_prefix = |c: Obj<'_>| match origin {
        Origin::AgentConfig => {
            format!("service {}: check {}: ", quote(&name), quote(&c.text("name").map(|n| n.text).unwrap_or_default()))
        }
        Origin::Api => "Invalid check: ".to_string(),
    };
    for c in svc.objects("check").chain(svc.objects("checks")) {
        let p = check_prefix(c);
        ctx.nested(&p, |ctx| check::check_type(ctx, c));
    }
    if let Some(sidecar) = svc.object("connect").and_then(|c| c.object("sidecar_service")) {
        let prefix = match origin {
            Origin::AgentConfig => format!("service {} sidecar_service: ", quote(&name)),
            Origin::Api => "Failed Validation: ".to_string(),
        };
        let partition = svc.set("partition").map(|p| p.text);
        ctx.nested(&prefix, |ctx| {
            if let Some(proxy) = sidecar.object("proxy") {
                upstreams(ctx, proxy, partition.as_deref());
                expose(ctx, proxy);
            }
        });
        for c in sidecar.objects("check").chain(sidecar.objects("checks")) {
            let p = match origin {
                Origin::AgentConfig => format!("Failed to validate sidecar for service {}: ", quote(&name)),
                Origin::Api => "Invalid check in sidecar_service: ".to_string(),
            };
            ctx.nested(&p, |ctx| check::check_type(ctx, c));
        }
    }
}

/// `AgentRegisterService`'s own checks: a name, and no "any" address.
fn api_only(ctx: &mut Ctx<'_>, svc: Obj<'_>, _kind: &str) {
    match svc.text("name") {
        Some(n) if n.text.is_empty() => ctx.invalid(n.range, "Missing service name"),
        None => ctx.missing(svc.range, "Missing service name"),
        Some(_) => {}
    }
    if let Some(address) = svc.set("address")
        && is_any_address(&address.text)
    {
        ctx.invalid(address.range, "Invalid service address");
    }
}

/// `ValidateServiceMetadata` (mesh gateways may use `consul-wan-federation`).
fn service_meta(ctx: &mut Ctx<'_>, svc: Obj<'_>, kind: &str, prefix: &str) {
    let pairs = string_map(svc, "meta");
    if pairs.len() > META_MAX_KEY_PAIRS
        && let Some(entry) = svc.get("meta")
    {
        ctx.invalid(
            entry.key.range,
            format!("{prefix}Node metadata cannot contain more than {META_MAX_KEY_PAIRS} key/value pairs"),
        );
    }
    for (pair, value) in pairs {
        let value = value.unwrap_or("");
        if let Some(problem) = meta_pair_problem(&pair.key.text, value, false, kind == "mesh-gateway") {
            ctx.invalid(
                pair.key.range,
                format!("{prefix}Couldn't load metadata pair ('{}', '{value}'): {problem}", pair.key.text),
            );
        }
    }
}

/// `ValidateWeights` (the builder defaults an absent weight to 1).
fn weights(ctx: &mut Ctx<'_>, svc: Obj<'_>, prefix: &str) {
    let Some(weights) = svc.object("weights") else { return };
    let passing = weights.num("passing");
    let warning = weights.num("warning");
    if let Some(p) = passing.filter(|p| p.value < 1.0) {
        ctx.invalid(p.range, format!("{prefix}Passing must be greater than 0"));
    } else if let Some(w) = warning.filter(|w| w.value < 0.0) {
        ctx.invalid(w.range, format!("{prefix}Warning must be greater or equal than 0"));
    } else if let Some(big) = [passing, warning].into_iter().flatten().find(|n| n.value > 65535.0) {
        ctx.invalid(big.range, format!("{prefix}DNS Weight must be between 0 and 65535"));
    }
}

/// A `sidecar_service` may not set an ID or nest another sidecar (`serviceConnectVal`, `ValidateForAgent`).
fn nested_sidecar(ctx: &mut Ctx<'_>, sidecar: Obj<'_>, origin: Origin) {
    if let Some(id) = sidecar.set("id") {
        let message = match origin {
            Origin::AgentConfig => "sidecar_service can't specify an ID",
            Origin::Api => "Validation failed: A SidecarService cannot specify an ID as this is managed by the agent",
        };
        ctx.invalid(id.range, message);
    }
    if let Some(nested) = sidecar.object("connect").and_then(|c| c.get("sidecar_service")) {
        let message = match origin {
            Origin::AgentConfig => "sidecar_service can't have a nested sidecar_service",
            Origin::Api => "Validation failed: A SidecarService cannot have a nested SidecarService",
        };
        ctx.invalid(nested.key.range, message);
    }
}

/// `NodeService.Validate`, `ValidateForAgent` and the agent's `validateService`; `ctx` carries the prefix.
fn node_service(ctx: &mut Ctx<'_>, svc: Obj<'_>, kind: &str, name: &str) {
    if let Some(locality) = svc.object("locality")
        && locality.set("region").is_none()
        && let Some(zone) = locality.set("zone")
    {
        ctx.invalid(zone.range, "zone cannot be set without region");
    }
    let port = svc.num("port").filter(|p| p.value != 0.0);
    let socket = svc.set("socket_path");
    let proxy = svc.object("proxy");
    let native = svc.object("connect").is_some_and(|c| c.truthy("native"));
    if kind == "connect-proxy" {
        if port.is_none() && socket.is_none() {
            ctx.missing(svc.range, "Port or SocketPath must be set for a connect-proxy");
        }
        let destination = proxy.and_then(|p| p.text("destination_service_name"));
        match &destination {
            Some(d) if d.text == "*" => {
                ctx.invalid(d.range, "Proxy.DestinationServiceName must not be a wildcard for Connect proxy services")
            }
            Some(d) if !d.text.trim().is_empty() => {}
            Some(d) => {
                ctx.invalid(d.range, "Proxy.DestinationServiceName must be non-empty for Connect proxy services")
            }
            None => ctx.missing(
                proxy.map_or(svc.range, |p| p.range),
                "Proxy.DestinationServiceName must be non-empty for Connect proxy services",
            ),
        }
        if native && let Some(n) = svc.object("connect").and_then(|c| c.get("native")) {
            ctx.invalid(n.value.range, "A Proxy cannot also be Connect Native, only typical services");
        }
        if let Some(proxy) = proxy {
            proxy_config(ctx, proxy);
            upstreams(ctx, proxy, svc.set("partition").as_ref().map(|p| p.text.as_str()));
            expose(ctx, proxy);
        }
    }
    if GATEWAY_KINDS.contains(&kind) {
        // A mesh gateway without a port is reported by the schema rules (`missing-required`).
        if port.is_none() && matches!(kind, "terminating-gateway") {
            ctx.missing(svc.range, format!("Port must be non-zero for a {kind}"));
        }
        if let Some(sidecar) = svc.object("connect").and_then(|c| c.get("sidecar_service")) {
            ctx.invalid(sidecar.key.range, format!("A {kind} cannot have a sidecar service defined"));
        }
        if let Some(proxy) = proxy {
            for (key, field) in [
                ("destination_service_name", "DestinationServiceName"),
                ("destination_service_id", "DestinationServiceID"),
                ("local_service_address", "LocalServiceAddress"),
                ("local_service_port", "LocalServicePort"),
                ("local_service_socket_path", "LocalServiceSocketPath"),
                ("upstreams", "Upstreams"),
            ] {
                if proxy.has(key)
                    && let Some(entry) = proxy.get(key)
                {
                    ctx.invalid(entry.key.range, format!("The Proxy.{field} configuration is invalid for a {kind}"));
                }
            }
        }
    }
    if native && port.is_none() && socket.is_none() && kind != "connect-proxy" {
        ctx.missing(svc.range, "Port or SocketPath must be set for a Connect native service.");
    }
    service_ports(ctx, svc, port.is_some());
    tagged_addresses(ctx, svc);
    let _ = name;
}

/// `validateOpaqueProxyConfig` on a proxy registration's `config`.
fn proxy_config(ctx: &mut Ctx<'_>, proxy: Obj<'_>) {
    if let Some(config) = proxy.object("config").map(|c| c.with_style(KeyStyle::Snake))
        && let Some(dir) = config.text("envoy_hcp_metrics_bind_socket_dir")
        && dir.text.len() > 70
    {
        ctx.invalid(
            dir.range,
            format!("Proxy.Config: envoy_hcp_metrics_bind_socket_dir length {} exceeds max 70", dir.text.len()),
        );
    }
}

/// `ValidateForAgent`'s upstream checks (bind port or socket, duplicates) and `Upstream.Validate`'s.
fn upstreams(ctx: &mut Ctx<'_>, proxy: Obj<'_>, partition: Option<&str>) {
    let mut keys = std::collections::HashSet::new();
    let mut addresses = std::collections::HashSet::new();
    for upstream in proxy.objects("upstreams") {
        let Some(name) = upstream.set("destination_name") else { continue }; // reported by the schema rules
        if name.text == "*" {
            continue; // reported by the schema rules
        }
        let peer = upstream.set("destination_peer");
        let dc = upstream.set("datacenter");
        let dest_partition = upstream.set("destination_partition").map(|p| p.text);
        if peer.is_none()
            && dc.is_some()
            && (dest_partition.as_deref().unwrap_or("default") != "default"
                || partition.unwrap_or("default") != "default")
        {
            if let Some(dc) = &dc {
                ctx.invalid(dc.range, "upstreams cannot target another datacenter in non default partition");
            }
            continue;
        }
        if peer.is_some() && dc.is_some() {
            continue; // upstream-peer-conflict
        }
        if let Some(kind) = upstream.text("destination_type")
            && !matches!(kind.text.as_str(), "" | "service" | "prepared_query")
        {
            continue; // reported by the schema rules
        }
        let port = upstream.num("local_bind_port").filter(|p| p.value != 0.0);
        let socket = upstream.set("local_bind_socket_path");
        match (&port, &socket) {
            (None, None) => {
                ctx.missing(
                    upstream.range,
                    "upstream local bind port or local socket path must be defined and nonzero",
                );
                continue;
            }
            (Some(_), Some(socket)) => {
                ctx.invalid(
                    socket.range,
                    "only one of upstream local bind port or local socket path can be defined and nonzero",
                );
                continue;
            }
            _ => {}
        }
        if let Some(mode) = upstream.set("local_bind_socket_mode")
            && u32::from_str_radix(&mode.text, 8).is_err()
        {
            ctx.invalid(mode.range, format!("local_bind_socket_mode: invalid mode: {}", mode.text));
        }
        let text = |key: &str| upstream.text(key).map(|v| v.text).unwrap_or_default();
        let kind = upstream.set("destination_type").map_or_else(|| "service".to_string(), |t| t.text.to_string());
        let key = (
            kind.clone(),
            name.text.clone(),
            text("destination_partition"),
            text("destination_namespace"),
            text("destination_peer"),
            text("datacenter"),
        );
        if !keys.insert(key.clone()) {
            ctx.invalid(
                name.range,
                format!(
                    "upstreams cannot contain duplicates of [type={}, name={}, partition={}, namespace={}, peer={}, datacenter={}]",
                    quote(&key.0),
                    quote(&key.1),
                    quote(&key.2),
                    quote(&key.3),
                    quote(&key.4),
                    quote(&key.5)
                ),
            );
            continue;
        }
        let address = match (&port, &socket) {
            (None, Some(socket)) if upstream.set("local_bind_address").is_none() => socket.text.to_string(),
            _ => {
                let host =
                    upstream.set("local_bind_address").map_or_else(|| "127.0.0.1".to_string(), |a| a.text.to_string());
                let port = go_number(port.map_or(0.0, |p| p.value));
                if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
            }
        };
        if !addresses.insert(address.clone()) {
            let at = upstream.get("local_bind_port").or_else(|| upstream.get("local_bind_socket_path"));
            ctx.invalid(
                at.map_or(upstream.range, |e| e.value.range),
                format!(
                    "upstreams cannot contain duplicates by local bind address and port or unix path; {} is specified twice",
                    quote(&address)
                ),
            );
        }
    }
}

/// `ValidateForAgent`'s `expose.paths` checks.
fn expose(ctx: &mut Ctx<'_>, proxy: Obj<'_>) {
    let Some(expose) = proxy.object("expose") else { return };
    let mut ports = std::collections::HashSet::new();
    for path in expose.objects("paths") {
        if path.set("path").is_none() {
            ctx.missing(path.range, "expose.paths: empty path exposed");
        }
        let port = path.num("listener_port");
        let port_value = port.map_or(0.0, |p| p.value);
        let at = port.map_or(path.range, |p| p.range);
        if !ports.insert(go_number(port_value)) {
            ctx.invalid(at, "expose.paths: duplicate listener ports exposed");
        }
        if port_value <= 0.0 || port_value > 65535.0 {
            match port {
                Some(p) => ctx.invalid(p.range, format!("expose.paths: invalid listener port: {}", go_number(p.value))),
                None => ctx.missing(path.range, "expose.paths: invalid listener port: 0"),
            }
        }
        if let Some(protocol) = path.set("protocol") {
            let lower = protocol.text.to_lowercase();
            if !matches!(lower.as_str(), "http" | "http2") {
                let p = path.text("path").map(|p| p.text).unwrap_or_default();
                ctx.invalid(
                    protocol.range,
                    format!("protocol '{lower}' not supported for path: {p}, must be in: [http http2]"),
                );
            }
        }
    }
}

/// `ServicePorts.Validate` and the port/ports exclusion.
fn service_ports(ctx: &mut Ctx<'_>, svc: Obj<'_>, has_port: bool) {
    let ports: Vec<Obj<'_>> = svc.objects("ports").collect();
    if ports.is_empty() {
        return;
    }
    if has_port && let Some(entry) = svc.get("ports") {
        ctx.invalid(entry.key.range, "Cannot set both Port and Ports");
    }
    let mut names = std::collections::HashSet::new();
    let mut default_seen = false;
    for port in &ports {
        let name = port.text("name");
        let name_text = name.as_ref().map_or("", |n| n.text.as_str());
        if name_text.trim().is_empty() {
            match &name {
                Some(n) => ctx.invalid(n.range, "Ports.Name cannot be empty"),
                None => ctx.missing(port.range, "Ports.Name cannot be empty"),
            }
            return;
        }
        match port.num("port") {
            Some(p) if p.value > 0.0 => {}
            Some(p) => {
                ctx.invalid(p.range, "Ports.Port must be non-zero");
                return;
            }
            None => {
                ctx.missing(port.range, "Ports.Port must be non-zero");
                return;
            }
        }
        if !names.insert(name_text.to_string()) {
            if let Some(n) = &name {
                ctx.invalid(n.range, format!("Ports.Name {} has to be unique", quote(name_text)));
            }
            return;
        }
        if port.truthy("default") {
            if default_seen {
                let at = port.get("default").map_or(port.range, |e| e.value.range);
                ctx.invalid(at, "Only one port can be marked as default");
                return;
            }
            default_seen = true;
        }
    }
    if !default_seen && let Some(entry) = svc.get("ports") {
        ctx.invalid(entry.key.range, "One of the Ports must be marked as Default");
    }
}

/// `validateService`: the IP-version tagged addresses must hold addresses of that version. (Consul checks
/// `lan_ipv6` twice and never `wan_ipv6`; so does this rule.)
fn tagged_addresses(ctx: &mut Ctx<'_>, svc: Obj<'_>) {
    for (tag, want_v4) in [("lan_ipv4", true), ("wan_ipv4", true), ("lan_ipv6", false)] {
        for (entry, bodies) in crate::rules::reader::map_entries(svc, "tagged_addresses") {
            if entry.key.text != tag {
                continue;
            }
            for body in bodies {
                let address = body.text("address");
                let ok = address.as_ref().and_then(|a| parse_ip(&a.text)).is_some_and(|ip| is_ipv4(ip) == want_v4);
                if !ok {
                    let at = address.as_ref().map_or(entry.key.range, |a| a.range);
                    let version = if want_v4 { "ipv4" } else { "ipv6" };
                    ctx.invalid(at, format!("Service tagged address {} must be a valid {version} address", quote(tag)));
                }
            }
        }
    }
}
