//! The agent configuration builder's refusals (`agent/config/builder.go` `build`, `validate`,
//! `buildTLSConfig`, and the value helpers `portVal`, `durationValWithDefaultMin`, `expandAddrs`, ...).
//!
//! Consul merges every configuration file, the defaults and the command-line flags before it validates, so a
//! rule here only reports what is wrong whatever the other sources say: a value that is invalid on its own, or
//! two settings that contradict each other within the same file. Checks that need the merged result (an empty
//! `data_dir` after all sources, the network interfaces, the file system) are listed as not covered in
//! `docs/consul-checks.md`.

use crate::model::{Obj, Str};
use crate::rules::reader::{
    Ctx, META_KEY_MAX_LENGTH, META_MAX_KEY_PAIRS, META_VALUE_MAX_LENGTH, Num, Read, go_number, is_any_address, is_ipv4,
    parse_ip, quote,
};
use crate::syntax::ValueKind;

/// `consul.MaxRaftMultiplier`.
const MAX_RAFT_MULTIPLIER: f64 = 10.0;

pub fn check(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    names(ctx, root);
    ports(ctx, root);
    addresses(ctx, root);
    server_mode(ctx, root);
    limits(ctx, root);
    ui(ctx, root);
    node_meta(ctx, root);
    encrypt(ctx, root);
    tls(ctx, root);
    durations(ctx, root);
    ignored_values(ctx, root);
    if let Some(locality) = root.object("locality")
        && locality.set("region").is_none()
        && let Some(zone) = locality.set("zone")
    {
        ctx.invalid(zone.range, "locality is invalid: zone cannot be set without region");
    }
    if let Some(raft) = root.num("raft_protocol")
        && raft.value != 3.0
    {
        ctx.invalid(
            raft.range,
            format!("raft_protocol version {} is not supported by this version of Consul", go_number(raft.value)),
        );
    }
    for key in ["serf_lan_allowed_cidrs", "serf_wan_allowed_cidrs"] {
        for cidr in root.strs(key) {
            if !is_cidr(cidr.text.trim()) {
                ctx.invalid(cidr.range, format!("{key}: invalid cidr: {}", cidr.text));
            }
        }
    }
    if let Some(http) = root.object("http_config") {
        for cidr in http.strs("allow_write_http_from") {
            if !is_cidr(cidr.text.trim()) {
                ctx.invalid(cidr.range, format!("allow_write_http_from: invalid cidr: {}", cidr.text));
            }
        }
    }
}

