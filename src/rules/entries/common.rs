//! Checks several config entry kinds share: `Meta` limits (`validateConfigEntryMeta`), a required `Name`, TLS
//! versions and cipher suites (`validateTLSConfig`), Envoy extensions (`envoyextensions.ValidateExtensions`),
//! upstream configuration (`UpstreamConfig.validate`, `PassiveHealthCheck.Validate`, `UpstreamLimits.Validate`),
//! access logs (`AccessLogsConfig.Validate`) and HTTP header modifiers.

use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, go_number, quote};
use crate::syntax::{Entry, TextRange, ValueKind};

pub use crate::rules::reader::{META_KEY_MAX_LENGTH, META_MAX_KEY_PAIRS, META_VALUE_MAX_LENGTH};

/// Where a finding about a whole setting sits: a scalar's value, or the key of a block or list (underlining a
/// whole block would hide the rest of the file).
pub fn anchor(entry: &Entry) -> TextRange {
    match entry.value.kind {
        ValueKind::Object(_) | ValueKind::List(_) => entry.key.range,
        _ => entry.value.range,
    }
}

/// `validateConfigEntryMeta`.
pub fn meta(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    let pairs = crate::rules::reader::string_map(obj, "meta");
    if pairs.len() > META_MAX_KEY_PAIRS
        && let Some(entry) = obj.get("meta")
    {
        ctx.invalid(anchor(entry), format!("Meta exceeds maximum element count {META_MAX_KEY_PAIRS}"));
    }
    for (pair, value) in pairs {
        if pair.key.text.len() > META_KEY_MAX_LENGTH {
            ctx.invalid(
                pair.key.range,
                format!("Meta key {} exceeds maximum length {META_KEY_MAX_LENGTH}", quote(&pair.key.text)),
            );
        }
        if value.is_some_and(|v| v.len() > META_VALUE_MAX_LENGTH) {
            ctx.invalid(
                pair.value.range,
                format!("Meta value for key {} exceeds maximum length {META_VALUE_MAX_LENGTH}", quote(&pair.key.text)),
            );
        }
    }
}

/// `Name is required` for a `Name` written empty (an absent `Name` is reported by the schema rules).
pub fn name_written_empty(ctx: &mut Ctx<'_>, obj: Obj<'_>, message: &str) {
    if let Some(name) = obj.text("name")
        && name.text.is_empty()
    {
        ctx.invalid(name.range, message);
    }
}

const TLS_VERSIONS: &[&str] = &["TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"];
const TLS_VERSIONS_WITH_CIPHER_SUITES: &[&str] = &["", "TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2"];
/// The cipher suites Consul can hand to Envoy (`types.envoyTLSCipherSuiteStrings`).
pub const ENVOY_CIPHER_SUITES: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
];

fn tls_rank(version: &str) -> Option<u8> {
    ["TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"].iter().position(|v| *v == version).map(|p| p as u8)
}

/// A TLS version string Consul accepts (`types.ValidateTLSVersion`); the message lists them.
pub fn tls_version(ctx: &mut Ctx<'_>, value: &crate::model::Str) -> bool {
    if value.text.is_empty() || TLS_VERSIONS.contains(&value.text.as_str()) {
        return true;
    }
    let with = crate::rules::reader::closest(&value.text, TLS_VERSIONS);
    ctx.invalid_fix(
        value.range,
        format!(
            "no matching TLS version found for {}, please specify one of [{}]",
            value.text,
            TLS_VERSIONS.join(", ")
        ),
        with,
    );
    false
}

/// `validateTLSConfig`: versions, min ≤ max, cipher suites only up to TLS 1.2 and only ones Envoy knows.
/// `keys` names the fields in this block (`TLSMinVersion`/`TLSMaxVersion`/`CipherSuites` or
/// `MinVersion`/`MaxVersion`/`CipherSuites`); `prefix` is prepended to every message.
pub fn tls_config(ctx: &mut Ctx<'_>, obj: Obj<'_>, keys: [&str; 3], prefix: &str) {
    let [min_key, max_key, ciphers_key] = keys;
    let min = obj.text(min_key);
    let max = obj.text(max_key);
    let ciphers = obj.strs(ciphers_key);
    ctx.nested(prefix, |ctx| {
        let min_ok = min.as_ref().is_none_or(|m| tls_version(ctx, m));
        let max_ok = max.as_ref().is_none_or(|m| tls_version(ctx, m));
        if let (Some(min), Some(max), true, true) = (&min, &max, min_ok, max_ok)
            && let (Some(lo), Some(hi)) = (tls_rank(&min.text), tls_rank(&max.text))
            && hi < lo
        {
            ctx.invalid(
                max.range,
                format!(
                    "configuring max version {} less than the configured min version {} is invalid",
                    max.text, min.text
                ),
            );
        }
        if !ciphers.is_empty() {
            let min_text = min.as_ref().map_or("", |m| m.text.as_str());
            if !TLS_VERSIONS_WITH_CIPHER_SUITES.contains(&min_text) {
                if let Some(entry) = obj.get(ciphers_key) {
                    ctx.invalid(
                        anchor(entry),
                        format!(
                            "configuring CipherSuites is only applicable to connections negotiated with TLS 1.2 or earlier, TLSMinVersion is set to {min_text}"
                        ),
                    );
                }
            } else {
                let unmatched: Vec<_> =
                    ciphers.iter().filter(|c| !ENVOY_CIPHER_SUITES.contains(&c.text.as_str())).collect();
                if let Some(first) = unmatched.first() {
                    let names: Vec<&str> = unmatched.iter().map(|c| c.text.as_str()).collect();
                    ctx.invalid(
                        first.range,
                        format!("no matching Envoy TLS cipher suite found for {}", names.join(",")),
                    );
                }
            }
        }
    });
}

