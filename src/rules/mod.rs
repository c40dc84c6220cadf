//! Rules: one file per rule family. Each reads the model (per-file rules) or asks the workspace's topology
//! (cross-file rules) and emits [`Diagnostic`]s. Three granularities, which the analysis layer caches and
//! re-runs separately: [`file_diagnostics`] (one file alone), [`file_cross_diagnostics`] (one file's items
//! against the rest of the workspace) and [`cluster_diagnostics`] (a cluster as a whole). [`finish`] applies
//! suppression comments and the manifest's `ignore`.
pub mod acl;
pub mod agent;
pub mod codes;
pub mod entries;
pub mod gateways;
pub mod k8s;
pub mod manifest;
pub mod peering;
pub mod reader;
pub mod schema;
pub mod secrets;
pub mod suppress;

pub use codes::{Code, Severity};

use crate::syntax::TextRange;
use crate::workspace::{ClusterId, FileId, SourceFile, Topology, Workspace};

/// One finding in one file. Positions are byte ranges; conversion to lines/columns happens at the edges.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    /// What a quick fix needs to know; the IDE layer turns it into edits.
    pub fix: Option<FixHint>,
    /// The places elsewhere that make this a finding (the peer's exported-services entry, the gateway a policy
    /// is for, ...), from the topology. The language server shows them as `relatedInformation`; `check`'s output
    /// leaves them out.
    pub related: Vec<Related>,
}

/// A place a finding depends on, with a line saying what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: FileId,
    pub range: TextRange,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Self {
        Self { code, severity: code.default_severity(), range, message: message.into(), fix: None, related: Vec::new() }
    }

    pub fn with_fix(mut self, fix: FixHint) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, related: impl IntoIterator<Item = Related>) -> Self {
        self.related.extend(related);
        self
    }
}

impl Related {
    pub fn new(file: FileId, range: TextRange, message: impl Into<String>) -> Related {
        Related { file, range, message: message.into() }
    }
}

/// Data for a quick fix, attached by the rule that knows the context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixHint {
    /// Rename the key at the diagnostic's range.
    RenameKey { to: String },
    /// Replace the string value at the diagnostic's range.
    ReplaceValue { with: String },
    /// Replace the string value at the diagnostic's range with one of these (one fix each): an unknown peer
    /// name → the names that work.
    ReplaceValueOneOf { values: Vec<String> },
    /// Replace the value at the diagnostic's range with this literal text, as is (a quoted port `"8500"` →
    /// `8500`; YAML: `"true"` → `true`, `true` → `"true"` for an annotation).
    ReplaceLiteral { with: String },
    /// Remove the `key = value` entry at `entry` (an upstream's conflicting `datacenter`).
    RemoveEntry { entry: TextRange },
    /// Add `key = "value"` (key given in snake_case) to the object at `object`; one fix per value.
    InsertField { object: TextRange, key: String, values: Vec<String> },
    /// Add `key = literal` (key in snake_case, the literal written as is: `8443`, `"deny"`) to the object at
    /// `object`: a missing required field with a placeholder the user refines.
    InsertLiteral { object: TextRange, key: String, literal: String },
    /// Register a mesh gateway in the cluster (and partition).
    CreateMeshGateway { cluster: ClusterId, partition: String },
    /// Set `Peering { PeerThroughMeshGateways = true }` in the cluster's mesh entry, or create one.
    MeshPeering { cluster: ClusterId },
    /// Create a complete token policy for the mesh gateway.
    CreateGatewayPolicy { cluster: ClusterId, gateway: String },
    /// Add (or raise) a rule in the policy whose object is at `policy` in the diagnostic's file.
    AclRule { policy: TextRange, need: AclNeed },
    /// Export `service` (from `namespace`, default when `None`) from cluster `exporter` to the peers the exporter
    /// knows the importing cluster by (one fix each): in its exported-services entry, or in a new one.
    ExportService { exporter: ClusterId, service: String, namespace: Option<String>, peers: Vec<String> },
}

/// A permission a mesh gateway's policy lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AclNeed {
    ServiceRead,
    MeshWrite,
    PeeringRead,
}

/// The rules that need only one file: syntax, schema, Consul's own value checks, secrets.
pub fn file_diagnostics(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = schema::check_file(file);
    if file.content_error.is_none() {
        entries::check_file(file, &mut out);
        agent::check_file(file, &mut out);
    }
    out.extend(secrets::check_file(file));
    out
}

/// The cross-file rules about one file's own items (its upstreams and exported-services consumers), seen from
/// one of its clusters.
pub fn file_cross_diagnostics(topology: Topology<'_>, file: FileId, cluster: ClusterId) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    peering::check_file(topology, file, cluster, &mut out);
    out
}

/// The rules about a cluster as a whole (gateways, gateway modes, the mesh entry, ACLs), with the file each
/// finding sits in.
pub fn cluster_diagnostics(topology: Topology<'_>, cluster: ClusterId) -> Vec<(FileId, Diagnostic)> {
    let mut out = Vec::new();
    gateways::check(topology, cluster, &mut out);
    acl::check(topology, cluster, &mut out);
    manifest::check(topology, cluster, &mut out);
    out
}

/// A file's findings as reported: suppressions applied, sorted by position, each finding once (a file in two
/// clusters gets the same finding from both).
pub fn finish(ws: &Workspace, file: FileId, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    suppress::apply(ws, file, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    // Equal findings are adjacent only within a run of the same position and code: dedup inside each run.
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut run_start = 0;
    for d in diagnostics {
        if out.last().is_some_and(|l| (l.range, l.code) != (d.range, d.code)) {
            run_start = out.len();
        }
        if !out[run_start..].contains(&d) {
            out.push(d);
        }
    }
    out
}
