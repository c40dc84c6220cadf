//! Rules: one file per rule family. Each reads the model and workspace and emits [`Diagnostic`]s; [`run`] applies
//! suppression comments and the manifest's `ignore` and returns the findings per file.
pub mod acl;
pub mod codes;
pub mod entries;
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
    /// What a quick fix needs to know; the IDE layer turns it into edits.
    pub fix: Option<FixHint>,
}

impl Diagnostic {
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Self {
        Self { code, severity: code.default_severity(), range, message: message.into(), fix: None }
    }

    pub fn with_fix(mut self, fix: FixHint) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// Data for a quick fix, attached by the rule that knows the context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixHint {
    /// Rename the key at the diagnostic's range.
    RenameKey { to: String },
    /// Replace the string value at the diagnostic's range.
    ReplaceValue { with: String },
    /// Remove the `key = value` entry at `entry` (an upstream's conflicting `datacenter`).
    RemoveEntry { entry: TextRange },
    /// Add `key = "value"` (key given in snake_case) to the object at `object`; one fix per value.
    InsertField { object: TextRange, key: String, values: Vec<String> },
    /// Register a mesh gateway in the cluster (and partition).
    CreateMeshGateway { cluster: usize, partition: String },
    /// Set `Peering { PeerThroughMeshGateways = true }` in the cluster's mesh entry, or create one.
    MeshPeering { cluster: usize },
    /// Create a complete token policy for the mesh gateway.
    CreateGatewayPolicy { cluster: usize, gateway: String },
    /// Add (or raise) a rule in the policy whose object is at `policy` in the diagnostic's file.
    AclRule { policy: TextRange, need: AclNeed },
}

/// A permission a mesh gateway's policy lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AclNeed {
    ServiceRead,
    MeshWrite,
    PeeringRead,
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
    if file.content_error.is_none() {
        entries::check_file(file, &mut out);
    }
    out.extend(secrets::check_file(file));
    out
}

/// Every rule over the whole workspace; results per file, suppressions applied, sorted by position.
pub fn run(ws: &Workspace) -> Vec<Vec<Diagnostic>> {
    run_cancellable(ws, &|| false).unwrap_or_default()
}

/// Like [`run`], but gives up (returning `None`) as soon as `cancelled()` says the result is no longer wanted;
/// checked between files and between clusters.
pub fn run_cancellable(ws: &Workspace, cancelled: &dyn Fn() -> bool) -> Option<Vec<Vec<Diagnostic>>> {
    let mut sink = Sink::new(ws.files.len());
    for (f, file) in ws.files.iter().enumerate() {
        if cancelled() {
            return None;
        }
        for diagnostic in file.local_diagnostics() {
            sink.push(f, diagnostic.clone());
        }
    }
    let index = ws.index();
    for cluster in &index {
        if cancelled() {
            return None;
        }
        peering::check(ws, cluster, &index, &mut sink);
        gateways::check(ws, cluster, &mut sink);
        acl::check(ws, cluster, &mut sink);
    }
    let mut out = sink.files;
    for (f, diagnostics) in out.iter_mut().enumerate() {
        suppress::apply(ws, f, diagnostics);
        diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn example() -> Workspace {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/peering-example");
        let roots = crate::workspace::discover::discover(&[dir]).unwrap();
        Workspace::load(&roots, &mut |_, _| {}).unwrap()
    }

    #[test]
    fn cancellation_stops_the_run() {
        let ws = example();
        assert_eq!(run_cancellable(&ws, &|| true), None);
        // Cancelled part-way: after a few checks.
        let calls = Cell::new(0);
        let later = || {
            calls.set(calls.get() + 1);
            calls.get() > 3
        };
        assert_eq!(run_cancellable(&ws, &later), None);
        assert_eq!(run_cancellable(&ws, &|| false), Some(run(&ws)));
        assert!(run(&ws).iter().map(Vec::len).sum::<usize>() > 3);
    }
}
