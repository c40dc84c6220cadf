//! `token-in-config`: an ACL token secret written in plain text in a config file (`acl.tokens.*`, legacy
//! `acl_*_token` keys, a service's `token`). Fact: tokens are secrets; Consul can load them from
//! `consul acl set-agent-token` or a file readable only by the agent (consul-reference.md §6). The message never
//! repeats the secret.

use super::{Code, Diagnostic};
use crate::workspace::SourceFile;

pub fn check_file(file: &SourceFile) -> Vec<Diagnostic> {
    if !file.kind().is_consul() {
        return Vec::new();
    }
    file.model
        .tokens
        .iter()
        .map(|token| {
            let length = file.text.get(token.range.as_usize()).map_or(0, |raw| raw.trim_matches('"').chars().count());
            Diagnostic::new(
                Code::TokenInConfig,
                token.range,
                format!(
                    "ACL token secret in plain text at {} ({length} characters, not shown); load it from a file or set it with `consul acl set-agent-token` instead",
                    token.path
                ),
            )
        })
        .collect()
}
