//! `docs/consul-checks.md` lists every check Consul makes and how consul-ls makes it. This test keeps it honest:
//! a row that names a fixture must be visible in that fixture's `expected.snap` (a line holding the row's Match
//! parts, in order); a row that is not covered must say why; the summary must count the rows.

use std::path::Path;

struct Row {
    line: usize,
    coverage: String,
    fixture: String,
    matches: Vec<String>,
}

fn unquote(cell: &str) -> String {
    cell.trim().trim_matches('`').replace("\\|", "|")
}

/// Splits a table row on unescaped `|`.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = line.trim().trim_start_matches('|').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push_str("\\|");
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out
}

fn rows(doc: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for (i, line) in doc.lines().enumerate() {
        if line.starts_with("| Function | Consul's message |") {
            in_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        if !in_table || line.starts_with("| ---") {
            continue;
        }
        let cells = cells(line);
        assert_eq!(cells.len(), 5, "docs/consul-checks.md:{}: expected 5 cells: {line}", i + 1);
        rows.push(Row {
            line: i + 1,
            coverage: cells[2].trim().to_string(),
            fixture: cells[3].trim().to_string(),
            matches: unquote(&cells[4]).split(" … ").map(str::to_string).filter(|s| !s.is_empty()).collect(),
        });
    }
    rows
}

fn summary(doc: &str, label: &str) -> usize {
    let prefix = format!("| {label} | ");
    let line = doc.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no summary row {label:?}"));
    line[prefix.len()..].trim_end_matches(" |").trim().parse().unwrap()
}

#[test]
fn every_covered_check_fires_in_its_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/consul-checks.md")).unwrap();
    let rows = rows(&doc);
    assert!(rows.len() > 400, "only {} rows", rows.len());
    let mut failures = Vec::new();
    let (mut covered, mut not_covered) = (0, 0);
    for row in &rows {
        if let Some(reason) = row.coverage.strip_prefix("not covered:") {
            not_covered += 1;
            assert!(!reason.trim().is_empty(), "docs/consul-checks.md:{}: no reason", row.line);
            assert_eq!(row.fixture, "–", "docs/consul-checks.md:{}", row.line);
            continue;
        }
        covered += 1;
        assert!(row.coverage.starts_with('`'), "docs/consul-checks.md:{}: no code: {}", row.line, row.coverage);
        let snap = root.join("fixtures").join(&row.fixture).join("expected.snap");
        let Ok(text) = std::fs::read_to_string(&snap) else {
            failures.push(format!("docs/consul-checks.md:{}: no fixture {}", row.line, row.fixture));
            continue;
        };
        let found = text.lines().any(|line| {
            let mut at = 0;
            row.matches.iter().all(|part| match line[at..].find(part.as_str()) {
                Some(i) => {
                    at += i + part.len();
                    true
                }
                None => false,
            })
        });
        if !found {
            failures.push(format!(
                "docs/consul-checks.md:{}: fixtures/{}/expected.snap has no line with {:?}",
                row.line, row.fixture, row.matches
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(summary(&doc, "covered"), covered, "summary: covered");
    assert_eq!(summary(&doc, "not covered"), not_covered, "summary: not covered");
}
