//! The server's settings, read from `initializationOptions`, `workspace/configuration` (section `consul-ls`) and
//! `workspace/didChangeConfiguration`. Unknown keys and bad values are ignored with a warning in the log.
//!
//! ```json
//! { "consul-ls": {
//!     "diagnostics": {
//!       "scope": "workspace",
//!       "severity": { "peering-without-mesh-config": "hint", "token-in-config": "off" } } } }
//! ```

use std::collections::BTreeMap;

use serde_json::Value;

use crate::rules::{Code, Diagnostic, Severity};

/// The configuration section the server asks for.
pub const SECTION: &str = "consul-ls";

/// Which files get diagnostics published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every Consul file of the workspace folders, open or not.
    #[default]
    Workspace,
    /// Only documents open in the editor (the analysis still reads the whole workspace).
    OpenFiles,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub scope: Scope,
    /// Per-code severity; `None` turns the code off.
    pub severity: BTreeMap<Code, Option<Severity>>,
}

impl Settings {
    /// Reads settings from either the `consul-ls` section itself or an object that contains it.
    pub fn from_json(value: &Value) -> Settings {
        let section = value.get(SECTION).unwrap_or(value);
        let mut settings = Settings::default();
        let Some(diagnostics) = section.get("diagnostics") else { return settings };
        match diagnostics.get("scope").and_then(Value::as_str) {
            Some("workspace") | None => {}
            Some("openFiles") => settings.scope = Scope::OpenFiles,
            Some(other) => {
                tracing::warn!("ignoring diagnostics.scope {other:?}: expected \"workspace\" or \"openFiles\"")
            }
        }
        if let Some(map) = diagnostics.get("severity").and_then(Value::as_object) {
            for (code, level) in map {
                let Some(code) = Code::parse(code) else {
                    tracing::warn!("ignoring diagnostics.severity for unknown code {code:?}");
                    continue;
                };
                match level.as_str() {
                    Some("off" | "none") => {
                        settings.severity.insert(code, None);
                    }
                    Some(level) if Severity::parse(level).is_some() => {
                        settings.severity.insert(code, Severity::parse(level));
                    }
                    _ => tracing::warn!(
                        "ignoring diagnostics.severity.{}: expected error, warning, information, hint or off",
                        code.as_str()
                    ),
                }
            }
        }
        settings
    }

    /// Applies severity overrides: drops codes turned off, changes the severity of the others.
    pub fn apply(&self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        diagnostics
            .iter()
            .filter_map(|d| match self.severity.get(&d.code) {
                None => Some(d.clone()),
                Some(None) => None,
                Some(Some(severity)) => Some(Diagnostic { severity: *severity, ..d.clone() }),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TextRange;
    use serde_json::json;

    #[test]
    fn reads_section_or_wrapped_section() {
        let inner = json!({"diagnostics": {"scope": "openFiles", "severity": {"token-in-config": "off", "unknown-field": "error", "nope": "hint"}}});
        for value in [inner.clone(), json!({"consul-ls": inner})] {
            let settings = Settings::from_json(&value);
            assert_eq!(settings.scope, Scope::OpenFiles);
            assert_eq!(settings.severity.get(&Code::TokenInConfig), Some(&None));
            assert_eq!(settings.severity.get(&Code::UnknownField), Some(&Some(Severity::Error)));
            assert_eq!(settings.severity.len(), 2);
        }
        assert_eq!(Settings::from_json(&Value::Null), Settings::default());
        assert_eq!(Settings::from_json(&json!({"diagnostics": {"scope": 3}})).scope, Scope::Workspace);
    }

    #[test]
    fn overrides_apply() {
        let settings =
            Settings::from_json(&json!({"diagnostics": {"severity": {"syntax": "off", "unknown-field": "hint"}}}));
        let diagnostics = vec![
            Diagnostic::new(Code::Syntax, TextRange::empty(0), "x"),
            Diagnostic::new(Code::UnknownField, TextRange::empty(1), "y"),
            Diagnostic::new(Code::InvalidValue, TextRange::empty(2), "z"),
        ];
        let out = settings.apply(&diagnostics);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].severity, Severity::Hint);
        assert_eq!(out[1].severity, Severity::Error);
    }
}
