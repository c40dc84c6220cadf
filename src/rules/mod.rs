//! Rules: one file per rule family. Each reads the model and workspace and emits [`Diagnostic`]s.
pub mod codes;

pub use codes::{Code, Severity};

use crate::syntax::TextRange;

/// One finding in one file. Positions are byte ranges; conversion to lines/columns happens at the edges.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Self {
        Self { code, severity: code.default_severity(), range, message: message.into() }
    }
}
