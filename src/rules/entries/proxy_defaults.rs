//! proxy-defaults: `ProxyConfigEntry.Normalize`/`Validate` (`agent/structs/config_entry.go`). The `Name` rule
//! (only `global`) lives with the schema rules, which also check `MutualTLSMode` and `FailoverPolicy.Mode`.

use super::common;
use crate::model::Obj;
use crate::rules::reader::{Ctx, Read};

/// `validateOpaqueProxyConfig`: the socket directory must leave room for the socket's file name.
const MAX_SOCKET_DIR_LEN: usize = 70;

pub fn check(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    if let Some(logs) = obj.object("access_logs") {
        common::access_logs(ctx, logs);
    }
    if let Some(config) = obj.object("config").map(|c| c.with_style(crate::schema::KeyStyle::Snake))
        && let Some(dir) = config.text("envoy_hcp_metrics_bind_socket_dir")
        && dir.text.len() > MAX_SOCKET_DIR_LEN
    {
        ctx.invalid(
            dir.range,
            format!(
                "Config: envoy_hcp_metrics_bind_socket_dir length {} exceeds max {MAX_SOCKET_DIR_LEN}",
                dir.text.len()
            ),
        );
    }
    common::envoy_extensions(ctx, obj);
}
