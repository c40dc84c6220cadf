//! Request handlers of the editing features: formatting, rename, code lenses, inlay hints, semantic tokens,
//! folding and selection ranges, document links. Like [`super::requests`], each answers from a [`Snapshot`] that
//! holds the document at its current version; nothing is rebuilt per request.

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::proto;
use super::snapshot::Snapshot;
use crate::ide;

/// An error the client shows to the user (LSP 3.17 `RequestFailed`: a valid request the server cannot honour).
fn request_failed(message: impl Into<String>) -> jsonrpc::Error {
    jsonrpc::Error { code: jsonrpc::ErrorCode::ServerError(-32803), message: message.into().into(), data: None }
}

pub fn formatting(snapshot: &Snapshot, params: &DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let edits = match ide::formatting::format_document(&snapshot.analysis, file) {
        Ok(edits) => edits,
        Err(reason) => {
            tracing::debug!("not formatting {}: {reason}", params.text_document.uri.as_str());
            return None;
        }
    };
    Some(proto::edits(&edits, &snapshot.rope(file), snapshot.encoding))
}

pub fn range_formatting(snapshot: &Snapshot, params: &DocumentRangeFormattingParams) -> Option<Vec<TextEdit>> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let rope = snapshot.rope(file);
    let range = convert::text_range(&rope, params.range, snapshot.encoding);
    let edits = match ide::formatting::format_range(&snapshot.analysis, file, range) {
        Ok(edits) => edits,
        Err(reason) => {
            tracing::debug!("not formatting {}: {reason}", params.text_document.uri.as_str());
            return None;
        }
    };
    Some(proto::edits(&edits, &rope, snapshot.encoding))
}

pub fn prepare_rename(
    snapshot: &Snapshot,
    params: &TextDocumentPositionParams,
) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
    let Some((file, offset, rope)) = snapshot.offset(&params.text_document.uri, params.position) else {
        return Ok(None);
    };
    match ide::rename::prepare_rename(&snapshot.analysis, file, offset) {
        Ok(target) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: convert::range(&rope, target.range, snapshot.encoding),
            placeholder: target.name,
        })),
        Err(error) => Err(request_failed(error.0)),
    }
}

pub fn rename(snapshot: &Snapshot, params: &RenameParams) -> jsonrpc::Result<Option<WorkspaceEdit>> {
    let at = &params.text_document_position;
    let Some((file, offset, _)) = snapshot.offset(&at.text_document.uri, at.position) else { return Ok(None) };
    match ide::rename::rename(&snapshot.analysis, file, offset, &params.new_name) {
        Ok(changes) => Ok(proto::rename_edit(&changes, snapshot)),
        Err(error) => Err(request_failed(error.0)),
    }
}

pub fn code_lens(snapshot: &Snapshot, params: &CodeLensParams) -> Option<Vec<CodeLens>> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let rope = snapshot.rope(file);
    let lenses = ide::lenses::code_lenses(&snapshot.analysis, file);
    Some(lenses.iter().filter_map(|lens| proto::code_lens(lens, snapshot, &rope)).collect())
}

pub fn inlay_hint(snapshot: &Snapshot, params: &InlayHintParams) -> Option<Vec<InlayHint>> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let rope = snapshot.rope(file);
    let range = convert::text_range(&rope, params.range, snapshot.encoding);
    let hints = ide::inlay_hints::inlay_hints(&snapshot.analysis, file, range);
    Some(hints.iter().map(|hint| proto::inlay_hint(hint, &rope, snapshot.encoding)).collect())
}

pub fn semantic_tokens_full(snapshot: &Snapshot, params: &SemanticTokensParams) -> Option<SemanticTokensResult> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let tokens = ide::semantic_tokens::semantic_tokens(&snapshot.analysis, file, None);
    let data = proto::semantic_tokens(&tokens, &snapshot.rope(file), snapshot.encoding);
    Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
}

pub fn semantic_tokens_range(
    snapshot: &Snapshot,
    params: &SemanticTokensRangeParams,
) -> Option<SemanticTokensRangeResult> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let rope = snapshot.rope(file);
    let range = convert::text_range(&rope, params.range, snapshot.encoding);
    let tokens = ide::semantic_tokens::semantic_tokens(&snapshot.analysis, file, Some(range));
    let data = proto::semantic_tokens(&tokens, &rope, snapshot.encoding);
    Some(SemanticTokensRangeResult::Tokens(SemanticTokens { result_id: None, data }))
}

pub fn folding_range(snapshot: &Snapshot, params: &FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let rope = snapshot.rope(file);
    let folds = ide::structure::folding_ranges(&snapshot.analysis, file);
    Some(folds.iter().map(|fold| proto::folding_range(fold, &rope, snapshot.encoding)).collect())
}

pub fn selection_range(snapshot: &Snapshot, params: &SelectionRangeParams) -> Option<Vec<SelectionRange>> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let rope = snapshot.rope(file);
    let offsets: Vec<u32> = params.positions.iter().map(|p| convert::offset(&rope, *p, snapshot.encoding)).collect();
    let chains = ide::structure::selection_ranges(&snapshot.analysis, file, &offsets);
    chains.iter().map(|chain| proto::selection_range(chain, &rope, snapshot.encoding)).collect()
}

pub fn document_link(snapshot: &Snapshot, params: &DocumentLinkParams) -> Option<Vec<DocumentLink>> {
    let file = snapshot.file_of(&params.text_document.uri)?;
    let rope = snapshot.rope(file);
    let links = ide::links::document_links(&snapshot.analysis, file);
    Some(links.iter().filter_map(|link| proto::document_link(link, &rope, snapshot.encoding)).collect())
}
