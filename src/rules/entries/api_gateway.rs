//! api-gateway and inline-certificate: `APIGatewayConfigEntry.Normalize`/`Validate`
//! (`agent/structs/config_entry_gateways.go`), `InlineCertificateConfigEntry.Validate`
//! (`agent/structs/config_entry_inline_certificate.go`). Consul lower-cases a listener's `Protocol` and defaults
//! a certificate reference's `Kind` to `inline-certificate` before validating.

use base64::Engine as _;

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, go_number, quote};

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    let listeners: Vec<Obj<'_>> = obj.objects("listeners").collect();
    if listeners.is_empty() {
        ctx.missing(obj.range, "api gateway must have at least one listener");
        return;
    }
    let mut names = std::collections::HashSet::new();
    for listener in &listeners {
        let name = listener.text("name");
        let text = name.as_ref().map_or("", |n| n.text.as_str());
        if !is_listener_name(text) {
            let message = format!(
                "listener name {} is invalid, must be at least 1 character and contain only letters, numbers, or dashes",
                quote(text)
            );
            match &name {
                Some(n) => ctx.invalid(n.range, message),
                None => ctx.missing(listener.range, message),
            }
        } else if !names.insert(text.to_string())
            && let Some(n) = &name
        {
            ctx.invalid(n.range, format!("found multiple listeners with the name {}", quote(text)));
        }
    }
    // Listeners on one port are merged by Envoy; they must agree on host name and protocol.
    let mut by_port: std::collections::HashMap<String, (String, String, String)> = std::collections::HashMap::new();
    for listener in &listeners {
        let port = common::port_text(*listener, "port");
        let name = listener.text("name").map(|n| n.text).unwrap_or_default();
        let host = listener.text("hostname").map(|h| h.text).unwrap_or_default();
        let protocol = listener.text("protocol").map(|p| p.text.to_lowercase()).unwrap_or_default();
        if let Some((merged_name, merged_host, merged_protocol)) = by_port.get(&port)
            && (*merged_host != host || *merged_protocol != protocol)
        {
            let at = listener.get("port").map_or(listener.range, |e| e.value.range);
            ctx.invalid(at, format!("listeners {} and {} cannot be merged", quote(merged_name), quote(&name)));
        }
        by_port.insert(port, (name.to_string(), host.to_string(), protocol.to_string()));
    }
    for listener in listeners {
        let protocol = listener.text("protocol");
        let protocol_text = protocol.as_ref().map(|p| p.text.to_lowercase()).unwrap_or_default();
        if !matches!(protocol_text.as_str(), "http" | "tcp") {
            let message =
                format!("unsupported listener protocol {}, must be one of 'tcp', or 'http'", quote(&protocol_text));
            match &protocol {
                Some(p) => {
                    ctx.invalid_fix(p.range, message, crate::rules::reader::closest(&protocol_text, &["tcp", "http"]))
                }
                None => ctx.missing(listener.range, message),
            }
            continue;
        }
        let hostname = listener.set("hostname");
        if protocol_text == "tcp"
            && let Some(h) = &hostname
        {
            ctx.invalid(h.range, "hostname specification is not supported when using TCP");
            continue;
        }
        match listener.num("port") {
            Some(p) if (1.0..=65535.0).contains(&p.value) => {}
            Some(p) => {
                ctx.invalid(p.range, format!("listener port {} not in the range 1-65535", go_number(p.value)));
                continue;
            }
            None => {
                ctx.missing(listener.range, "listener port 0 not in the range 1-65535");
                continue;
            }
        }
        if let Some(h) = &hostname
            && h.text.strip_prefix("*.").unwrap_or(&h.text).contains('*')
        {
            ctx.invalid(
                h.range,
                format!(
                    "host {} is not valid, a wildcard specifier is only allowed as the left-most label",
                    quote(&h.text)
                ),
            );
            continue;
        }
        let Some(tls) = listener.object("tls") else { continue };
        for certificate in tls.objects("certificates") {
            let kind = certificate.text("kind");
            let kind_text = kind.as_ref().map_or("", |k| k.text.as_str());
            if !kind_text.is_empty() && !matches!(kind_text, "file-system-certificate" | "inline-certificate") {
                if let Some(k) = &kind {
                    ctx.invalid_fix(
                        k.range,
                        format!(
                            "unsupported certificate kind: {}, must be 'file-system-certificate' or 'inline-certificate'",
                            quote(kind_text)
                        ),
                        crate::rules::reader::closest(kind_text, &["file-system-certificate", "inline-certificate"]),
                    );
                }
            } else if certificate.set("name").is_none() {
                ctx.missing(certificate.range, "certificate reference must have a name");
            }
        }
        common::tls_config(ctx, tls, ["min_version", "max_version", "cipher_suites"], "");
    }
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`: dot-separated DNS labels.
fn is_listener_name(name: &str) -> bool {
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty() && ok(&b[0]) && ok(&b[b.len() - 1]) && b.iter().all(|c| ok(c) || *c == b'-')
    };
    !name.is_empty() && name.split('.').all(label_ok)
}

/// The first PEM block of `text` (Go's `pem.Decode`): its type and decoded bytes, or `None`.
pub fn pem_block(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + "-----BEGIN ".len()..];
    let type_end = rest.find("-----")?;
    let kind = rest[..type_end].to_string();
    if kind.contains('\n') {
        return None;
    }
    let body_and_end = rest[type_end + 5..].trim_start_matches(['\r', '\n']);
    let end_marker = format!("-----END {kind}-----");
    let end = body_and_end.find(&end_marker)?;
    let body = &body_and_end[..end];
    // Headers ("Proc-Type: 4,ENCRYPTED") end at the first blank line.
    let body = if body.lines().next().is_some_and(|l| l.contains(':')) {
        body.split_once("\n\n").or_else(|| body.split_once("\r\n\r\n")).map_or("", |(_, b)| b)
    } else {
        body
    };
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD.decode(compact).ok()?;
    Some((kind, bytes))
}

/// The bit length of an RSA modulus in a PKCS#1 `RSA PRIVATE KEY` (DER: SEQUENCE { version, modulus, ... }).
fn rsa_modulus_bits(der: &[u8]) -> Option<usize> {
    fn header(der: &[u8], tag: u8) -> Option<(usize, usize)> {
        if *der.first()? != tag {
            return None;
        }
        let first = *der.get(1)? as usize;
        if first < 0x80 {
            return Some((2, first));
        }
        let n = first & 0x7f;
        let mut len = 0usize;
        for i in 0..n {
            len = len.checked_mul(256)? + *der.get(2 + i)? as usize;
        }
        Some((2 + n, len))
    }
    let (off, _) = header(der, 0x30)?;
    let rest = &der[off..];
    let (voff, vlen) = header(rest, 0x02)?;
    let rest = rest.get(voff + vlen..)?;
    let (moff, mlen) = header(rest, 0x02)?;
    let modulus = rest.get(moff..moff + mlen)?;
    let modulus: &[u8] = match modulus.iter().position(|&b| b != 0) {
        Some(p) => &modulus[p..],
        None => return Some(0),
    };
    Some(modulus.len() * 8 - modulus[0].leading_zeros() as usize)
}

/// inline-certificate: the key and certificate must be PEM, RSA keys at least 2048 bits. (Parsing the X.509
/// certificate, matching it to the key and checking its host names are not ported.)
pub fn inline_certificate(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    if let Some(key) = obj.text("private_key") {
        match pem_block(&key.text) {
            None => ctx.invalid(key.range, "failed to parse private key PEM"),
            Some((kind, der)) if kind == "RSA PRIVATE KEY" => {
                if rsa_modulus_bits(&der).is_some_and(|bits| bits < 2048) {
                    ctx.invalid(key.range, "key length must be at least 2048 bits");
                }
            }
            Some(_) => {}
        }
    }
    if let Some(cert) = obj.text("certificate")
        && pem_block(&cert.text).is_none()
    {
        ctx.invalid(cert.range, "failed to parse certificate PEM");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listener_names() {
        assert!(is_listener_name("http-listener") && is_listener_name("a.b"));
        assert!(
            !is_listener_name("") && !is_listener_name("Web") && !is_listener_name("a_b") && !is_listener_name("-a")
        );
    }

    #[test]
    fn pem() {
        let text = "-----BEGIN CERTIFICATE-----\nTUlJ\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_block(text), Some(("CERTIFICATE".to_string(), b"MII".to_vec())));
        assert_eq!(pem_block("not pem"), None);
        assert_eq!(pem_block("-----BEGIN X-----\n!!!\n-----END X-----"), None);
        // SEQUENCE { INTEGER 0, INTEGER 0x00 0x80 0x01 } → a 16-bit modulus.
        assert_eq!(rsa_modulus_bits(&[0x30, 0x07, 0x02, 0x01, 0x00, 0x02, 0x03, 0x00, 0x80, 0x01]), Some(16));
    }
}