/// `^[a-z0-9_-]+$` (Consul lower-cases datacenters first).
fn is_basic_name(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn basic_name(ctx: &mut Ctx<'_>, field: &str, value: &Str, lower: bool, allow_empty: bool) {
    let text = if lower { value.text.to_lowercase() } else { value.text.clone() };
    if text.is_empty() {
        if !allow_empty {
            ctx.invalid(value.range, format!("{field} cannot be empty"));
        }
    } else if !is_basic_name(&text) {
        ctx.invalid(
            value.range,
            format!("{field} can only contain lowercase alphanumeric, - or _ characters. received: {}", quote(&text)),
        );
    }
}

fn names(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    if let Some(dc) = root.text("datacenter") {
        basic_name(ctx, "datacenter", &dc, true, false);
    }
    if let Some(dc) = root.text("primary_datacenter") {
        basic_name(ctx, "primary_datacenter", &dc, true, true);
    }
    if let Some(dir) = root.text("data_dir")
        && dir.text.is_empty()
    {
        ctx.invalid(dir.range, "data_dir cannot be empty");
    }
    if let Some(alt) = root.set("alt_domain") {
        let dc = root.text("datacenter").map_or_else(|| "dc1".to_string(), |d| d.text.to_lowercase().to_string());
        let reserved = ["service", "connect", "node", "query", "addr", dc.as_str()];
        if reserved.iter().any(|r| alt.text.strip_prefix(r).is_some_and(|rest| rest.starts_with('.'))) {
            ctx.invalid(alt.range, format!("alt_domain cannot start with {{service,connect,node,query,addr,{dc}}}"));
        }
    }
    if root.object("connect").is_some_and(|c| c.truthy("enable_mesh_gateway_wan_federation"))
        && let Some(name) = root.text("node_name").filter(|n| n.text.contains('/'))
    {
        ctx.invalid(
            name.range,
            "'connect.enable_mesh_gateway_wan_federation = true' requires that 'node_name' not contain '/' characters",
        );
    }
}

/// `portVal` and the port relations `build` checks.
fn ports(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    let Some(ports) = root.object("ports") else { return };
    for entry in ports.entries {
        if let ValueKind::Number(n) = entry.value.kind
            && n.value > 65535.0
        {
            ctx.invalid(
                entry.value.range,
                format!("ports.{}: invalid port: {}", entry.key.text.to_lowercase(), go_number(n.value)),
            );
        }
    }
    for (key, message) in
        [("server", "server-port must be greater than zero"), ("serf_lan", "serf-lan-port must be greater than zero")]
    {
        if let Some(port) = ports.num(key).filter(|p| p.value <= 0.0) {
            ctx.invalid(port.range, message);
        }
    }
    for (min, max) in [
        ("proxy_min_port", "proxy_max_port"),
        ("sidecar_min_port", "sidecar_max_port"),
        ("expose_min_port", "expose_max_port"),
    ] {
        if let (Some(lo), Some(hi)) = (ports.num(min), ports.num(max))
            && port_value(hi) < port_value(lo)
        {
            ctx.invalid(hi.range, format!("{min} must be less than {max}. To disable, set both to zero."));
        }
    }
    // The client listeners share client_addr: two of them on one port collide.
    let listeners = [("dns", "DNS"), ("http", "HTTP"), ("https", "HTTPS")];
    let client = root.text("client_addr").map_or_else(|| "127.0.0.1".to_string(), |c| c.text.to_string());
    let mut seen: Vec<(f64, &str)> = Vec::new();
    for (key, name) in listeners {
        if let Some(port) = ports.num(key).filter(|p| p.value > 0.0) {
            if let Some((_, other)) = seen.iter().find(|(p, _)| *p == port.value) {
                ctx.invalid(
                    port.range,
                    format!("{name} address {client}:{} already configured for {other}", go_number(port.value)),
                );
            }
            seen.push((port.value, name));
        }
    }
    let advertise = root
        .set("advertise_addr")
        .filter(|a| parse_ip(&a.text).is_some())
        .map_or_else(|| "<advertise address>".to_string(), |a| a.text.to_string());
    let advertised =
        [("server", "RPC Advertise"), ("serf_lan", "Serf Advertise LAN"), ("serf_wan", "Serf Advertise WAN")];
    let mut seen: Vec<(f64, &str)> = Vec::new();
    for (key, name) in advertised {
        if let Some(port) = ports.num(key).filter(|p| p.value > 0.0) {
            if let Some((_, other)) = seen.iter().find(|(p, _)| *p == port.value) {
                ctx.invalid(
                    port.range,
                    format!("{name} address {advertise}:{} already configured for {other}", go_number(port.value)),
                );
            }
            seen.push((port.value, name));
        }
    }
    // Since 1.14 the TLS gRPC listener is `ports.grpc_tls`; `ports.grpc` with gRPC TLS certificates is refused.
    if ports.num("grpc").is_some_and(|p| p.value > 0.0) && ports.get("grpc_tls").is_none() {
        let tls = root.object("tls");
        let cert = tls
            .and_then(|t| t.object("grpc"))
            .and_then(|g| g.set("cert_file"))
            .or_else(|| tls.and_then(|t| t.object("defaults")).and_then(|d| d.set("cert_file")));
        if cert.is_some()
            && let Some(grpc) = ports.num("grpc")
        {
            ctx.invalid(
                grpc.range,
                "the `ports.grpc` listener no longer supports TLS. Use `ports.grpc_tls` instead. This message is appearing because GRPC is configured to use TLS, but `ports.grpc_tls` is not defined",
            );
        }
    }
    for segment in root.objects("segments") {
        if let Some(port) = segment.num("port").filter(|p| p.value <= 0.0) {
            let name = segment.text("name").map(|n| n.text).unwrap_or_default();
            ctx.invalid(port.range, format!("Port for segment {} cannot be <= 0", quote(&name)));
        }
    }
}

fn port_value(n: Num) -> f64 {
    if n.value <= 0.0 { -1.0 } else { n.value }
}

/// A literal address (no go-sockaddr template): its space-separated parts.
fn literal_addresses(value: &Str) -> Option<Vec<&str>> {
    (!value.text.contains("{{")).then(|| value.text.split_whitespace().collect())
}

fn addresses(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    if let Some(bind) = root.text("bind_addr").filter(|b| b.text.trim().is_empty()) {
        ctx.invalid(bind.range, "bind_addr cannot be empty");
    }
    if let Some(bind) = root.set("bind_addr")
        && let Some(parts) = literal_addresses(&bind)
    {
        if parts.len() > 1 {
            ctx.invalid(
                bind.range,
                "bind_addr cannot contain multiple addresses. Use 'addresses.{dns,http,https}' instead.",
            );
        } else if parts.first().is_some_and(|p| p.starts_with("unix://")) {
            ctx.invalid(bind.range, "bind_addr cannot be a unix socket");
        } else if let Some(part) = parts.first()
            && parse_ip(part).is_none()
            && *part != "[::]"
        {
            ctx.invalid(bind.range, format!("bind_addr: invalid ip address: {part}"));
        }
    }
    for (key, any_message) in [
        ("advertise_addr", Some("Advertise address cannot be 0.0.0.0, :: or [::]")),
        ("advertise_addr_wan", Some("Advertise WAN address cannot be 0.0.0.0, :: or [::]")),
        ("advertise_addr_ipv4", None),
        ("advertise_addr_ipv6", None),
        ("advertise_addr_wan_ipv4", None),
        ("advertise_addr_wan_ipv6", None),
        ("serf_lan", None),
        ("serf_wan", None),
    ] {
        let Some(value) = root.set(key) else { continue };
        let Some(parts) = literal_addresses(&value) else { continue };
        if let Some(message) = any_message
            && is_any_address(&value.text)
        {
            ctx.invalid(value.range, message);
            continue;
        }
        if parts.len() > 1 {
            ctx.invalid(value.range, format!("{key}: multiple addresses found: {}", parts.join(" ")));
            continue;
        }
        let Some(part) = parts.first() else { continue };
        if part.starts_with("unix://") {
            ctx.invalid(value.range, format!("{key} cannot be a unix socket"));
            continue;
        }
        let Some(ip) = parse_ip(part) else {
            if *part != "[::]" {
                ctx.invalid(value.range, format!("{key}: invalid ip address: {part}"));
            }
            continue;
        };
        if key.ends_with("_ipv4") && !is_ipv4(ip) {
            ctx.invalid(value.range, format!("{key} must be an ipv4 address"));
        }
        if key.ends_with("_ipv6") && is_ipv4(ip) {
            ctx.invalid(value.range, format!("{key} must be an ipv6 address"));
        }
    }
    if let Some(client) = root.set("client_addr")
        && let Some(parts) = literal_addresses(&client)
    {
        for part in parts {
            if part.starts_with("unix://") {
                ctx.invalid(client.range, "client_addr cannot be a unix socket");
            } else if parse_ip(part).is_none() && part != "[::]" {
                ctx.invalid(client.range, format!("client_addr: invalid ip address: {part}"));
            }
        }
    }
    if let Some(addresses) = root.object("addresses") {
        for key in ["dns", "http", "https", "grpc", "grpc_tls"] {
            let Some(value) = addresses.set(key) else { continue };
            let Some(parts) = literal_addresses(&value) else { continue };
            for part in parts {
                if part.starts_with("unix://") {
                    if key == "dns" {
                        ctx.invalid(value.range, "DNS address cannot be a unix socket");
                    }
                } else if parse_ip(part).is_none() && part != "[::]" {
                    ctx.invalid(value.range, format!("addresses.{key}: invalid ip address: {part}"));
                }
            }
        }
    }
    for recursor in root.strs("recursors") {
        if recursor.text.contains("{{") {
            continue;
        }
        for part in recursor.text.split_whitespace() {
            if part.starts_with("unix://") {
                ctx.invalid(recursor.range, format!("DNS Recursors cannot be unix sockets: {part}"));
            } else if is_any_address(part) {
                ctx.invalid(recursor.range, "DNS recursor address cannot be 0.0.0.0, :: or [::]");
            }
        }
    }
}

/// Settings only valid on servers or only on clients, contradicted by `server` in the same file.
fn server_mode(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    let server = root.get("server").and_then(|e| e.value.as_bool());
    let bootstrap = root.get("bootstrap").filter(|e| e.value.as_bool() == Some(true));
    let expect = root.num("bootstrap_expect");
    if let Some(expect) = expect.filter(|e| e.value < 0.0) {
        ctx.invalid(
            expect.range,
            format!("bootstrap_expect cannot be {}. Must be greater than or equal to zero", go_number(expect.value)),
        );
    }
    let expecting = expect.filter(|e| e.value > 0.0);
    if server == Some(false) {
        if let Some(b) = bootstrap {
            ctx.invalid(b.value.range, "'bootstrap = true' requires 'server = true'");
        }
        if let Some(e) = expecting {
            ctx.invalid(e.range, "'bootstrap_expect > 0' requires 'server = true'");
        }
        if let Some(v) = root.object("connect").and_then(|c| c.get("enable_mesh_gateway_wan_federation"))
            && v.value.as_bool() == Some(true)
        {
            ctx.invalid(v.value.range, "'connect.enable_mesh_gateway_wan_federation = true' requires 'server = true'");
        }
        if let Some(g) = root.get("primary_gateways").filter(|_| !root.strs("primary_gateways").is_empty()) {
            ctx.invalid(g.key.range, "'primary_gateways' requires 'server = true'");
        }
        if let Some(v) = root.object("auto_encrypt").and_then(|a| a.get("allow_tls"))
            && v.value.as_bool() == Some(true)
        {
            ctx.invalid(v.value.range, "auto_encrypt.allow_tls can only be used on a server.");
        }
        if let Some(v) =
            root.object("auto_config").and_then(|a| a.object("authorization")).and_then(|a| a.get("enabled"))
            && v.value.as_bool() == Some(true)
        {
            ctx.invalid(v.value.range, "auto_config.authorization.enabled cannot be set to true for client agents");
        }
    }
    if server == Some(true) {
        if let Some(v) = root.object("auto_encrypt").and_then(|a| a.get("tls"))
            && v.value.as_bool() == Some(true)
        {
            ctx.invalid(v.value.range, "auto_encrypt.tls can only be used on a client.");
        }
        if let Some(v) = root.get("advertise_reconnect_timeout") {
            ctx.invalid(v.value.range, "advertise_reconnect_timeout can only be used on a client");
        }
        if let Some(v) = root.object("auto_config").and_then(|a| a.get("enabled"))
            && v.value.as_bool() == Some(true)
        {
            ctx.invalid(v.value.range, "auto_config.enabled cannot be set to true for server agents.");
        }
    }
    if let (Some(_), Some(e)) = (bootstrap, expecting) {
        ctx.invalid(e.range, "'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive");
    }
    let connect = root.object("connect");
    if let Some(federation) = connect.and_then(|c| c.get("enable_mesh_gateway_wan_federation"))
        && federation.value.as_bool() == Some(true)
    {
        if connect.and_then(|c| c.get("enabled")).and_then(|e| e.value.as_bool()) == Some(false) {
            ctx.invalid(
                federation.value.range,
                "'connect.enable_mesh_gateway_wan_federation=true' requires 'connect.enabled=true'",
            );
        }
        if let Some(join) = root.get("retry_join_wan").filter(|_| !root.strs("retry_join_wan").is_empty()) {
            ctx.invalid(
                join.key.range,
                "'retry_join_wan' is incompatible with 'connect.enable_mesh_gateway_wan_federation = true'",
            );
        }
    }
    if !root.strs("primary_gateways").is_empty()
        && let (Some(dc), Some(primary)) = (root.text("datacenter"), root.text("primary_datacenter"))
        && dc.text.to_lowercase() == primary.text.to_lowercase()
        && let Some(g) = root.get("primary_gateways")
    {
        ctx.invalid(g.key.range, "'primary_gateways' should only be configured in a secondary datacenter");
    }
    let auto_config_on =
        root.object("auto_config").and_then(|a| a.get("enabled")).and_then(|e| e.value.as_bool()) == Some(true);
    if auto_config_on
        && let Some(v) = root.object("auto_encrypt").and_then(|a| a.get("tls"))
        && v.value.as_bool() == Some(true)
    {
        ctx.invalid(v.value.range, "both auto_encrypt.tls and auto_config.enabled cannot be set to true.");
    }
    if let Some(ui) = root.object("ui_config")
        && ui.get("enabled").and_then(|e| e.value.as_bool()) == Some(true)
        && let Some(dir) = ui.set("dir")
    {
        ctx.invalid(
            dir.range,
            // Consul's message, its line breaks as spaces.
            "Both the ui_config.enabled and ui_config.dir (or -ui and -ui-dir) were specified, please provide only one. If trying to use your own web UI resources, use ui_config.dir or the -ui-dir flag. The web UI is included in the binary so use ui_config.enabled or the -ui flag to enable it",
        );
    }
}

/// Numbers `build`/`validate` require to be positive or within a range.
fn limits(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    if let Some(m) = root.object("performance").and_then(|p| p.num("raft_multiplier"))
        && !(1.0..=MAX_RAFT_MULTIPLIER).contains(&m.value)
    {
        ctx.invalid(
            m.range,
            format!(
                "performance.raft_multiplier cannot be {}. Must be between 1 and {}",
                go_number(m.value),
                go_number(MAX_RAFT_MULTIPLIER)
            ),
        );
    }
    if let Some(cache) = root.object("cache") {
        for key in ["entry_fetch_max_burst", "entry_fetch_rate"] {
            if let Some(n) = cache.num(key).filter(|n| n.value <= 0.0) {
                ctx.invalid(n.range, format!("cache.{key} must be strictly positive, was: {}", go_number(n.value)));
            }
        }
    }
    if let Some(n) = root.num("check_output_max_size").filter(|n| n.value < 1.0) {
        ctx.invalid(
            n.range,
            "check_output_max_size must be positive, to discard check output use the discard_check_output flag",
        );
    }
    if let Some(d) = root.duration("ae_interval").filter(|d| d.value <= 0.0) {
        let text = root.text("ae_interval").map_or_else(|| "0s".into(), |t| t.text);
        ctx.invalid(d.range, format!("ae_interval cannot be {text}. Must be positive"));
    }
    if let Some(n) = root.object("autopilot").and_then(|a| a.num("max_trailing_logs")).filter(|n| n.value < 0.0) {
        ctx.invalid(
            n.range,
            format!(
                "autopilot.max_trailing_logs cannot be {}. Must be greater than or equal to zero",
                go_number(n.value)
            ),
        );
    }
    if let Some(dns) = root.object("dns_config") {
        for key in ["udp_answer_limit", "a_record_limit"] {
            if let Some(n) = dns.num(key).filter(|n| n.value < 0.0) {
                ctx.invalid(
                    n.range,
                    format!("dns_config.{key} cannot be {}. Must be greater than or equal to zero", go_number(n.value)),
                );
            }
        }
    }
    if let Some(wal) = root.object("raft_logstore").and_then(|r| r.object("wal"))
        && let Some(size) = wal.num("segment_size_mb")
    {
        if size.value < 1.0 {
            ctx.invalid(size.range, "raft_logstore.wal.segment_size_mb cannot be less than 1MB");
        } else if size.value > 1024.0 {
            ctx.invalid(size.range, "raft_logstore.wal.segment_size_mb cannot be greater than 1024 (1GiB)");
        }
    }
}

fn ui(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    let ui = root.object("ui_config");
    let content_path = ui.and_then(|u| u.text("content_path")).or_else(|| root.text("ui_content_path"));
    if let Some(path) = content_path.filter(|p| !p.text.is_empty()) {
        let formatted = format!("/{}/", path.text.trim_matches('/'));
        let valid = formatted.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-'));
        let versioned = formatted.len() > 3
            && formatted.starts_with("/v")
            && formatted[2..formatted.len() - 1].bytes().all(|b| b.is_ascii_digit());
        if !valid {
            ctx.invalid(
                path.range,
                format!("ui-content-path can only contain alphanumeric, -, _, or /. received: {}", quote(&formatted)),
            );
        } else if versioned {
            ctx.invalid(path.range, format!("ui-content-path cannot have 'v[0-9]'. received: {}", quote(&formatted)));
        }
    }
    let Some(ui) = ui else { return };
    if let Some(provider) = ui.set("metrics_provider") {
        basic_name(ctx, "ui_config.metrics_provider", &provider, false, true);
    }
    if let Some(options) = ui.set("metrics_provider_options_json")
        && !serde_json::from_str::<serde_json::Value>(&options.text).is_ok_and(|v| v.is_object())
    {
        ctx.invalid(
            options.range,
            format!(
                "ui_config.metrics_provider_options_json must be empty or a string containing a valid JSON object. received: {}",
                quote(&options.text)
            ),
        );
    }
    if let Some(proxy) = ui.object("metrics_proxy") {
        if let Some(url) = proxy.set("base_url")
            && !is_http_url(&url.text)
        {
            ctx.invalid(
                url.range,
                format!(
                    "ui_config.metrics_proxy.base_url must be a valid http or https URL. received: {}",
                    quote(&url.text)
                ),
            );
        }
        for path in proxy.strs("path_allowlist") {
            if !is_absolute_url_path(&path.text) {
                ctx.invalid(
                    path.range,
                    format!(
                        "ui_config.metrics_proxy.path_allowlist: path {} is not an absolute path",
                        quote(&path.text)
                    ),
                );
            }
        }
    }
    for (entry, value) in crate::rules::reader::string_map(ui, "dashboard_url_templates") {
        if !is_basic_name(&entry.key.text) {
            ctx.invalid(
                entry.key.range,
                format!(
                    "ui_config.dashboard_url_templates key names can only contain lowercase alphanumeric, - or _ characters. received: {}",
                    quote(&entry.key.text)
                ),
            );
        }
        if let Some(value) = value
            && !is_http_url(value)
        {
            ctx.invalid(
                entry.value.range,
                format!(
                    "ui_config.dashboard_url_templates values must be a valid http or https URL. received: {}",
                    quote(value)
                ),
            );
        }
    }
}

fn is_http_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `validateAbsoluteURLPath`: an absolute path, nothing else (no scheme, host, query or fragment).
fn is_absolute_url_path(text: &str) -> bool {
    text.starts_with('/') && !text.starts_with("//") && !text.contains(['?', '#']) && !text.contains("/../")
}

/// `structs.ValidateNodeMetadata`: the `node_meta` limits and key format.
fn node_meta(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    let pairs = crate::rules::reader::string_map(root, "node_meta");
    if pairs.len() > META_MAX_KEY_PAIRS
        && let Some(entry) = root.get("node_meta")
    {
        ctx.invalid(
            entry.key.range,
            format!("node_meta invalid: Node metadata cannot contain more than {META_MAX_KEY_PAIRS} key/value pairs"),
        );
    }
    for (pair, value) in pairs {
        if let Some(problem) = meta_pair_problem(&pair.key.text, value.unwrap_or(""), false, false) {
            ctx.invalid(
                pair.key.range,
                format!(
                    "node_meta invalid: Couldn't load metadata pair ('{}', '{}'): {problem}",
                    pair.key.text,
                    value.unwrap_or("")
                ),
            );
        }
    }
}

/// `validateMetaPair`: what is wrong with one metadata pair, if anything.
pub fn meta_pair_problem(
    key: &str,
    value: &str,
    allow_consul_prefix: bool,
    wan_federation_key_allowed: bool,
) -> Option<String> {
    if key.is_empty() {
        return Some("Key cannot be blank".into());
    }
    if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Some("Key contains invalid characters".into());
    }
    if key.len() > META_KEY_MAX_LENGTH {
        return Some(format!("Key is too long (limit: {META_KEY_MAX_LENGTH} characters)"));
    }
    if key.starts_with("consul-")
        && !allow_consul_prefix
        && !(wan_federation_key_allowed && key == "consul-wan-federation")
    {
        return Some("Key prefix 'consul-' is reserved for internal use".into());
    }
    if value.len() > META_VALUE_MAX_LENGTH {
        return Some(format!("Value is too long (limit: {META_VALUE_MAX_LENGTH} characters)"));
    }
    None
}

