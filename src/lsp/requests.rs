//! Request handlers. Each one answers from a [`Snapshot`] that already holds the requested document at its
//! current version (waiting, briefly, for the worker to analyse the latest edit); nothing is rebuilt per request.

use std::collections::BTreeMap;

use ropey::Rope;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::proto;
use super::snapshot::Snapshot;
use crate::ide;
use crate::workspace::FileId;

pub fn hover(snapshot: &Snapshot, params: &HoverParams) -> Option<Hover> {
    let at = &params.text_document_position_params;
    let (file, offset, rope) = snapshot.offset(&at.text_document.uri, at.position)?;
    let hover = ide::hover::hover(&snapshot.analysis, file, offset)?;
    Some(proto::hover(&hover, &rope, snapshot.encoding, snapshot.client.markdown))
}

pub fn completion(snapshot: &Snapshot, params: &CompletionParams) -> Option<CompletionResponse> {
    let at = &params.text_document_position;
    let (file, offset, rope) = snapshot.offset(&at.text_document.uri, at.position)?;
    let items = ide::completion::completions(&snapshot.analysis, file, offset);
    if items.is_empty() {
        return None;
    }
    let items = items
        .iter()
        .map(|item| proto::completion_item(item, &rope, snapshot.encoding, snapshot.client.snippets))
        .collect();
    Some(CompletionResponse::Array(items))
}

pub fn definition(snapshot: &Snapshot, params: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let at = &params.text_document_position_params;
    let (file, offset, _) = snapshot.offset(&at.text_document.uri, at.position)?;
    let locations: Vec<Location> = ide::navigation::definition(&snapshot.analysis, file, offset)
        .into_iter()
        .filter_map(|target| snapshot.location(target))
        .collect();
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

pub fn references(snapshot: &Snapshot, params: &ReferenceParams) -> Option<Vec<Location>> {
    let at = &params.text_document_position;
    let (file, offset, _) = snapshot.offset(&at.text_document.uri, at.position)?;
    let include_declaration = params.context.include_declaration;
    let locations: Vec<Location> = ide::navigation::references(&snapshot.analysis, file, offset, include_declaration)
        .into_iter()
        .filter_map(|target| snapshot.location(target))
        .collect();
    (!locations.is_empty()).then_some(locations)
}

pub fn document_symbol(snapshot: &Snapshot, params: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let symbols = ide::symbols::document_symbols(&snapshot.analysis, file);
    let rope = snapshot.rope(file);
    if snapshot.client.hierarchical_symbols {
        let nested = symbols.iter().map(|s| proto::document_symbol(s, &rope, snapshot.encoding)).collect();
        Some(DocumentSymbolResponse::Nested(nested))
    } else {
        let uri = params.text_document.uri.clone();
        let mut flat = Vec::new();
        proto::flatten_symbols(&symbols, None, &uri, &rope, snapshot.encoding, &mut flat);
        Some(DocumentSymbolResponse::Flat(flat))
    }
}

pub fn workspace_symbol(snapshot: &Snapshot, params: &WorkspaceSymbolParams) -> WorkspaceSymbolResponse {
    let found = ide::symbols::workspace_symbols(&snapshot.analysis, &params.query);
    let ws = snapshot.analysis.workspace();
    let mut ropes: BTreeMap<FileId, Rope> = BTreeMap::new();
    let mut out = Vec::new();
    for item in &found {
        let rope = ropes.entry(item.file).or_insert_with(|| snapshot.rope(item.file));
        let Some(uri) = snapshot.uri(&ws.file(item.file).path) else { continue };
        out.push(proto::workspace_symbol(item, uri, rope, snapshot.encoding));
    }
    WorkspaceSymbolResponse::Flat(out)
}

pub fn code_action(snapshot: &Snapshot, params: &CodeActionParams) -> jsonrpc::Result<Option<CodeActionResponse>> {
    if let Some(only) = &params.context.only
        && !only.iter().any(|k| k == &CodeActionKind::QUICKFIX || k.as_str() == "")
    {
        return Ok(None);
    }
    let uri = &params.text_document.uri;
    let Some(file) = snapshot.file_of(uri) else { return Ok(None) };
    let rope = snapshot.rope(file);
    let range = convert::text_range(&rope, params.range, snapshot.encoding);
    let fixes = ide::fixes::fixes(&snapshot.analysis, file, range);
    let actions = proto::code_actions(&fixes, &params.context.diagnostics, snapshot, &rope);
    Ok((!actions.is_empty()).then_some(actions))
}
