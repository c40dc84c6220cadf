//! Document and workspace symbols.
use crate::syntax::TextRange;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Service,
    Gateway,
    Upstream,
    ConfigEntry,
    ExportedService,
    Policy,
    Rule,
    Cluster,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole item.
    pub range: TextRange,
    /// The part to select (its name).
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub file: usize,
    pub symbol: Symbol,
    /// The cluster (or file) it belongs to.
    pub container: Option<String>,
}

pub fn document_symbols(ws: &Workspace, file: usize) -> Vec<Symbol> {
    let _ = (ws, file);
    Vec::new()
}

pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let _ = (ws, query);
    Vec::new()
}
