//! Rules: one file per rule family. Each reads the model and workspace and emits [`Diagnostic`]s; [`run`] applies
//! suppression comments and the manifest's `ignore` and returns the findings per file.
pub mod acl;
pub mod codes;
pub mod gateways;
pub mod peering;
pub mod schema;
pub mod secrets;
pub mod suppress;

pub use codes::{Code, Severity};

use crate::syntax::TextRange;
use crate::workspace::Workspace;

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

/// Findings collected per file index.
pub struct Sink {
    pub files: Vec<Vec<Diagnostic>>,
}

impl Sink {
    pub fn new(n_files: usize) -> Sink {
        Sink { files: vec![Vec::new(); n_files] }
    }
    pub fn push(&mut self, file: usize, diagnostic: Diagnostic) {
        if let Some(list) = self.files.get_mut(file)
            && !list.contains(&diagnostic)
        {
            list.push(diagnostic);
        }
    }
}

/// The rules that need only one file: syntax, schema, secrets.
pub fn file_diagnostics(file: &crate::workspace::SourceFile) -> Vec<Diagnostic> {
    let mut out = schema::check_file(file);
    out.extend(secrets::check_file(file));
    out
}

/// Every rule over the whole workspace; results per file, suppressions applied, sorted by position.
pub fn run(ws: &Workspace) -> Vec<Vec<Diagnostic>> {
    let mut sink = Sink::new(ws.files.len());
    for (f, file) in ws.files.iter().enumerate() {
        for diagnostic in file.local_diagnostics() {
            sink.push(f, diagnostic.clone());
        }
    }
    let index = ws.index();
    for cluster in &index {
        peering::check(ws, cluster, &index, &mut sink);
        gateways::check(ws, cluster, &mut sink);
        acl::check(ws, cluster, &mut sink);
    }
    let mut out = sink.files;
    for (f, diagnostics) in out.iter_mut().enumerate() {
        suppress::apply(ws, f, diagnostics);
        diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    }
    out
}
