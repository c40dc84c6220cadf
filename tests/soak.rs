//! Soak: the real server binary driven through thousands of random edits, opens, closes, saves and watched-file
//! events (files changed, created, deleted and renamed on disk) over a generated estate (benches/estate's
//! generator), with requests and cancellations mixed in, in two rounds of the same length: a settling round, then
//! the soak. After each round:
//!
//! 1. the diagnostics the server last published for every file equal a fresh `consul-ls check --format json` of
//!    the final files (ranges compared as byte offsets: LSP positions are UTF-16, `check`'s columns code points;
//!    of a broken file only its syntax errors, as a Consul file that breaks in the editor keeps its kind);
//! 2. the estate is put back as it was generated (every document closed, every file restored) and the same
//!    comparison holds again.
//!
//! Then the server's live heap (the `consul-ls/memory` test hook, bytes held through the counting allocator of
//! `consul_ls::memory`) after the soak is within 10% of what it was after the settling round: anything that grows
//! with the work done fails it, while tables that grew to the peak and kept their capacity do not. The resident
//! set (VmRSS) is printed beside it; it also holds what the allocator keeps for reuse.
//!
//! The short version runs in `cargo test` (a 400-file estate, 2 × 2,500 operations; `CONSUL_LS_SOAK_OPS` for
//! another count). The long one runs for `CONSUL_LS_SOAK_SECS` seconds (half per round) over a 3,000-file estate:
//! `CONSUL_LS_SOAK_SECS=600 cargo test --release --test soak -- --nocapture` (it prints what it did).
//! `CONSUL_LS_SOAK_SEED` picks another random sequence.

#[path = "../benches/estate/generate.rs"]
mod generate;
#[path = "common/lsp_client.rs"]
mod lsp_client;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generate::Rng;
use lsp_client::{Client, file_uri};
use serde_json::{Value, json};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// How long and how big.
struct Plan {
    files: usize,
    clusters: usize,
    big_file_bytes: usize,
    /// Stop after this many operations, or when the time is up.
    operations: usize,
    time: Option<Duration>,
    seed: u64,
}

impl Plan {
    fn from_env() -> Plan {
        let seed = std::env::var("CONSUL_LS_SOAK_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
        match std::env::var("CONSUL_LS_SOAK_SECS").ok().and_then(|s| s.parse::<u64>().ok()) {
            Some(secs) => Plan {
                files: 3000,
                clusters: 6,
                big_file_bytes: 1_000_000,
                operations: usize::MAX,
                // Two rounds (settling, then the soak measured against it) of half the time each.
                time: Some(Duration::from_secs(secs / 2)),
                seed,
            },
            None => {
                let operations = std::env::var("CONSUL_LS_SOAK_OPS").ok().and_then(|s| s.parse().ok()).unwrap_or(2500);
                Plan { files: 400, clusters: 4, big_file_bytes: 60_000, operations, time: None, seed }
            }
        }
    }
}

/// A document open in the "editor".
struct Doc {
    text: String,
    version: i64,
}

/// The editor and the disk, as the test drives them.
struct World {
    root: PathBuf,
    /// What is on disk (relative path → text), kept in step with the files.
    disk: BTreeMap<String, String>,
    /// Open documents by relative path.
    open: BTreeMap<String, Doc>,
    /// String values seen in the estate: what edits write into string literals.
    words: Vec<String>,
    rng: Rng,
    created: usize,
    counts: BTreeMap<&'static str, usize>,
}

/// Text an edit may insert: JSON/HCL punctuation, words, line breaks, and characters outside ASCII (two and three
/// UTF-8 bytes, a surrogate pair in UTF-16).
const INSERTS: &[&str] = &[
    "x",
    "\"",
    "{",
    "}",
    "[",
    "]",
    "=",
    ":",
    ",",
    "\n",
    "  ",
    "# note\n",
    "é",
    "€",
    "😀",
    "true",
    "42",
    "\"a\"",
    "service",
    "name = \"web\"\n",
    "\"Port\": 8080,\n",
    "upstreams",
    "destination_peer",
];

impl World {
    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn uri(&self, rel: &str) -> String {
        file_uri(&self.path(rel))
    }