/// The gossip key must be base64 (`decodeBytes`).
fn encrypt(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    use base64::Engine as _;
    let Some(key) = root.set("encrypt") else { return };
    if let Err(err) = base64::engine::general_purpose::STANDARD.decode(key.text.as_bytes()) {
        let at = match err {
            base64::DecodeError::InvalidByte(offset, _) | base64::DecodeError::InvalidLastSymbol(offset, _) => offset,
            _ => key.text.len() / 4 * 4,
        };
        ctx.invalid(key.range, format!("encrypt has invalid key: illegal base64 data at input byte {at}"));
    }
}

/// The cipher suites Consul's agent TLS accepts (`types.consulAgentTLSCipherSuites`).
const AGENT_CIPHER_SUITES: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
];

/// `buildTLSConfig`: settings valid only in some `tls` stanzas, versions and cipher suites.
fn tls(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    let Some(tls) = root.object("tls") else { return };
    if let Some(v) = tls.object("grpc").and_then(|g| g.get("verify_outgoing")) {
        ctx.invalid(v.key.range, "verify_outgoing is not valid in the tls.grpc stanza");
    }
    for stanza in ["grpc", "https"] {
        if let Some(v) = tls.object(stanza).and_then(|s| s.get("verify_server_hostname")) {
            ctx.invalid(
                v.key.range,
                "verify_server_hostname is only valid in the tls.defaults and tls.internal_rpc stanzas",
            );
        }
    }
    for stanza in ["defaults", "https", "internal_rpc"] {
        if let Some(v) = tls.object(stanza).and_then(|s| s.get("use_auto_cert")) {
            ctx.invalid(v.key.range, "use_auto_cert is only valid in the tls.grpc stanza");
        }
    }
    let default_min = tls.object("defaults").and_then(|d| d.set("tls_min_version"));
    for stanza in ["defaults", "internal_rpc", "https", "grpc"] {
        let Some(block) = tls.object(stanza) else { continue };
        let min = block.set("tls_min_version");
        if let Some(min) = &min
            && !["TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"].contains(&min.text.as_str())
        {
            let message = format!(
                "tls.{stanza}.tls_min_version: invalid TLS version: no matching TLS version found for {}, please specify one of [TLS_AUTO, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3]",
                min.text
            );
            let with =
                crate::rules::reader::closest(&min.text, &["TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"]);
            ctx.invalid_fix(min.range, message, with);
        }
        let Some(ciphers) = block.text("tls_cipher_suites") else { continue };
        let effective_min = min.as_ref().or(default_min.as_ref()).map_or("", |m| m.text.as_str());
        if effective_min == "TLSv1_3" {
            ctx.invalid(
                ciphers.range,
                format!("tls.{stanza}.tls_cipher_suites: TLS 1.3 cipher suites are not configurable"),
            );
            continue;
        }
        let trimmed = ciphers.text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let unmatched: Vec<&str> = trimmed.split(',').filter(|c| !AGENT_CIPHER_SUITES.contains(c)).collect();
        if !unmatched.is_empty() {
            ctx.invalid(
                ciphers.range,
                format!(
                    "tls.{stanza}.tls_cipher_suites: invalid TLS cipher suites: no matching Consul Agent TLS cipher suite found for {}",
                    unmatched.join(",")
                ),
            );
        }
    }
}