/// The built-in Envoy extensions (`api.Builtin*Extension`).
pub const BUILTIN_EXTENSIONS: &[&str] = &[
    "builtin/aws/lambda",
    "builtin/ext-authz",
    "builtin/lua",
    "builtin/otel-access-logging",
    "builtin/property-override",
    "builtin/wasm",
];

/// Built-in extensions of Consul Enterprise (`enterpriseExtensionConstructors`): Consul CE refuses them, but
/// consul-ls cannot tell CE from Enterprise.
pub const ENTERPRISE_EXTENSIONS: &[&str] = &["builtin/fault-injection"];

/// `envoyextensions.ValidateExtensions` on `EnvoyExtensions`: a name, a built-in one, and version constraints
/// hashicorp/go-version can parse. (Each extension's own `Arguments` checks are not ported.)
pub fn envoy_extensions(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    for (i, ext) in obj.objects("envoy_extensions").enumerate() {
        let name = match ext.text("name") {
            Some(n) if !n.text.is_empty() => n,
            Some(n) => {
                ctx.invalid(n.range, format!("invalid EnvoyExtensions[{i}]: Name is required"));
                continue;
            }
            None => continue, // the schema rules report the missing Name
        };
        let mut version_ok = true;
        for (key, field) in [("envoy_version", "EnvoyVersion"), ("consul_version", "ConsulVersion")] {
            if version_ok
                && let Some(v) = ext.set(key)
                && !is_version_constraint(&v.text)
            {
                ctx.invalid(v.range, format!("invalid EnvoyExtensions[{i}].{field}: Malformed constraint: {}", v.text));
                version_ok = false;
            }
        }
        if version_ok
            && !BUILTIN_EXTENSIONS.contains(&name.text.as_str())
            && !ENTERPRISE_EXTENSIONS.contains(&name.text.as_str())
        {
            let with = crate::rules::reader::closest(&name.text, BUILTIN_EXTENSIONS);
            ctx.invalid_fix(
                name.range,
                format!(
                    "invalid EnvoyExtensions[{i}][{}]: name {} is not a built-in extension",
                    name.text,
                    quote(&name.text)
                ),
                with,
            );
        }
    }
}

