//! Agent configuration and service definition validation ported from Consul (`invalid-value`,
//! `missing-required`): the configuration builder's refusals (`builder`), service definitions in agent
//! configuration and in the body of `PUT /v1/agent/service/register` (`service`), and health checks (`check`).
//! `docs/consul-checks.md` lists every check Consul makes and where consul-ls makes it.

mod api_json;
mod builder;
mod check;
mod service;

use super::Diagnostic;
use super::reader::{Ctx, Read, quote};
use crate::model::{FileKind, Obj};
use crate::schema::KeyStyle;
use crate::workspace::SourceFile;

pub fn check_file(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let mut ctx = Ctx::new(file, out);
    match file.kind() {
        FileKind::AgentConfig => {
            let Some(root) = Obj::new(&file.parse.root, KeyStyle::Snake) else { return };
            builder::check(&mut ctx, root);
            for key in ["service", "services"] {
                for svc in root.objects(key) {
                    service::check(&mut ctx, svc, service::Origin::AgentConfig);
                }
            }
            for key in ["check", "checks"] {
                for c in root.objects(key) {
                    let name = c.text("name").map(|n| n.text).unwrap_or_default();
                    let prefix = format!("check {}: ", quote(&name));
                    ctx.nested(&prefix, |ctx| check::check_type(ctx, c));
                }
            }
        }
        FileKind::ServiceRegistration => {
            if let Some(root) = Obj::new(&file.parse.root, KeyStyle::Pascal) {
                service::check(&mut ctx, root, service::Origin::Api);
            }
            if file.source_kind() == crate::syntax::SourceKind::Json {
                api_json::check(&file.parse.root, ctx.out);
            }
        }
        _ => {}
    }
}
