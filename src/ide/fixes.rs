//! Quick fixes for diagnostics, as plain-data edits (see the module docs of [`crate::ide`]).

use super::Fix;
use crate::syntax::TextRange;
use crate::workspace::Workspace;

/// Every fix for the diagnostics of file `file` whose range intersects `range`.
pub fn fixes(ws: &Workspace, file: usize, range: TextRange) -> Vec<Fix> {
    let _ = (ws, file, range);
    Vec::new()
}
