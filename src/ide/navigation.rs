//! Go to definition and find references across upstreams, registrations, exports, manifest peers, gateways and
//! policies.
use super::FileRange;
use crate::workspace::Workspace;

pub fn definition(ws: &Workspace, file: usize, offset: u32) -> Vec<FileRange> {
    let _ = (ws, file, offset);
    Vec::new()
}

pub fn references(ws: &Workspace, file: usize, offset: u32, include_declaration: bool) -> Vec<FileRange> {
    let _ = (ws, file, offset, include_declaration);
    Vec::new()
}
