//! terminating-gateway: `TerminatingGatewayConfigEntry.Validate` (`agent/structs/config_entry_gateways.go`).

use crate::model::Obj;
use crate::rules::reader::{Ctx, Read, quote};

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    let mut seen = std::collections::HashSet::new();
    for service in obj.objects("services") {
        let name = match service.text("name") {
            Some(n) if !n.text.is_empty() => n,
            Some(n) => {
                ctx.invalid(n.range, "Service name cannot be blank.");
                continue;
            }
            None => continue, // the schema rules report the missing Name
        };
        if let Some(ns) = service.text("namespace").filter(|ns| ns.text == "*") {
            ctx.invalid(ns.range, "Wildcard namespace is not supported for terminating gateway services");
            continue;
        }
        let ns = service.set("namespace").map(|n| n.text).unwrap_or_default();
        if !seen.insert((name.text.clone(), ns)) {
            ctx.invalid(
                name.range,
                format!("Service {} was specified more than once within a namespace", quote(&name.text)),
            );
            continue;
        }
        let (ca, cert, key) = (service.set("ca_file"), service.set("cert_file"), service.set("key_file"));
        if (cert.is_some() || key.is_some()) && (ca.is_none() || cert.is_none() || key.is_none()) {
            ctx.missing(
                service.range,
                format!(
                    "Service {} must have a CertFile, CAFile, and KeyFile specified for TLS origination",
                    quote(&name.text)
                ),
            );
        }
    }
}
