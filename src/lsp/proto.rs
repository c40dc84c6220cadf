//! Plain-data IDE results ([`crate::ide`], byte offsets) → protocol types, in the negotiated position encoding.

use std::collections::{HashMap, HashSet};

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, NumberOrString, OneOf, Uri};

use super::convert::{self, Encoding};
use super::snapshot::Snapshot;
use crate::ide::completion::{self, CompletionKind};
use crate::ide::symbols::{Symbol, SymbolKind, WorkspaceSymbol};
use crate::ide::{self, FileChange, Fix};
use crate::rules::{self, Severity};
use crate::syntax::TextRange;

pub const SOURCE: &str = "consul-ls";

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(d: &rules::Diagnostic, rope: &Rope, encoding: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic::new(
        convert::range(rope, d.range, encoding),
        Some(severity(d.severity)),
        Some(NumberOrString::String(d.code.as_str().to_string())),
        Some(SOURCE.to_string()),
        d.message.clone(),
        None,
        None,
    )
}

pub fn hover(hover: &ide::hover::Hover, rope: &Rope, encoding: Encoding, markdown: bool) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: if markdown { lsp::MarkupKind::Markdown } else { lsp::MarkupKind::PlainText },
            value: hover.markdown.clone(),
        }),
        range: Some(convert::range(rope, hover.range, encoding)),
    }
}

pub fn completion_item(
    item: &completion::CompletionItem,
    rope: &Rope,
    encoding: Encoding,
    snippets: bool,
) -> lsp::CompletionItem {
    let kind = match item.kind {
        CompletionKind::Key => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Block => lsp::CompletionItemKind::STRUCT,
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Peer => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Service => lsp::CompletionItemKind::MODULE,
        CompletionKind::Partition => lsp::CompletionItemKind::FOLDER,
    };
    let (new_text, format) = if snippets {
        (item.snippet.clone(), lsp::InsertTextFormat::SNIPPET)
    } else {
        (completion::plain_text(&item.snippet), lsp::InsertTextFormat::PLAIN_TEXT)
    };
    lsp::CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: item.detail.clone(),
        documentation: item.documentation.as_ref().map(|doc| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: doc.clone(),
            })
        }),
        filter_text: item.filter_text.clone(),
        sort_text: Some(item.sort_text.clone()),
        insert_text_format: Some(format),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: convert::range(rope, item.replace, encoding),
            new_text,
        })),
        additional_text_edits: item.comma_before.map(|at| {
            let at = crate::syntax::TextRange::empty(at);
            vec![lsp::TextEdit { range: convert::range(rope, at, encoding), new_text: ",".into() }]
        }),
        ..lsp::CompletionItem::default()
    }
}

fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Service => lsp::SymbolKind::MODULE,
        SymbolKind::Gateway => lsp::SymbolKind::INTERFACE,
        SymbolKind::Upstream => lsp::SymbolKind::FIELD,
        SymbolKind::ConfigEntry => lsp::SymbolKind::OBJECT,
        SymbolKind::ExportedService => lsp::SymbolKind::PROPERTY,
        SymbolKind::Policy => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Rule => lsp::SymbolKind::KEY,
        SymbolKind::Cluster => lsp::SymbolKind::PACKAGE,
        SymbolKind::Peer => lsp::SymbolKind::CONSTANT,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the type, superseded by tags.
pub fn document_symbol(symbol: &Symbol, rope: &Rope, encoding: Encoding) -> lsp::DocumentSymbol {
    let range = convert::range(rope, symbol.range, encoding);
    // The selection must lie inside the range; a selection outside it (never expected) falls back to the range.
    let selection = if symbol.range.start <= symbol.selection.start && symbol.selection.end <= symbol.range.end {
        convert::range(rope, symbol.selection, encoding)
    } else {
        range
    };
    lsp::DocumentSymbol {
        name: if symbol.name.is_empty() { "(unnamed)".to_string() } else { symbol.name.clone() },
        detail: symbol.detail.clone(),
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!symbol.children.is_empty())
            .then(|| symbol.children.iter().map(|c| document_symbol(c, rope, encoding)).collect()),
    }
}

