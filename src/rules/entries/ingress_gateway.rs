//! ingress-gateway: `IngressGatewayConfigEntry.Normalize`/`Validate`/`validateServiceSDS`
//! (`agent/structs/config_entry_gateways.go`). Consul lower-cases a listener's `Protocol` and defaults it to
//! `tcp` before validating.

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, is_domain_name, quote};

pub const PROTOCOLS: &[&str] = &["tcp", "http", "http2", "grpc"];

const TLS_KEYS: [&str; 3] = ["tls_min_version", "tls_max_version", "cipher_suites"];

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    let tls = obj.object("tls");
    if let Some(tls) = tls {
        common::tls_config(ctx, tls, TLS_KEYS, "");
    }
    let tls_enabled = tls.is_some_and(|t| t.truthy("enabled"));
    let gw_sds = tls.and_then(|t| t.object("sds"));
    let gw_cluster = gw_sds.and_then(|s| s.set("cluster_name"));
    let gw_cert = gw_sds.and_then(|s| s.set("cert_resource"));
    if let (None, Some(cert)) = (&gw_cluster, &gw_cert) {
        ctx.invalid(cert.range, "TLS.SDS.ClusterName is required if CertResource is set");
    }
    let mut ports = std::collections::HashSet::new();
    for listener in obj.objects("listeners") {
        let port = common::port_text(listener, "port");
        if !ports.insert(port.clone()) {
            let at = listener.get("port").map_or(listener.range, |e| e.value.range);
            ctx.invalid(at, format!("port {port} declared on two listeners"));
        }
        let protocol = listener.text("protocol");
        let protocol_text = protocol.as_ref().map(|p| p.text.to_lowercase()).filter(|p| !p.is_empty());
        let protocol_text = protocol_text.unwrap_or_else(|| "tcp".into());
        if let Some(p) = &protocol
            && !PROTOCOLS.contains(&protocol_text.as_str())
        {
            let with = crate::rules::reader::closest(&protocol_text, PROTOCOLS);
            ctx.invalid_fix(
                p.range,
                format!(
                    "protocol must be 'tcp', 'http', 'http2', or 'grpc'. '{}' is an unsupported protocol",
                    protocol_text
                ),
                with,
            );
            continue;
        }
        let services: Vec<Obj<'_>> = listener.objects("services").collect();
        if services.is_empty() {
            ctx.missing(listener.range, format!("No service declared for listener with port {port}"));
            continue;
        }
        let http_like = common::is_http_like(&protocol_text);
        if !http_like && services.len() > 1 {
            let at = listener.get("services").map_or(listener.range, |e| e.key.range);
            ctx.invalid(
                at,
                format!(
                    "Multiple services per listener are only supported for L7 protocols, 'http', 'grpc' and 'http2' (listener on port {port})"
                ),
            );
        }
        let listener_tls = listener.object("tls");
        if let Some(tls) = listener_tls {
            common::tls_config(ctx, tls, TLS_KEYS, "");
        }
        let lis_sds = listener_tls.and_then(|t| t.object("sds"));
        let lis_cluster = lis_sds.and_then(|s| s.set("cluster_name"));
        let lis_cert = lis_sds.and_then(|s| s.set("cert_resource"));
        let on = format!("(listener on port {port})");
        if gw_cluster.is_some() && gw_cert.is_none() && lis_cert.is_none() {
            ctx.missing(
                listener_tls.map_or(listener.range, |t| t.range),
                format!("TLS.SDS.CertResource is required if ClusterName is set for gateway {on}"),
            );
        }
        if let (Some(cluster), None) = (&lis_cluster, &lis_cert) {
            ctx.invalid(
                cluster.range,
                format!("TLS.SDS.CertResource is required if ClusterName is set for listener {on}"),
            );
        }
        if let (Some(cert), None, None) = (&lis_cert, &lis_cluster, &gw_cluster) {
            ctx.invalid(cert.range, format!("TLS.SDS.ClusterName is required if CertResource is set {on}"));
        }
        let mut names = std::collections::HashSet::new();
        let mut hosts_seen = std::collections::HashSet::new();
        for service in services {
            let name = service.text("name");
            let name_text = name.as_ref().map_or("", |n| n.text.as_str());
            for (key, what) in [("request_headers", "request"), ("response_headers", "response")] {
                if !http_like && let Some(at) = common::header_modifiers_allowed(service, key) {
                    ctx.invalid(
                        at,
                        format!(
                            "{what} headers only valid for http, http2 and grpc protocols (service {} on listener on port {port})",
                            quote(name_text)
                        ),
                    );
                }
            }
            let hosts = service.strs("hosts");
            if protocol_text == "tcp" {
                if let Some(n) = name.as_ref().filter(|n| n.text == "*") {
                    ctx.invalid(n.range, format!("Wildcard service name is only valid for protocol = 'http' {on}"));
                    continue;
                }
                if let Some(first) = hosts.first() {
                    ctx.invalid(
                        first.range,
                        format!(
                            "Associating hosts to a service is not supported for the {protocol_text} protocol {on}"
                        ),
                    );
                    continue;
                }
            }
            match &name {
                Some(n) if n.text.is_empty() => {
                    ctx.invalid(n.range, format!("Service name cannot be blank {on}"));
                    continue;
                }
                None => continue, // the schema rules report the missing Name
                Some(_) => {}
            }
            if name_text == "*"
                && let Some(first) = hosts.first()
            {
                ctx.invalid(first.range, format!("Associating hosts to a wildcard service is not supported {on}"));
                continue;
            }
            if let Some(ns) = service.text("namespace").filter(|ns| ns.text == "*") {
                ctx.invalid(ns.range, format!("Wildcard namespace is not supported for ingress services {on}"));
                continue;
            }
            let ns = service.set("namespace").map(|n| n.text).unwrap_or_default();
            if !names.insert((name_text.to_string(), ns)) {
                if let Some(n) = &name {
                    ctx.invalid(n.range, format!("Service {name_text} cannot be added multiple times {on}"));
                }
                continue;
            }
            // Service-level SDS certificates need hosts and a cluster at some level.
            let svc_sds = service.object("tls").and_then(|t| t.object("sds"));
            if let Some(cert) = svc_sds.and_then(|s| s.set("cert_resource")) {
                if hosts.is_empty() {
                    ctx.invalid(
                        cert.range,
                        format!(
                            "A service specifying TLS.SDS.CertResource must have at least one item in Hosts (service {} on listener on port {port})",
                            quote(name_text)
                        ),
                    );
                } else if svc_sds.and_then(|s| s.set("cluster_name")).is_none()
                    && lis_cluster.is_none()
                    && gw_cluster.is_none()
                {
                    ctx.invalid(
                        cert.range,
                        format!(
                            "TLS.SDS.ClusterName is required if CertResource is set (service {} on listener on port {port})",
                            quote(name_text)
                        ),
                    );
                }
            }
            for host in hosts {
                if !hosts_seen.insert(host.text.clone()) {
                    ctx.invalid(host.range, format!("Hosts must be unique within a specific listener {on}"));
                    continue;
                }
                if host.text == "*" {
                    if tls_enabled {
                        ctx.invalid(
                            host.range,
                            "Host '*' is not allowed when TLS is enabled, all hosts must be valid DNS records to add as a DNSSAN",
                        );
                    }
                    continue;
                }
                if !is_domain_name(&host.text) {
                    ctx.invalid(host.range, format!("Host {} must be a valid DNS hostname", quote(&host.text)));
                } else if host.text.strip_prefix("*.").unwrap_or(&host.text).contains('*') {
                    ctx.invalid(
                        host.range,
                        format!(
                            "Host {} is not valid, a wildcard specifier is only allowed as the leftmost label",
                            quote(&host.text)
                        ),
                    );
                }
            }
        }
    }
}
