//! jwt-provider: `JWTProviderConfigEntry.Validate` and the `Validate` methods of its parts
//! (`agent/structs/config_entry_jwt_provider.go`). Consul CE's refusal of a non-default partition or namespace
//! is not reported (consul-ls cannot tell CE from Enterprise).

use base64::Engine as _;

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, quote};

const DISCOVERY_TYPES: &[&str] = &["STRICT_DNS", "STATIC", "LOGICAL_DNS", "EDS", "ORIGINAL_DST"];

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    common::name_written_empty(ctx, obj, "Name is required");
    match obj.object("json_web_key_set") {
        None => ctx.missing(obj.range, "JSONWebKeySet is required"),
        Some(jwks) => key_set(ctx, jwks),
    }
    for location in obj.objects("locations") {
        let parts: Vec<(&str, Obj<'_>)> = [
            ("header", "JWT location header name must be specified"),
            ("query_param", "JWT location query param name must be specified"),
            ("cookie", "JWT location cookie name must be specified"),
        ]
        .into_iter()
        .filter_map(|(key, message)| location.object(key).map(|o| (message, o)))
        .collect();
        match parts.as_slice() {
            [(message, part)] => {
                if part.set("name").is_none() {
                    ctx.missing(part.range, *message);
                }
            }
            _ => ctx.missing(location.range, "must set exactly one of: JWT location header, query param or cookie"),
        }
    }
    if let Some(forwarding) = obj.object("forwarding")
        && forwarding.set("header_name").is_none()
    {
        ctx.missing(forwarding.range, "Header name required for forwarding config");
    }
}

fn key_set(ctx: &mut Ctx<'_>, jwks: Obj<'_>) {
    match (jwks.object("local"), jwks.object("remote")) {
        (Some(local), None) => {
            let (string, file) = (local.set("jwks"), local.set("filename"));
            match (&string, &file) {
                (Some(s), None) => {
                    if base64::engine::general_purpose::STANDARD.decode(s.text.as_bytes()).is_err() {
                        ctx.invalid(s.range, "JWKS must be valid base64 encoded string");
                    }
                }
                (None, Some(_)) => {}
                _ => ctx.missing(local.range, "must specify exactly one of String or filename for local keyset"),
            }
        }
        (None, Some(remote)) => remote_key_set(ctx, remote),
        _ => ctx.missing(jwks.range, "must specify exactly one of Local or Remote JSON Web key set"),
    }
}

fn remote_key_set(ctx: &mut Ctx<'_>, remote: Obj<'_>) {
    match remote.set("uri") {
        None => ctx.missing(remote.range, "Remote JWKS URI is required"),
        Some(uri) => {
            if !is_request_uri(&uri.text) {
                ctx.invalid(
                    uri.range,
                    format!(
                        "Remote JWKS URI is invalid: parse {}: invalid URI for request, uri: {}",
                        quote(&uri.text),
                        uri.text
                    ),
                );
            }
        }
    }
    if let Some(backoff) = remote.object("retry_policy").and_then(|r| r.object("retry_policy_back_off")) {
        let base = backoff.duration("base_interval");
        if let Some(max) = backoff.duration("max_interval")
            && max.value != 0.0
            && base.is_some_and(|b| b.value > max.value)
        {
            ctx.invalid(max.range, "retry policy backoff's MaxInterval should be greater or equal to BaseInterval");
        }
    }
    if let Some(cluster) = remote.object("jwks_cluster") {
        if let Some(kind) = cluster.set("discovery_type")
            && !DISCOVERY_TYPES.contains(&kind.text.as_str())
        {
            ctx.invalid_fix(
                kind.range,
                format!("unsupported jwks cluster discovery type: {}", quote(&kind.text)),
                crate::rules::reader::closest(&kind.text, DISCOVERY_TYPES),
            );
        }
        if let Some(certs) = cluster.object("tls_certificates") {
            match (certs.object("ca_certificate_provider_instance"), certs.object("trusted_ca")) {
                (Some(_), None) => {}
                (None, Some(ca)) => {
                    let n = ["filename", "environment_variable", "inline_string", "inline_bytes"]
                        .iter()
                        .filter(|k| ca.has(k))
                        .count();
                    if n != 1 {
                        ctx.missing(
                            ca.range,
                            "must specify exactly one of: Filename, EnvironmentVariable, InlineString or InlineBytes for JWKS' TrustedCA",
                        );
                    }
                }
                _ => ctx.missing(
                    certs.range,
                    "must specify exactly one of: CaCertificateProviderInstance or TrustedCA for JKWS' TLSCertificates",
                ),
            }
        }
    }
}

/// Go's `url.ParseRequestURI` in the cases that matter for a JWKS URI: an absolute URL (`scheme:...`) or an
/// absolute path, no spaces or control characters.
fn is_request_uri(text: &str) -> bool {
    if text.chars().any(|c| c.is_ascii_control() || c == ' ') {
        return false;
    }
    if text.starts_with('/') {
        return true;
    }
    match text.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}