    fn write(&mut self, rel: &str, text: String) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        self.disk.insert(rel.to_string(), text);
    }

    fn remove(&mut self, rel: &str) {
        let _ = std::fs::remove_file(self.path(rel));
        self.disk.remove(rel);
    }

    fn count(&mut self, what: &'static str) {
        *self.counts.entry(what).or_default() += 1;
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.rng.below(items.len())])
    }

    fn language(rel: &str) -> &'static str {
        if rel.ends_with(".json") { "json" } else { "hcl" }
    }

    /// A new value for a string literal of `text`: another string of the estate (a service, a peer, a cluster)
    /// or the old one changed. Returns the byte range of the literal's content and the new content.
    fn string_edit(&mut self, text: &str) -> Option<(usize, usize, String)> {
        let literals = string_literals(text);
        let &(start, end) = self.pick(&literals)?;
        let replacement = if self.rng.percent(70) {
            let words = std::mem::take(&mut self.words);
            let word = self.pick(&words).cloned().unwrap_or_default();
            self.words = words;
            word
        } else {
            format!("{}-x{}", &text[start..end], self.rng.below(5))
        };
        Some((start, end, replacement))
    }

    /// A random edit of `text`: a string value replaced, or characters inserted or deleted.
    fn random_edit(&mut self, text: &str) -> (usize, usize, String) {
        if self.rng.percent(50)
            && let Some(edit) = self.string_edit(text)
        {
            return edit;
        }
        let at = floor_char(text, self.rng.below(text.len() + 1));
        if self.rng.percent(50) {
            let insert = INSERTS[self.rng.below(INSERTS.len())].to_string();
            (at, at, insert)
        } else {
            let end = ceil_char(text, (at + 1 + self.rng.below(24)).min(text.len()));
            (at, end, String::new())
        }
    }
}