/// Symbols as a flat list with container names, for clients without hierarchical symbol support.
#[allow(deprecated)]
pub fn flatten_symbols(
    symbols: &[Symbol],
    container: Option<&str>,
    uri: &Uri,
    rope: &Rope,
    encoding: Encoding,
    out: &mut Vec<lsp::SymbolInformation>,
) {
    for symbol in symbols {
        out.push(lsp::SymbolInformation {
            name: symbol.name.clone(),
            kind: symbol_kind(symbol.kind),
            tags: None,
            deprecated: None,
            location: lsp::Location::new(uri.clone(), convert::range(rope, symbol.range, encoding)),
            container_name: container.map(str::to_string),
        });
        flatten_symbols(&symbol.children, Some(&symbol.name), uri, rope, encoding, out);
    }
}

#[allow(deprecated)]
pub fn workspace_symbol(item: &WorkspaceSymbol, uri: Uri, rope: &Rope, encoding: Encoding) -> lsp::SymbolInformation {
    lsp::SymbolInformation {
        name: item.symbol.name.clone(),
        kind: symbol_kind(item.symbol.kind),
        tags: None,
        deprecated: None,
        location: lsp::Location::new(uri, convert::range(rope, item.symbol.selection, encoding)),
        container_name: item.container.clone(),
    }
}

/// Quick fixes as code actions. Fixes that create files are offered only to clients that can apply a
/// `CreateFile` operation; each action names the diagnostic it fixes (from the request's context), and the first
/// fix of each diagnostic is the preferred one.
pub fn code_actions(
    fixes: &[Fix],
    context: &[lsp::Diagnostic],
    snapshot: &Snapshot,
    rope: &Rope,
) -> Vec<lsp::CodeActionOrCommand> {
    let can_create = snapshot.client.document_changes && snapshot.client.create_files;
    // When the client names consul-ls diagnostics, only their fixes are offered (the others overlap the range
    // but were not asked about); without any, every fix overlapping the range is.
    let named = context.iter().any(|d| d.source.as_deref() == Some(SOURCE));
    let mut preferred_given: HashSet<(rules::Code, TextRange)> = HashSet::new();
    let mut out = Vec::new();
    for fix in fixes {
        if fix.creates_files() && !can_create {
            continue;
        }
        let Some(edit) = workspace_edit(fix, snapshot) else { continue };
        let range = convert::range(rope, fix.diagnostic_range, snapshot.encoding);
        let matching = context.iter().find(|d| {
            d.range == range && matches!(&d.code, Some(NumberOrString::String(code)) if code == fix.code.as_str())
        });
        if named && matching.is_none() {
            continue;
        }
        let preferred = preferred_given.insert((fix.code, fix.diagnostic_range));
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: fix.title.clone(),
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: matching.map(|d| vec![d.clone()]),
            edit: Some(edit),
            is_preferred: Some(preferred),
            ..lsp::CodeAction::default()
        }));
    }
    out
}

fn text_edits(edits: &[ide::TextEdit], rope: &Rope, encoding: Encoding) -> Vec<lsp::TextEdit> {
    edits
        .iter()
        .map(|e| lsp::TextEdit { range: convert::range(rope, e.range, encoding), new_text: e.new_text.clone() })
        .collect()
}

