//! mesh: `MeshConfigEntry.Validate` (`agent/structs/config_entry_mesh.go`): directional TLS settings and HTTP
//! request normalization.

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read};

const PATH_WITH_ESCAPED_SLASHES_ACTIONS: &[&str] = &[
    "IMPLEMENTATION_SPECIFIC_DEFAULT",
    "KEEP_UNCHANGED",
    "REJECT_REQUEST",
    "UNESCAPE_AND_REDIRECT",
    "UNESCAPE_AND_FORWARD",
];
const HEADERS_WITH_UNDERSCORES_ACTIONS: &[&str] = &["ALLOW", "REJECT_REQUEST", "DROP_HEADER"];

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    if let Some(tls) = obj.object("tls") {
        for (key, what) in [("incoming", "incoming"), ("outgoing", "outgoing")] {
            if let Some(direction) = tls.object(key) {
                let prefix = format!("error in {what} TLS configuration: ");
                common::tls_config(ctx, direction, ["tls_min_version", "tls_max_version", "cipher_suites"], &prefix);
            }
        }
    }
    let normalization =
        obj.object("http").and_then(|h| h.object("incoming")).and_then(|i| i.object("request_normalization"));
    if let Some(normalization) = normalization {
        for (key, name, allowed) in [
            ("path_with_escaped_slashes_action", "PathWithEscapedSlashesAction", PATH_WITH_ESCAPED_SLASHES_ACTIONS),
            ("headers_with_underscores_action", "HeadersWithUnderscoresAction", HEADERS_WITH_UNDERSCORES_ACTIONS),
        ] {
            if let Some(value) = normalization.set(key)
                && !allowed.contains(&value.text.as_str())
            {
                let with = crate::rules::reader::closest(&value.text, allowed);
                ctx.invalid_fix(
                    value.range,
                    format!(
                        "error in HTTP incoming request normalization configuration: no matching {name} value found for {}, please specify one of [{}]",
                        value.text,
                        allowed.join(", ")
                    ),
                    with,
                );
            }
        }
    }
}