/// Values Consul ignores with a warning, so the setting silently has no effect: metric filter rules without a
/// `+`/`-`, IP SANs that are not IP addresses.
fn ignored_values(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    if let Some(telemetry) = root.object("telemetry") {
        for rule in telemetry.strs("prefix_filter") {
            if rule.text.is_empty() {
                ctx.invalid(rule.range, "Cannot have empty filter rule in prefix_filter");
            } else if !rule.text.starts_with(['+', '-']) {
                ctx.invalid(
                    rule.range,
                    format!("Filter rule must begin with either '+' or '-': {}", quote(&rule.text)),
                );
            }
        }
    }
    for (block, key, what) in
        [("auto_encrypt", "ip_san", "AutoEncrypt.IPSAN"), ("auto_config", "ip_sans", "auto_config.ip_sans")]
    {
        for ip in root.object(block).map(|b| b.strs(key)).unwrap_or_default() {
            if parse_ip(&ip.text).is_none() {
                ctx.invalid(ip.range, format!("Cannot parse ip {} from {what}", quote(&ip.text)));
            }
        }
    }
}

/// Durations with a minimum (`durationValWithDefaultMin`).
fn durations(ctx: &mut Ctx<'_>, root: Obj<'_>) {
    let mut check = |obj: Obj<'_>, key: &str, name: &str, min_nanos: f64, min_text: &str| {
        if let Some(d) = obj.duration(key).filter(|d| d.value < min_nanos) {
            let written = obj.text(key).map_or_else(|| go_number(d.value), |t| t.text.to_string());
            ctx.invalid(d.range, format!("{name}: duration '{written}' cannot be less than: {min_text}"));
        }
    };
    check(root, "server_rejoin_age_max", "server_rejoin_age_max", 6.0 * 3600e9, "6h0m0s");
    if let Some(performance) = root.object("performance") {
        check(performance, "grpc_keepalive_interval", "performance.grpc_keepalive_interval", 1e9, "1s");
        check(performance, "grpc_keepalive_timeout", "performance.grpc_keepalive_timeout", 1e9, "1s");
    }
}

/// Go's `net.ParseCIDR`.
pub fn is_cidr(text: &str) -> bool {
    let Some((addr, bits)) = text.split_once('/') else { return false };
    let Ok(bits) = bits.parse::<u8>() else { return false };
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => bits <= 32,
        Ok(std::net::IpAddr::V6(_)) => bits <= 128,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_and_names() {
        assert!(is_cidr("10.0.0.0/8") && is_cidr("2001:db8::/32"));
        assert!(!is_cidr("10.0.0.0") && !is_cidr("10.0.0.0/33") && !is_cidr("x/8"));
        assert!(is_basic_name("dc-1_a") && !is_basic_name("DC1") && !is_basic_name(""));
        assert_eq!(
            meta_pair_problem("consul-x", "", false, false).as_deref(),
            Some("Key prefix 'consul-' is reserved for internal use")
        );
        assert_eq!(meta_pair_problem("consul-wan-federation", "1", false, true), None);
        assert_eq!(meta_pair_problem("a b", "", false, false).as_deref(), Some("Key contains invalid characters"));
    }
}