fn workspace_edit(fix: &Fix, snapshot: &Snapshot) -> Option<lsp::WorkspaceEdit> {
    let encoding = snapshot.encoding;
    if snapshot.client.document_changes {
        let mut operations = Vec::new();
        for change in &fix.changes {
            match change {
                FileChange::Edit { path, edits } => {
                    let file = snapshot.analysis.workspace().file_id(path)?;
                    let rope = snapshot.rope(file);
                    let uri = snapshot.uri(path)?;
                    let version = snapshot.docs.get(path).map(|d| d.version);
                    operations.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                        text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version },
                        edits: text_edits(edits, &rope, encoding).into_iter().map(OneOf::Left).collect(),
                    }));
                }
                FileChange::Create { path, text } => {
                    let uri = Uri::from_file_path(path)?;
                    operations.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
                        uri: uri.clone(),
                        options: None,
                        annotation_id: None,
                    })));
                    operations.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                        text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
                        edits: vec![OneOf::Left(lsp::TextEdit {
                            range: lsp::Range::default(),
                            new_text: text.clone(),
                        })],
                    }));
                }
            }
        }
        return Some(lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(operations)),
            ..lsp::WorkspaceEdit::default()
        });
    }
    let mut changes: HashMap<Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for change in &fix.changes {
        match change {
            FileChange::Edit { path, edits } => {
                let file = snapshot.analysis.workspace().file_id(path)?;
                let rope = snapshot.rope(file);
                changes.entry(snapshot.uri(path)?).or_default().extend(text_edits(edits, &rope, encoding));
            }
            FileChange::Create { .. } => return None,
        }
    }
    Some(lsp::WorkspaceEdit { changes: Some(changes), ..lsp::WorkspaceEdit::default() })
}

// -- editing features ----------------------------------------------------------------------------------------

/// Text edits of one file, in the negotiated encoding.
pub fn edits(edits: &[ide::TextEdit], rope: &Rope, encoding: Encoding) -> Vec<lsp::TextEdit> {
    text_edits(edits, rope, encoding)
}

/// A rename's edits as a workspace edit (with `documentChanges` and the open documents' versions when the client
/// supports them).
pub fn rename_edit(changes: &[FileChange], snapshot: &Snapshot) -> Option<lsp::WorkspaceEdit> {
    let fix = Fix {
        title: String::new(),
        code: rules::Code::Syntax,
        diagnostic_range: TextRange::default(),
        changes: changes.to_vec(),
    };
    workspace_edit(&fix, snapshot)
}

/// The command VS Code understands for "list these references" (`editor.action.showReferences`): arguments are
/// the document, the position the list is anchored at, and the locations. Clients other than VS Code run it
/// through their own command handlers (see docs/lsp.md).
pub const SHOW_REFERENCES: &str = "editor.action.showReferences";

pub fn code_lens(lens: &ide::lenses::CodeLens, snapshot: &Snapshot, rope: &Rope) -> Option<lsp::CodeLens> {
    let path = &snapshot.analysis.workspace().files.get(lens.at.file)?.path;
    let uri = snapshot.uri(path)?;
    let range = convert::range(rope, lens.at.range, snapshot.encoding);
    let locations: Vec<lsp::Location> = lens.references.iter().filter_map(|r| snapshot.location(*r)).collect();
    let command = if locations.is_empty() {
        // Nothing to list: a label only.
        lsp::Command { title: lens.title.clone(), command: String::new(), arguments: None }
    } else {
        lsp::Command {
            title: lens.title.clone(),
            command: SHOW_REFERENCES.to_string(),
            arguments: Some(vec![
                serde_json::to_value(uri).ok()?,
                serde_json::to_value(range.start).ok()?,
                serde_json::to_value(locations).ok()?,
            ]),
        }
    };
    Some(lsp::CodeLens { range, command: Some(command), data: None })
}

pub fn inlay_hint(hint: &ide::inlay_hints::InlayHint, rope: &Rope, encoding: Encoding) -> lsp::InlayHint {
    lsp::InlayHint {
        position: convert::position(rope, hint.offset, encoding),
        label: lsp::InlayHintLabel::String(hint.label.clone()),
        kind: None,
        text_edits: None,
        tooltip: Some(lsp::InlayHintTooltip::String(hint.tooltip.clone())),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// The semantic token types and modifiers, in legend order (indexes are what tokens carry).
pub fn semantic_tokens_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: vec![
            lsp::SemanticTokenType::PROPERTY,
            lsp::SemanticTokenType::TYPE,
            lsp::SemanticTokenType::INTERFACE,
            lsp::SemanticTokenType::NAMESPACE,
        ],
        token_modifiers: vec![
            lsp::SemanticTokenModifier::DEPRECATED,
            lsp::SemanticTokenModifier::DECLARATION,
            lsp::SemanticTokenModifier::new("unknown"),
        ],
    }
}

