//! The file's structure for the editor: folding ranges (blocks, objects, lists and comment runs that span lines)
//! and selection ranges (expand the selection from a name to its entry, its object, the enclosing entry, … up
//! to the whole file). Both read the syntax tree only, so they work on any file the server has, broken ones
//! included (the tree is error-tolerant).

use crate::analysis::Analysis;
use crate::syntax::{TextRange, Value, ValueKind};
use crate::workspace::FileId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A block, object or list.
    Region,
    Comment,
}

/// A fold: from the line of `start` to the line of `end` (both inclusive), so the closing bracket stays visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub start: u32,
    pub end: u32,
    pub kind: FoldKind,
}

pub fn folding_ranges(analysis: &Analysis, file: FileId) -> Vec<Fold> {
    let Some(source) = analysis.workspace().files.get(file) else { return Vec::new() };
    let text: &str = &source.text;
    let mut out = Vec::new();
    containers(&source.parse.root, text, true, &mut out);
    // Runs of line comments, and block comments, over several lines.
    let mut run: Option<(u32, u32, usize)> = None;
    for comment in &source.parse.comments {
        let line = line_of(text, comment.range.start);
        let multi_line = text.get(comment.range.as_usize()).is_some_and(|c| c.contains('\n'));
        if multi_line {
            out.push(Fold { start: comment.range.start, end: comment.range.end, kind: FoldKind::Comment });
            continue;
        }
        match &mut run {
            Some((_, end, last_line)) if *last_line + 1 == line => {
                *end = comment.range.end;
                *last_line = line;
            }
            _ => {
                push_comment_run(run.take(), text, &mut out);
                run = Some((comment.range.start, comment.range.end, line));
            }
        }
    }
    push_comment_run(run, text, &mut out);
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    out
}

fn push_comment_run(run: Option<(u32, u32, usize)>, text: &str, out: &mut Vec<Fold>) {
    if let Some((start, end, _)) = run
        && line_of(text, start) < line_of(text, end)
    {
        out.push(Fold { start, end, kind: FoldKind::Comment });
    }
}

fn line_of(text: &str, offset: u32) -> usize {
    text[..(offset as usize).min(text.len())].matches('\n').count()
}

/// Objects and lists spanning lines. The root object of a JSON file folds too; the implicit root of an HCL file
/// (the whole file) does not.
fn containers(value: &Value, text: &str, root: bool, out: &mut Vec<Fold>) {
    let children: Vec<&Value> = match &value.kind {
        ValueKind::Object(entries) => entries.iter().map(|e| &e.value).collect(),
        ValueKind::List(items) => items.iter().collect(),
        _ => return,
    };
    let bracketed = text.get(value.range.start as usize..).is_some_and(|t| t.starts_with(['{', '[']));
    if bracketed || !root {
        let (start, end) = (value.range.start, value.range.end.saturating_sub(1));
        if line_of(text, start) < line_of(text, end) {
            // Up to the line before the closing bracket when it starts its own line.
            let close_line_start = text[..end as usize].rfind('\n').map_or(0, |i| i + 1);
            let alone = text[close_line_start..end as usize].trim().is_empty();
            let end = if alone { close_line_start.saturating_sub(1) as u32 } else { end };
            if line_of(text, start) < line_of(text, end) {
                out.push(Fold { start, end, kind: FoldKind::Region });
            }
        }
    }
    for child in children {
        containers(child, text, false, out);
    }
}

/// For each offset, the ranges around it from the innermost (the word) to the whole file, each containing the
/// previous one.
pub fn selection_ranges(analysis: &Analysis, file: FileId, offsets: &[u32]) -> Vec<Vec<TextRange>> {
    let Some(source) = analysis.workspace().files.get(file) else { return Vec::new() };
    let text: &str = &source.text;
    offsets
        .iter()
        .map(|&offset| {
            let mut chain = vec![TextRange::new(0, text.len() as u32)];
            enclosing(&source.parse.root, offset, &mut chain);
            // Innermost first; for a string, its text without the quotes before the string itself.
            let mut out: Vec<TextRange> = Vec::new();
            for range in chain.into_iter().rev() {
                if let Some(inner) = unquoted(text, range).filter(|i| i.touches(offset) && out.is_empty()) {
                    out.push(inner);
                }
                if out.last().is_none_or(|last| *last != range && last.start >= range.start && last.end <= range.end) {
                    out.push(range);
                }
            }
            out.dedup();
            out
        })
        .collect()
}

/// Outermost first: each entry and value that contains `offset`.
fn enclosing(value: &Value, offset: u32, chain: &mut Vec<TextRange>) {
    if !value.range.touches(offset) {
        return;
    }
    chain.push(value.range);
    match &value.kind {
        ValueKind::Object(entries) => {
            for entry in entries {
                let range = entry.range();
                if !range.touches(offset) {
                    continue;
                }
                chain.push(range);
                if entry.key.range.touches(offset) {
                    chain.push(entry.key.range);
                } else {
                    enclosing(&entry.value, offset, chain);
                }
                return;
            }
        }
        ValueKind::List(items) => {
            if let Some(item) = items.iter().find(|i| i.range.touches(offset)) {
                enclosing(item, offset, chain);
            }
        }
        _ => {}
    }
}

fn unquoted(text: &str, range: TextRange) -> Option<TextRange> {
    let s = text.get(range.as_usize())?;
    (s.len() >= 2 && s.starts_with('"') && s.ends_with('"')).then(|| TextRange::new(range.start + 1, range.end - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing;

    fn folds(fixture: &str) -> String {
        let (analysis, file, _) = testing::analysis(fixture);
        let text = &analysis.workspace().file(file).text;
        folding_ranges(&analysis, file)
            .iter()
            .map(|f| format!("{:?} lines {}-{}", f.kind, line_of(text, f.start) + 1, line_of(text, f.end) + 1))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn selections(fixture: &str) -> String {
        let (analysis, file, offset) = testing::analysis(fixture);
        let text = &analysis.workspace().file(file).text;
        selection_ranges(&analysis, file, &[offset])[0]
            .iter()
            .map(|r| format!("{:?}", &text[r.as_usize()]))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn folds_blocks_lists_and_comments() {
        insta::assert_snapshot!(folds(
            r#"
            # Web service.
            # Registered by the agent.
            service {
              name = "web"
              connect { sidecar_service {} }
              tags = [
                "a",
                "b",
              ]
              meta { team = "x" } /* one
              two */
            }
            "#
        ));
    }

    #[test]
    fn folds_json() {
        insta::assert_snapshot!(folds(
            "//- a.json\n{\n  \"Kind\": \"mesh\",\n  \"Peering\": {\n    \"PeerThroughMeshGateways\": true\n  }\n}\n"
        ));
    }

    #[test]
    fn selection_grows_from_the_name_to_the_file() {
        insta::assert_snapshot!(selections(
            r#"
            service {
              name = "web"
              connect { sidecar_service { proxy { upstreams = [{ destination_name = "d$0b", local_bind_port = 1 }] } } }
            }
            "#
        ));
    }
}
