//! Config entry validation ported from Consul (`invalid-value`, `missing-required`): the `Normalize`/`Validate`
//! methods of `agent/structs/config_entry*.go` (Consul 1.22), one file per kind. `docs/consul-checks.md` lists
//! every check Consul makes and where consul-ls makes it.
//!
//! An entry is checked where it is written: a config entry file (`consul config write`), or an agent
//! configuration's `config_entries { bootstrap = [...] }`, where Consul prefixes its errors with
//! `config_entries.bootstrap[i]: `. Messages are Consul's own; Consul normalises some values before validating
//! them (lower-cased protocols, upper-cased HTTP methods, defaults), and so do these rules.
//!
//! What the schema rules already report (unknown keys, wrong types, values outside a fixed set such as
//! `MutualTLSMode`) is not repeated here.

mod api_gateway;
mod common;
mod exported_services;
mod ingress_gateway;
mod jwt_provider;
mod mesh;
mod proxy_defaults;
mod routes;
mod service_defaults;
mod service_intentions;
mod service_resolver;
mod service_router;
mod service_splitter;
mod terminating_gateway;

use super::Diagnostic;
use super::reader::Ctx;
use crate::model::placement;
use crate::model::{FileKind, Obj};
use crate::schema::KeyStyle;
use crate::workspace::SourceFile;

pub fn check_file(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let mut ctx = Ctx::new(file, out);
    match file.kind() {
        FileKind::ConfigEntry => {
            if let Some(root) = Obj::new(&file.parse.root, KeyStyle::Pascal) {
                entry(&mut ctx, root);
            }
        }
        FileKind::AgentConfig => {
            let Some(root) = Obj::new(&file.parse.root, KeyStyle::Snake) else { return };
            for config_entries in root.objects("config_entries") {
                for (i, bootstrap) in config_entries.objects("bootstrap").enumerate() {
                    let prefix = format!("config_entries.bootstrap[{i}]: ");
                    ctx.nested(&prefix, |ctx| entry(ctx, bootstrap.with_style(KeyStyle::Pascal)));
                }
            }
        }
        _ => {}
    }
}

/// One config entry, dispatched on its exact `Kind`.
fn entry(ctx: &mut Ctx<'_>, obj: Obj<'_>) {
    let Some(kind) = placement::kind_entry(obj.entries).and_then(|e| e.value.as_str()) else { return };
    if crate::schema::entries::entry_block(kind).is_none() {
        return;
    }
    common::meta(ctx, obj);
    match kind {
        "service-defaults" => service_defaults::check(ctx, obj),
        "proxy-defaults" => proxy_defaults::check(ctx, obj),
        "mesh" => mesh::check(ctx, obj),
        "exported-services" => exported_services::check(ctx, obj),
        "service-intentions" => service_intentions::check(ctx, obj),
        "service-resolver" => service_resolver::check(ctx, obj),
        "service-router" => service_router::check(ctx, obj),
        "service-splitter" => service_splitter::check(ctx, obj),
        "ingress-gateway" => ingress_gateway::check(ctx, obj),
        "terminating-gateway" => terminating_gateway::check(ctx, obj),
        "api-gateway" => api_gateway::check(ctx, obj),
        "http-route" => routes::http_route(ctx, obj),
        "tcp-route" => routes::tcp_route(ctx, obj),
        "inline-certificate" => api_gateway::inline_certificate(ctx, obj),
        "jwt-provider" => jwt_provider::check(ctx, obj),
        // file-system-certificate: only Meta is validated. sameness-group and control-plane-request-limit are
        // validated by Consul Enterprise only (Consul CE refuses them outright).
        _ => {}
    }
}