/// Tokens as the protocol's relative encoding (line and start deltas, lengths in the negotiated encoding).
pub fn semantic_tokens(
    tokens: &[ide::semantic_tokens::Token],
    rope: &Rope,
    encoding: Encoding,
) -> Vec<lsp::SemanticToken> {
    use ide::semantic_tokens::TokenKind;
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut start) = (0u32, 0u32);
    for token in tokens {
        let from = convert::position(rope, token.range.start, encoding);
        let to = convert::position(rope, token.range.end, encoding);
        if from.line != to.line || to.character <= from.character {
            continue;
        }
        let (token_type, unknown) = match token.kind {
            TokenKind::Key => (0, false),
            TokenKind::UnknownKey => (0, true),
            TokenKind::Service => (1, false),
            TokenKind::Peer => (2, false),
            TokenKind::Partition => (3, false),
        };
        let modifiers = u32::from(token.deprecated) | (u32::from(token.declaration) << 1) | (u32::from(unknown) << 2);
        let delta_line = from.line - line;
        let delta_start = if delta_line == 0 { from.character - start } else { from.character };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: to.character - from.character,
            token_type,
            token_modifiers_bitset: modifiers,
        });
        (line, start) = (from.line, from.character);
    }
    out
}

pub fn folding_range(fold: &ide::structure::Fold, rope: &Rope, encoding: Encoding) -> lsp::FoldingRange {
    lsp::FoldingRange {
        start_line: convert::position(rope, fold.start, encoding).line,
        start_character: None,
        end_line: convert::position(rope, fold.end, encoding).line,
        end_character: None,
        kind: Some(match fold.kind {
            ide::structure::FoldKind::Region => lsp::FoldingRangeKind::Region,
            ide::structure::FoldKind::Comment => lsp::FoldingRangeKind::Comment,
        }),
        collapsed_text: None,
    }
}

/// Nested selection ranges from innermost to outermost, as the protocol's parent chain.
pub fn selection_range(ranges: &[TextRange], rope: &Rope, encoding: Encoding) -> Option<lsp::SelectionRange> {
    let mut out: Option<lsp::SelectionRange> = None;
    for range in ranges.iter().rev() {
        out = Some(lsp::SelectionRange { range: convert::range(rope, *range, encoding), parent: out.map(Box::new) });
    }
    out
}

pub fn document_link(link: &ide::links::DocumentLink, rope: &Rope, encoding: Encoding) -> Option<lsp::DocumentLink> {
    Some(lsp::DocumentLink {
        range: convert::range(rope, link.range, encoding),
        target: Some(Uri::from_file_path(&link.target)?),
        tooltip: Some(link.target.display().to_string()),
        data: None,
    })
}

/// A finding's related locations (other files' ranges converted on their own texts; `ropes` caches them for
/// one publication).
pub fn related_information(
    d: &rules::Diagnostic,
    snapshot: &Snapshot,
    ropes: &mut HashMap<crate::workspace::FileId, Rope>,
) -> Option<Vec<lsp::DiagnosticRelatedInformation>> {
    if d.related.is_empty() {
        return None;
    }
    let ws = snapshot.analysis.workspace();
    let mut out = Vec::new();
    for related in &d.related {
        let Some(source) = ws.files.get(related.file) else { continue };
        let Some(uri) = snapshot.uri(&source.path) else { continue };
        let rope = ropes.entry(related.file).or_insert_with(|| snapshot.rope(related.file));
        out.push(lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri, convert::range(rope, related.range, snapshot.encoding)),
            message: related.message.clone(),
        });
    }
    (!out.is_empty()).then_some(out)
}