/// Byte ranges of the contents of the escape-free string literals of a text.
fn string_literals(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != b'"' && bytes[j] != b'\n' && bytes[j] != b'\\' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'"' && j > start {
                out.push((start, j));
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Line start offsets; lines end at `\n` (the soak's texts have no `\r`).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// The LSP position (UTF-16) of a byte offset.
fn lsp_position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": before.matches('\n').count(), "character": before[line_start..].encode_utf16().count()})
}

/// The byte offset of an LSP position (UTF-16 code units), clamped to its line.
fn lsp_offset(text: &str, starts: &[usize], position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let Some(&start) = starts.get(line) else { return text.len() };
    let end = starts.get(line + 1).map_or(text.len(), |&next| next - 1);
    let mut units = position["character"].as_u64().unwrap() as usize;
    for (i, c) in text[start..end].char_indices() {
        if units == 0 {
            return start + i;
        }
        units = units.saturating_sub(c.len_utf16());
    }
    end
}

/// The byte offset of a `check` position (1-based line, 1-based column in code points).
fn check_offset(text: &str, starts: &[usize], line: u64, column: u64) -> usize {
    let Some(&start) = starts.get(line as usize - 1) else { return text.len() };
    let column = column as usize - 1;
    text[start..].char_indices().nth(column).map_or(text.len(), |(i, _)| start + i)
}

/// One finding, positions as byte offsets: (start, end, severity, code, message).
type Finding = (usize, usize, String, String, String);

/// What `consul-ls check --format json` reports for the files on disk, by relative path.
fn checked(root: &Path, disk: &BTreeMap<String, String>) -> BTreeMap<String, Vec<Finding>> {
    let output = Command::new(env!("CARGO_BIN_EXE_consul-ls"))
        .args(["check", "--format", "json", "--fail-on", "hint"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "check failed: {output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut out: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    let mut starts = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap().to_string();
        let text = disk.get(&file).unwrap_or_else(|| panic!("check reports {file}, which is not on disk"));
        let starts = starts.entry(file.clone()).or_insert_with(|| line_starts(text));
        let at = |line: &str, column: &str| {
            check_offset(text, starts, d[line].as_u64().unwrap(), d[column].as_u64().unwrap())
        };
        out.entry(file).or_default().push((
            at("line", "column"),
            at("end_line", "end_column"),
            d["severity"].as_str().unwrap().to_string(),
            d["code"].as_str().unwrap().to_string(),
            d["message"].as_str().unwrap().to_string(),
        ));
    }
    for list in out.values_mut() {
        list.sort();
    }
    out
}

/// What the server last published, by relative path (files whose last publication is empty left out).
fn published(client: &Client, world: &World) -> BTreeMap<String, Vec<Finding>> {
    let prefix = format!("{}/", file_uri(&world.root));
    let mut out = BTreeMap::new();
    for (uri, (_, list)) in &client.diagnostics {
        if list.is_empty() {
            continue;
        }
        let rel = uri.strip_prefix(&prefix).unwrap_or_else(|| panic!("published for {uri}, outside the estate"));
        let text = match world.open.get(rel) {
            Some(doc) => &doc.text,
            None => world.disk.get(rel).unwrap_or_else(|| panic!("diagnostics for {rel}, which is gone: {list:#?}")),
        };
        let starts = line_starts(text);
        let mut findings: Vec<Finding> = list
            .iter()
            .map(|d| {
                let severity = match d["severity"].as_u64() {
                    Some(1) => "error",
                    Some(2) => "warning",
                    Some(3) => "information",
                    _ => "hint",
                };
                (
                    lsp_offset(text, &starts, &d["range"]["start"]),
                    lsp_offset(text, &starts, &d["range"]["end"]),
                    severity.to_string(),
                    d["code"].as_str().unwrap_or_default().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        findings.sort();
        out.insert(rel.to_string(), findings);
    }
    out
}

fn assert_published_equals_check(client: &Client, world: &World, when: &str) {
    let (expected, actual) = comparable(
        only_syntax_where_broken(checked(&world.root, &world.disk)),
        only_syntax_where_broken(published(client, world)),
    );
    if expected == actual {
        return;
    }
    let files: BTreeSet<&String> = expected.keys().chain(actual.keys()).collect();
    let mut report = String::new();
    for file in files.into_iter().filter(|f| expected.get(*f) != actual.get(*f)).take(5) {
        report.push_str(&format!(
            "\n{file}:\n  check:     {:?}\n  published: {:?}",
            expected.get(file),
            actual.get(file)
        ));
    }
    panic!("{when}: the published diagnostics differ from `check` of the same files:{report}");
}

/// Of a file with syntax errors, only those: in the editor a Consul file that breaks keeps the kind it had
/// (interface.md), which `check` of the broken text alone cannot know, so the other findings may differ.
/// A broken file that `check` leaves silent (its content alone no longer says Consul) is left out on both sides.
fn only_syntax_where_broken(mut all: BTreeMap<String, Vec<Finding>>) -> BTreeMap<String, Vec<Finding>> {
    for list in all.values_mut() {
        if list.iter().any(|f| f.3 == "syntax") {
            list.retain(|f| f.3 == "syntax");
        }
    }
    all
}

fn comparable(
    mut checked: BTreeMap<String, Vec<Finding>>,
    mut published: BTreeMap<String, Vec<Finding>>,
) -> (BTreeMap<String, Vec<Finding>>, BTreeMap<String, Vec<Finding>>) {
    let silent_in_check: Vec<String> = published
        .iter()
        .filter(|(file, list)| list.iter().any(|f| f.3 == "syntax") && checked.get(*file).is_none_or(|l| l.is_empty()))
        .map(|(file, _)| file.clone())
        .collect();
    for file in silent_in_check {
        checked.remove(&file);
        published.remove(&file);
    }
    (checked, published)
}

/// Sends an edit of an open document as an incremental change (positions in UTF-16).
fn change(client: &Client, world: &mut World, rel: &str, edits: Vec<(usize, usize, String)>) {
    let uri = world.uri(rel);
    let doc = world.open.get_mut(rel).unwrap();
    doc.version += 1;
    let mut changes = Vec::new();
    for (start, end, insert) in edits {
        let range = json!({"start": lsp_position(&doc.text, start), "end": lsp_position(&doc.text, end)});
        doc.text.replace_range(start..end, &insert);
        changes.push(json!({"range": range, "text": insert}));
    }
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": doc.version}, "contentChanges": changes}),
    );
}

fn watched(client: &Client, world: &World, events: &[(&str, u8)]) {
    let changes: Vec<Value> = events.iter().map(|(rel, kind)| json!({"uri": world.uri(rel), "type": kind})).collect();
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": changes}));
}

/// One random operation.
fn operate(client: &mut Client, world: &mut World) {
    let open: Vec<String> = world.open.keys().cloned().collect();
    let closed: Vec<String> = world.disk.keys().filter(|p| !world.open.contains_key(*p)).cloned().collect();
    let roll = world.rng.below(100);
    match roll {
        // Edit an open document: one to three changes in one notification, or back to what is on disk.
        0..=49 if !open.is_empty() => {
            let rel = world.pick(&open).unwrap().clone();
            if world.rng.percent(5) {
                let text = world.disk.get(&rel).cloned().unwrap_or_default();
                let doc = world.open.get_mut(&rel).unwrap();
                doc.version += 1;
                doc.text = text.clone();
                let version = doc.version;
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": world.uri(&rel), "version": version}, "contentChanges": [{"text": text}]}),
                );
                world.count("edit (whole text)");
                return;
            }
            let mut text = world.open[&rel].text.clone();
            let mut edits = Vec::new();
            for _ in 0..1 + world.rng.below(3) {
                let (start, end, insert) = world.random_edit(&text);
                text.replace_range(start..end, &insert);
                edits.push((start, end, insert));
            }
            change(client, world, &rel, edits);
            world.count("edit");
        }
        0..=59 if !closed.is_empty() => {
            let rel = world.pick(&closed).unwrap().clone();
            let text = world.disk[&rel].clone();
            client.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": world.uri(&rel), "languageId": World::language(&rel), "version": 1, "text": text}}),
            );
            world.open.insert(rel, Doc { text, version: 1 });
            world.count("open");
        }
        60..=67 if !open.is_empty() => {
            let rel = world.pick(&open).unwrap().clone();
            client.notify("textDocument/didClose", json!({"textDocument": {"uri": world.uri(&rel)}}));
            world.open.remove(&rel);
            world.count("close");
        }
        68..=75 if !open.is_empty() => {
            // Save: the editor writes the file, tells the server, and the file watcher reports the change too.
            let rel = world.pick(&open).unwrap().clone();
            let text = world.open[&rel].text.clone();
            world.write(&rel, text);
            client.notify("textDocument/didSave", json!({"textDocument": {"uri": world.uri(&rel)}}));
            watched(client, world, &[(rel.as_str(), 2)]);
            world.count("save");
        }
        76..=83 if !closed.is_empty() => {
            // Another tool changes a file on disk.
            let rel = world.pick(&closed).unwrap().clone();
            let mut text = world.disk[&rel].clone();
            let (start, end, insert) = world.random_edit(&text);
            text.replace_range(start..end, &insert);
            world.write(&rel, text);
            watched(client, world, &[(rel.as_str(), 2)]);
            world.count("changed on disk");
        }
        84..=87 if !closed.is_empty() => {
            // A new file: a copy of another one with its strings changed.
            let from = world.pick(&closed).unwrap().clone();
            let mut text = world.disk[&from].clone();
            if let Some((start, end, insert)) = world.string_edit(&text) {
                text.replace_range(start..end, &insert);
            }
            let (dir, ext) = from.rsplit_once('.').map_or((from.as_str(), "hcl"), |(stem, ext)| (stem, ext));
            world.created += 1;
            let rel = format!("{dir}-copy{}.{ext}", world.created);
            world.write(&rel, text);
            watched(client, world, &[(rel.as_str(), 1)]);
            world.count("created");
        }
        88..=90 if closed.len() > 1 => {
            let rel = world.pick(&closed).unwrap().clone();
            if rel == "consul-ls.hcl" {
                return;
            }
            world.remove(&rel);
            watched(client, world, &[(rel.as_str(), 3)]);
            world.count("deleted");
        }
        91..=92 if closed.len() > 1 => {
            let rel = world.pick(&closed).unwrap().clone();
            if rel == "consul-ls.hcl" {
                return;
            }
            let text = world.disk[&rel].clone();
            world.created += 1;
            let renamed = match rel.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}-moved{}.{ext}", world.created),
                None => format!("{rel}-moved{}", world.created),
            };
            world.remove(&rel);
            world.write(&renamed, text);
            watched(client, world, &[(rel.as_str(), 3), (renamed.as_str(), 1)]);
            world.count("renamed");
        }
        93..=99 if !open.is_empty() => {
            // A request on an open document, not waited for; sometimes cancelled right away.
            let rel = world.pick(&open).unwrap().clone();
            let text = &world.open[&rel].text;
            let at = floor_char(text, world.rng.below(text.len() + 1));
            let position = lsp_position(text, at);
            let uri = world.uri(&rel);
            let (method, params) = match world.rng.below(4) {
                0 => ("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": position})),
                1 => ("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": position})),
                2 => ("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}})),
                _ => (
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": {"start": position, "end": position},
                           "context": {"diagnostics": []}}),
                ),
            };
            let id = client.send_request(method, params);
            if world.rng.percent(30) {
                client.notify("$/cancelRequest", json!({"id": id}));
            }
            world.count("request");
        }
        _ => {}
    }
}