/// hashicorp/go-version `NewConstraint`: comma-separated `[op] version` terms, ops `=`, `!=`, `>`, `<`, `>=`,
/// `<=`, `~>`; versions `1`, `1.2`, `1.2.3`, optionally `v`-prefixed, with `-pre` and `+meta` parts.
pub fn is_version_constraint(text: &str) -> bool {
    text.split(',').all(|term| {
        let term = term.trim();
        let rest = ["~>", ">=", "<=", "!=", ">", "<", "="]
            .iter()
            .find_map(|op| term.strip_prefix(op))
            .unwrap_or(term)
            .trim_start();
        let rest = rest.strip_prefix('v').unwrap_or(rest);
        let (core, _) = rest.split_once(['-', '+']).unwrap_or((rest, ""));
        let parts: Vec<&str> = core.split('.').collect();
        !core.is_empty()
            && parts.len() <= 3
            && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// `UpstreamConfig.validate` for service-defaults `UpstreamConfig.Overrides[]` (`named`) and `Defaults`.
pub fn upstream_config(ctx: &mut Ctx<'_>, cfg: Obj<'_>, named: bool) {
    if named {
        let name = cfg.text("name");
        let peer = cfg.text("peer").map(|p| p.text).unwrap_or_default();
        let label = format!("{}:{peer}", name.as_ref().map_or("", |n| n.text.as_str()));
        let prefix = format!("error in upstream override for {label}: ");
        ctx.nested(&prefix, |ctx| match &name {
            None => ctx.missing(cfg.range, "Name is required"),
            Some(n) if n.text.is_empty() => ctx.invalid(n.range, "Name is required"),
            Some(n) if n.text == "*" => ctx.invalid(n.range, "Wildcard name is not supported"),
            Some(_) => {
                if let Some(ns) = cfg.text("namespace").filter(|ns| ns.text == "*") {
                    ctx.invalid(ns.range, "Wildcard namespace is not supported");
                }
            }
        });
        ctx.nested(&prefix, |ctx| upstream_config_values(ctx, cfg));
    } else {
        ctx.nested("error in upstream defaults: ", |ctx| {
            for (key, message) in [
                ("name", "Name must be empty"),
                ("namespace", "Namespace must be empty"),
                ("partition", "Partition must be empty"),
            ] {
                if let Some(v) = cfg.set(key) {
                    ctx.invalid(v.range, message);
                }
            }
            upstream_config_values(ctx, cfg);
        });
    }
}

fn upstream_config_values(ctx: &mut Ctx<'_>, cfg: Obj<'_>) {
    if let Some(check) = cfg.object("passive_health_check") {
        passive_health_check(ctx, check);
    }
    if let Some(limits) = cfg.object("limits") {
        for (key, message) in [
            ("max_connections", "max connections cannot be negative"),
            ("max_pending_requests", "max pending requests cannot be negative"),
            ("max_concurrent_requests", "max concurrent requests cannot be negative"),
        ] {
            if let Some(n) = limits.num(key).filter(|n| n.value < 0.0) {
                ctx.invalid(n.range, message);
            }
        }
    }
}

/// `PassiveHealthCheck.Validate`.
pub fn passive_health_check(ctx: &mut Ctx<'_>, check: Obj<'_>) {
    if let Some(d) = check.duration("interval").filter(|d| d.value < 0.0) {
        ctx.invalid(d.range, "passive health check interval cannot be negative");
    }
    for (key, field) in
        [("enforcing_consecutive_5xx", "enforcing_consecutive_5xx"), ("max_ejection_percent", "max_ejection_percent")]
    {
        if let Some(n) = check.num(key).filter(|n| n.value > 100.0) {
            ctx.invalid(n.range, format!("passive health check {field} must be a percentage between 0 and 100"));
        }
    }
    if let Some(d) = check.duration("base_ejection_time").filter(|d| d.value < 0.0) {
        ctx.invalid(d.range, "passive health check base_ejection_time cannot be negative");
    }
}

/// `AccessLogsConfig.Validate` (proxy-defaults `AccessLogs`).
pub fn access_logs(ctx: &mut Ctx<'_>, logs: Obj<'_>) {
    let kind = logs.text("type");
    let kind_text = kind.as_ref().map_or("", |k| k.text.as_str());
    match kind_text {
        "" | "stderr" | "stdout" => {}
        "file" => {
            if logs.set("path").is_none() {
                ctx.missing(logs.range, "path must be specified when using file type access logs");
            }
        }
        // An unknown type is reported by the schema rules (an enumeration).
        _ => return,
    }
    let json = logs.set("json_format");
    if let (Some(_), Some(text)) = (&json, logs.set("text_format")) {
        ctx.invalid(text.range, "cannot specify both access log JSONFormat and TextFormat");
    }
    if kind_text != "file"
        && let Some(path) = logs.set("path")
    {
        ctx.invalid(path.range, "path is only valid for file type access logs");
    }
    if let Some(json) = json
        && let Err(err) = serde_json::from_str::<serde_json::Value>(&json.text)
    {
        ctx.invalid(json.range, format!("invalid access log json for JSON format: {err}"));
    }
}

/// `HTTPHeaderModifiers.Validate(protocol)`: header modifiers only on HTTP-like protocols.
pub fn header_modifiers_allowed(obj: Obj<'_>, key: &str) -> Option<TextRange> {
    let entry = obj.get(key)?;
    let modifiers = Obj::new(&entry.value, obj.style)?;
    let set = modifiers.has("add") || modifiers.has("set") || modifiers.has("remove");
    set.then_some(entry.key.range)
}

/// `IsProtocolHTTPLike`.
pub fn is_http_like(protocol: &str) -> bool {
    matches!(protocol, "http" | "http2" | "grpc")
}

/// Go's `isValidHTTPMethod` (after Consul upper-cases the method).
pub fn is_http_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE")
}

/// A port number for messages (`%d`).
pub fn port_text(obj: Obj<'_>, key: &str) -> String {
    obj.num(key).map_or_else(|| "0".to_string(), |n| go_number(n.value))
}
