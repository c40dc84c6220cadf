//! Checks shared by the fuzz targets (`fuzz_targets/`). Every target also relies on the one check libFuzzer
//! makes itself: no panic, no hang, no overflow of the stack.

use std::collections::BTreeMap;
use std::path::PathBuf;

use consul_ls::analysis::Analysis;
use consul_ls::syntax::{Entry, Parse, TextRange, Value, ValueKind};

/// Every range of the tree, its errors and comments lies inside `text`, on character boundaries, and is not
/// reversed: anything that slices the text with them is safe.
pub fn check_ranges(text: &str, parse: &Parse) {
    let check = |range: TextRange, what: &str| {
        assert!(range.start <= range.end, "{what}: reversed range {range:?}");
        assert!(range.end as usize <= text.len(), "{what}: range {range:?} beyond the text ({} bytes)", text.len());
        assert!(
            text.is_char_boundary(range.start as usize) && text.is_char_boundary(range.end as usize),
            "{what}: range {range:?} splits a character"
        );
    };
    fn walk(value: &Value, check: &dyn Fn(TextRange, &str)) {
        check(value.range, "value");
        match &value.kind {
            ValueKind::Object(entries) => {
                for entry in entries {
                    check(entry.key.range, "key");
                    walk(&entry.value, check);
                }
            }
            ValueKind::List(items) => {
                for item in items {
                    walk(item, check);
                }
            }
            _ => {}
        }
    }
    walk(&parse.root, &check);
    for error in &parse.errors {
        check(error.range, "syntax error");
    }
    for comment in &parse.comments {
        check(comment.range, "comment");
    }
}

/// The tree as a `serde_json::Value`, when it maps one to one (no duplicate keys, no invalid values, numbers
/// that are finite).
pub fn to_serde(value: &Value) -> Option<serde_json::Value> {
    Some(match &value.kind {
        ValueKind::Null => serde_json::Value::Null,
        ValueKind::Bool(b) => serde_json::Value::Bool(*b),
        ValueKind::Number(n) => serde_json::Value::Number(serde_json::Number::from_f64(n.value)?),
        ValueKind::String(s) => serde_json::Value::String(s.text.to_string()),
        ValueKind::List(items) => serde_json::Value::Array(items.iter().map(to_serde).collect::<Option<_>>()?),
        ValueKind::Object(entries) => {
            let mut map = serde_json::Map::new();
            for entry in entries {
                if map.insert(entry.key.text.to_string(), to_serde(&entry.value)?).is_some() {
                    return None;
                }
            }
            serde_json::Value::Object(map)
        }
        ValueKind::Invalid => return None,
    })
}

/// Numbers compared as `f64` (serde_json keeps integers exact; the tree keeps `f64`).
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q)),
        (Object(x), Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w))),
        _ => a == b,
    }
}

/// A tree without positions: keys (with how they were written), values, comments. Two parses with the same
/// shape are the same configuration. A one-key block and an assignment of an object are the same (HCL 1 decodes
/// them alike, and the formatter turns one into the other).
pub fn shape(parse: &Parse) -> String {
    fn value(v: &Value, out: &mut String) {
        match &v.kind {
            ValueKind::Object(entries) => {
                out.push('{');
                for e in entries {
                    entry(e, out);
                }
                out.push('}');
            }
            ValueKind::List(items) => {
                out.push('[');
                for item in items {
                    value(item, out);
                    out.push(',');
                }
                out.push(']');
            }
            other => out.push_str(&format!("{other:?}")),
        }
    }
    fn entry(e: &Entry, out: &mut String) {
        let label = e.style == consul_ls::syntax::EntryStyle::Label;
        out.push_str(&format!("{:?}{}", e.key.text, if label { "@" } else { "=" }));
        value(&e.value, out);
        out.push(';');
    }
    let mut out = String::new();
    value(&parse.root, &mut out);
    for comment in &parse.comments {
        out.push_str(&format!("\n#{:?}", comment.text));
    }
    out
}

/// Every finding of every file, positions included: what `check` would report.
pub fn findings(analysis: &Analysis) -> BTreeMap<PathBuf, Vec<String>> {
    let ws = analysis.workspace();
    ws.files
        .iter()
        .map(|(id, file)| {
            let list = analysis
                .diagnostics(id)
                .iter()
                .map(|d| format!("{:?} {:?} {} {}", d.range, d.severity, d.code, d.message))
                .collect();
            (file.path.clone(), list)
        })
        .collect()
}

/// Splits fuzz input into pieces at `0xFF` (a byte that never occurs in UTF-8, so seeds built from text files
/// keep their files whole).
pub fn pieces(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0xFF).collect()
}