/// Every document's text as the server holds it equals the editor's.
fn assert_documents_in_sync(client: &mut Client, world: &World) {
    for (rel, doc) in &world.open {
        let state = client.request("consul-ls/documentState", json!({"uri": world.uri(rel)}));
        assert_eq!(state["version"], doc.version, "{rel}: version");
        assert!(state["text"] == doc.text.as_str(), "{rel}: the server's text differs from the editor's");
    }
}

fn rss(client: &Client) -> u64 {
    lsp_client::rss(client.pid()).expect("/proc/PID/status of the server")
}

/// The bytes live on the server's heap (the `consul-ls/memory` test hook).
fn live(client: &mut Client) -> u64 {
    let answer = client.request("consul-ls/memory", Value::Null);
    answer["live"].as_i64().expect("the live heap (CONSUL_LS_TEST_HOOKS is set)").max(0) as u64
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Runs random operations (at most `count`, and for at most `time`); returns how many ran and the peak RSS.
fn run_operations(
    client: &mut Client,
    world: &mut World,
    count: usize,
    time: Option<Duration>,
    mut peak: u64,
) -> (usize, u64) {
    let started = Instant::now();
    let mut operations = 0;
    while operations < count && time.is_none_or(|t| started.elapsed() < t) {
        operate(client, world);
        operations += 1;
        if operations % 250 == 0 {
            client.settle();
            assert_documents_in_sync(client, world);
            peak = peak.max(rss(client));
            if operations % 5000 == 0 {
                eprintln!(
                    "soak: {operations} operations, {:.0}s, {} open, {} files, RSS {:.1} MB",
                    started.elapsed().as_secs_f64(),
                    world.open.len(),
                    world.disk.len(),
                    mb(rss(client))
                );
            }
        }
    }
    (operations, peak)
}

/// Saves every open document, so the files on disk are what the editor shows; then compares the published
/// diagnostics with `check` of the files.
fn save_and_compare(client: &mut Client, world: &mut World, when: &str) {
    let open: Vec<String> = world.open.keys().cloned().collect();
    for rel in &open {
        let text = world.open[rel].text.clone();
        world.write(rel, text);
        client.notify("textDocument/didSave", json!({"textDocument": {"uri": world.uri(rel)}}));
        watched(client, world, &[(rel.as_str(), 2)]);
    }
    client.settle();
    assert_documents_in_sync(client, world);
    assert_published_equals_check(client, world, when);
}

/// Back to the estate as generated: closes every document, deletes the files created, restores every file (with
/// the watched-file events an editor sends), and checks the findings against `check` again.
fn restore(client: &mut Client, world: &mut World, original: &BTreeMap<String, String>) {
    let open: Vec<String> = world.open.keys().cloned().collect();
    for rel in &open {
        client.notify("textDocument/didClose", json!({"textDocument": {"uri": world.uri(rel)}}));
    }
    world.open.clear();
    let mut events: Vec<(String, u8)> = Vec::new();
    for rel in world.disk.keys().filter(|p| !original.contains_key(*p)).cloned().collect::<Vec<_>>() {
        world.remove(&rel);
        events.push((rel, 3));
    }
    for (rel, text) in original {
        match world.disk.get(rel) {
            Some(now) if now == text => continue,
            Some(_) => events.push((rel.clone(), 2)),
            None => events.push((rel.clone(), 1)),
        }
        world.write(rel, text.clone());
    }
    let events: Vec<(&str, u8)> = events.iter().map(|(rel, kind)| (rel.as_str(), *kind)).collect();
    watched(client, world, &events);
    client.settle();
    assert_published_equals_check(client, world, "after restoring the estate");
}

#[test]
fn soak() {
    let plan = Plan::from_env();
    let root = std::env::temp_dir().join(format!("consul-ls-soak-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let _cleanup = TempDir(root.clone());
    let estate = generate::mixed(plan.files, plan.clusters, plan.seed, plan.big_file_bytes);
    estate.write(&root).unwrap();
    let original: BTreeMap<String, String> = estate.files.iter().cloned().collect();
    let mut words: BTreeSet<String> = BTreeSet::new();
    for text in original.values() {
        for (start, end) in string_literals(text) {
            if (3..=40).contains(&(end - start)) && words.len() < 5000 {
                words.insert(text[start..end].to_string());
            }
        }
    }
    let mut world = World {
        root: root.clone(),
        disk: original.clone(),
        open: BTreeMap::new(),
        words: words.into_iter().collect(),
        rng: Rng::new(plan.seed),
        created: 0,
        counts: BTreeMap::new(),
    };

    let started = Instant::now();
    let mut client = Client::spawn(&[("CONSUL_LS_TEST_HOOKS", "1")], json!({}));
    client.initialize(&[&root], false);
    client.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    client.settle();
    let indexed = rss(&client);
    eprintln!(
        "soak: {} files ({:.1} MB) indexed in {:.1}s; server RSS {:.1} MB",
        original.len(),
        mb(original.values().map(|t| t.len() as u64).sum()),
        started.elapsed().as_secs_f64(),
        mb(indexed)
    );
    assert_published_equals_check(&client, &world, "after indexing");

    // A settling round: the same work, then the estate restored. The allocator, the runtime and the tables reach
    // their working size here (thread pools, arenas, buffers, hash tables at the peak's capacity); the memory
    // baseline is taken after it.
    // As long as the soak itself: tables that grew to the soak's peak keep their capacity (a step, not a leak),
    // while anything that grows with the work done grows again in the second round.
    let (done, _) = run_operations(&mut client, &mut world, plan.operations, plan.time, indexed);
    save_and_compare(&mut client, &mut world, &format!("after {done} settling operations"));
    restore(&mut client, &mut world, &original);
    let settled = rss(&client);
    let settled_live = live(&mut client);

    let soak_started = Instant::now();
    let (operations, peak) = run_operations(&mut client, &mut world, plan.operations, plan.time, settled);
    save_and_compare(&mut client, &mut world, &format!("after {operations} operations"));
    eprintln!(
        "soak: {operations} operations in {:.1}s ({:?}); {} documents open, {} files",
        soak_started.elapsed().as_secs_f64(),
        world.counts,
        world.open.len(),
        world.disk.len()
    );
    // Back to the estate as generated: the findings and the memory return.
    restore(&mut client, &mut world, &original);
    let end = rss(&client);
    let end_live = live(&mut client);
    eprintln!(
        "soak: live heap after indexing and a settling round {:.2} MB, after restoring {:.2} MB ({:+.1}%); RSS after \
         indexing {:.1} MB, after the settling round {:.1} MB, peak during the soak {:.1} MB, after restoring {:.1} MB",
        mb(settled_live),
        mb(end_live),
        (end_live as f64 / settled_live as f64 - 1.0) * 100.0,
        mb(indexed),
        mb(settled),
        mb(peak),
        mb(end),
    );
    // The server's own memory returns: what it holds for the same files is what it held before. (The resident set
    // also holds what the allocator keeps for reuse; it is reported above, and bounded below.)
    assert!(
        end_live as f64 <= settled_live as f64 * 1.10,
        "the server's memory did not return: {:.2} MB live after indexing and a settling round, {:.2} MB after the \
         soak over the same files",
        mb(settled_live),
        mb(end_live)
    );
    assert_eq!(client.stop(), Some(0));
}
