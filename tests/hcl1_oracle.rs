//! Differential test against HCL 1 itself: Consul's own parser and decoder (hashicorp/hcl v1.0.0, `hcl.Decode` into a
//! `map[string]interface{}`, as Consul's agent config loader and `consul config write` call it), built from Debian's
//! `golang-github-hashicorp-hcl-dev` as the small Go program `tests/oracle/hcl1/main.go`.
//!
//! Inputs: every `.hcl` file of the fixtures, of `tests/data` and (when present) of `../shared/corpus`, hand-written
//! cases, random bodies ([`generator`]), and deterministic corruptions of the files (one or two characters deleted,
//! inserted or replaced, drawn from quotes, braces, brackets, `=`, `,`, newlines, `#`, `\`, letters, digits and a few
//! more). For each input:
//! - accept/reject agrees: consul-ls reports a syntax error exactly when HCL 1 fails to parse or decode it;
//! - on accepted input, the value HCL 1 decodes equals consul-ls's tree decoded with HCL 1's rules ([`Decoder`] is a
//!   port of HCL 1's decoder into `interface{}`: repeated keys, blocks → lists of objects, labels → nested maps,
//!   int vs float, and its errors for mixed repeated keys).
//!
//! Text that starts with `{` is not compared (see [`compare_all`]).
//!
//! And, for issue 9 (no silent broken files), each corruption of a Consul file that HCL 1 rejects gets a `syntax`
//! finding from consul-ls's analysis of that file alone (at most 1% may not: classifying a broken file is a
//! judgement from what is left of it), and no broken corruption of another tool's file (fixtures/mixed-repo) gets
//! any finding.
//!
//! `CONSUL_LS_ORACLE_CASES=200000 cargo test --release --test hcl1_oracle` runs more corruptions (default 3000).
//! Without Go or the hcl package the oracle comparisons are skipped with a message (the rest still runs);
//! `CONSUL_LS_REQUIRE_HCL1_ORACLE=1` (set by `.ci/test` when they are installed) turns the skip into a failure.

mod common;
#[path = "hcl1_oracle/generator.rs"]
mod generator;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use consul_ls::analysis::AnalysisHost;
use consul_ls::rules::Code;
use consul_ls::syntax::{self, Entry, EntryStyle, SourceKind, Value, ValueKind};
use consul_ls::workspace::{Root, SourceFile};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Value as Json, json};

use common::{corpus_or_skip, data_dir, data_files, fixtures_dir, say};

// ---------------------------------------------------------------------------------------------------------------
// The oracle process

/// Builds the oracle once; `Err` says why it cannot run here.
fn oracle_binary() -> Result<&'static Path, String> {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let gopath = std::env::var("CONSUL_LS_HCL1_GOPATH").unwrap_or_else(|_| "/usr/share/gocode".into());
            if Command::new("go").arg("version").output().is_err() {
                return Err("Go is not installed (Debian: apt-get install golang-go)".into());
            }
            if !Path::new(&gopath).join("src/github.com/hashicorp/hcl/hcl.go").is_file() {
                return Err(format!(
                    "hashicorp/hcl v1 is not under {gopath} (Debian: apt-get install golang-github-hashicorp-hcl-dev)"
                ));
            }
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hcl1-oracle");
            std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            let binary = dir.join("hcl1-oracle");
            let output = Command::new("go")
                .args(["build", "-o"])
                .arg(&binary)
                .arg("tests/oracle/hcl1/main.go")
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("GO111MODULE", "off")
                .env("GOPATH", &gopath)
                .env("GOPROXY", "off")
                .env("GOFLAGS", "")
                .env("GOCACHE", dir.join("go-cache"))
                .output()
                .map_err(|e| format!("go build: {e}"))?;
            // Go and the package are there: a failing build is a bug, not a reason to skip.
            assert!(
                output.status.success(),
                "building the HCL 1 oracle failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            Ok(binary)
        })
        .as_ref()
        .map(PathBuf::as_path)
        .map_err(Clone::clone)
}

/// The oracle, or `None` after printing why it is skipped (a failure when `CONSUL_LS_REQUIRE_HCL1_ORACLE` is set).
fn oracle_or_skip(test: &str) -> Option<&'static Path> {
    match oracle_binary() {
        Ok(binary) => Some(binary),
        Err(reason) => {
            assert!(
                std::env::var_os("CONSUL_LS_REQUIRE_HCL1_ORACLE").is_none(),
                "CONSUL_LS_REQUIRE_HCL1_ORACLE is set but the HCL 1 oracle cannot run: {reason}"
            );
            say(&format!("{test}: SKIPPED the comparison with HCL 1: {reason}"));
            None
        }
    }
}

/// What HCL 1 made of one input.
#[derive(Clone, Debug)]
enum Verdict {
    /// Decoded: the tagged value (see main.go).
    Ok(Json),
    ParseError(String),
    DecodeError(String),
}

impl Verdict {
    fn accepted(&self) -> bool {
        matches!(self, Verdict::Ok(_))
    }
}

/// Runs every input through one oracle process.
fn ask_oracle(binary: &Path, inputs: &[String]) -> Vec<Verdict> {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the HCL 1 oracle");
    let mut stdin = child.stdin.take().unwrap();
    let records: Vec<u8> = inputs.iter().flat_map(|text| format!("{}\n{text}", text.len()).into_bytes()).collect();
    // Written from another thread: the oracle answers while it reads, and both pipes have limited buffers.
    let writer = std::thread::spawn(move || stdin.write_all(&records));
    let mut verdicts = Vec::with_capacity(inputs.len());
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.expect("read from the oracle");
        let answer: Json = serde_json::from_str(&line).expect("the oracle answers JSON");
        let verdict = match (answer.get("ok"), answer.get("stage").and_then(Json::as_str)) {
            (Some(value), _) => Verdict::Ok(value.clone()),
            (None, Some("parse")) => Verdict::ParseError(answer["error"].as_str().unwrap_or("").into()),
            (None, _) => Verdict::DecodeError(answer["error"].as_str().unwrap_or("").into()),
        };
        verdicts.push(verdict);
        if verdicts.len() == inputs.len() {
            break;
        }
    }
    writer.join().unwrap().expect("write to the oracle");
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "the oracle exited with {status}");
    assert_eq!(verdicts.len(), inputs.len(), "the oracle answered fewer inputs than it was given");
    verdicts
}

// ---------------------------------------------------------------------------------------------------------------
// HCL 1's decoder into interface{}, ported, applied to consul-ls's tree

/// HCL 1's AST, rebuilt from our tree.
#[derive(Clone, Debug)]
enum Node {
    /// `ast.ObjectList`: items of a body.
    Items(Vec<Item>),
    /// `ast.ObjectType`: `{ items }`.
    Object(Vec<Item>),
    /// `ast.ListType`.
    List(Vec<Node>),
    /// `ast.ObjectItem`, when a slice is decoded from an object list.
    Item(Box<Item>),
    Literal(Literal),
}

#[derive(Clone, Debug)]
struct Item {
    keys: Vec<String>,
    value: Node,
}

#[derive(Clone, Debug)]
enum Literal {
    Bool(bool),
    /// A NUMBER token: its text (HCL 1 converts text, not values).
    Int(String),
    Float(String),
    String(String),
}

fn items(entries: &[Entry], text: &str) -> Vec<Item> {
    entries.iter().map(|entry| item(entry, text)).collect()
}

/// An entry and the labels nested in it: `a "l" { }` is one item with the keys `a`, `l`.
fn item(entry: &Entry, text: &str) -> Item {
    let mut keys = vec![entry.key.text.to_string()];
    let mut value = &entry.value;
    if entry.style == EntryStyle::Block {
        while let ValueKind::Object(inner) = &value.kind
            && let [label] = inner.as_slice()
            && label.style == EntryStyle::Label
        {
            keys.push(label.key.text.to_string());
            value = &label.value;
        }
    }
    Item { keys, value: node(value, text) }
}

fn node(value: &Value, text: &str) -> Node {
    let raw = || text[value.range.as_usize()].to_string();
    match &value.kind {
        ValueKind::Object(entries) => Node::Object(items(entries, text)),
        ValueKind::List(values) => Node::List(values.iter().map(|v| node(v, text)).collect()),
        ValueKind::String(s) => Node::Literal(Literal::String(s.text.to_string())),
        ValueKind::Bool(b) => Node::Literal(Literal::Bool(*b)),
        ValueKind::Number(n) if n.is_integer => Node::Literal(Literal::Int(raw())),
        ValueKind::Number(_) => Node::Literal(Literal::Float(raw())),
        ValueKind::Null | ValueKind::Invalid => panic!("no such value in an accepted HCL tree: {value:?}"),
    }
}

/// A Go value of the decoder's result types.
#[derive(Clone, Debug)]
enum Go {
    Map(BTreeMap<String, Go>),
    /// `[]map[string]interface{}`
    MapList(Vec<BTreeMap<String, Go>>),
    /// `[]interface{}`
    List(Vec<Go>),
    Int(i64),
    Float(f64),
    String(String),
    Bool(bool),
}

/// Where a value is decoded to: an `interface{}` (holding a value or not) or a `map[string]interface{}`.
#[derive(Clone, Debug)]
enum Slot {
    Interface(Option<Go>),
    Map(Option<BTreeMap<String, Go>>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Interface,
    Map,
    Slice,
    Int,
    Float,
    String,
    Bool,
}

struct Decoder {
    /// HCL 1's `d.stack`: the kinds being decoded into, interfaces left out.
    stack: Vec<Kind>,
}

fn decode_file(root: &Value, text: &str) -> Result<Json, String> {
    let ValueKind::Object(entries) = &root.kind else { panic!("root is an object") };
    let mut slot = Slot::Map(None);
    Decoder { stack: Vec::new() }.decode(&Node::Items(items(entries, text)), &mut slot)?;
    let Slot::Map(map) = slot else { unreachable!() };
    Ok(tagged(&Go::Map(map.unwrap_or_default())))
}

impl Decoder {
    fn decode(&mut self, node: &Node, slot: &mut Slot) -> Result<(), String> {
        let kind = match slot {
            Slot::Interface(None) => Kind::Interface,
            Slot::Map(_) | Slot::Interface(Some(Go::Map(_))) => Kind::Map,
            Slot::Interface(Some(Go::MapList(_) | Go::List(_))) => Kind::Slice,
            Slot::Interface(Some(Go::Int(_))) => Kind::Int,
            Slot::Interface(Some(Go::Float(_))) => Kind::Float,
            Slot::Interface(Some(Go::String(_))) => Kind::String,
            Slot::Interface(Some(Go::Bool(_))) => Kind::Bool,
        };
        if kind != Kind::Interface {
            self.stack.push(kind);
        }
        let result = match kind {
            Kind::Interface => self.decode_interface(node, slot),
            Kind::Map => self.decode_map(node, slot),
            Kind::Slice => self.decode_slice(node, slot),
            Kind::Int => decode_int(node, slot),
            Kind::Float => decode_float(node, slot),
            Kind::String => decode_string(node, slot),
            Kind::Bool => decode_bool(node, slot),
        };
        if kind != Kind::Interface {
            self.stack.pop();
        }
        result
    }

    fn decode_interface(&mut self, node: &Node, slot: &mut Slot) -> Result<(), String> {
        let zero = match node {
            Node::Items(_) | Node::Object(_) => {
                if self.stack.last().is_none_or(|&k| k == Kind::Slice) {
                    Go::Map(BTreeMap::new())
                } else {
                    Go::MapList(Vec::new())
                }
            }
            Node::List(_) => Go::List(Vec::new()),
            Node::Literal(Literal::Bool(_)) => Go::Bool(false),
            Node::Literal(Literal::Int(_)) => Go::Int(0),
            Node::Literal(Literal::Float(_)) => Go::Float(0.0),
            Node::Literal(Literal::String(_)) => Go::String(String::new()),
            Node::Item(_) => return Err("cannot decode into interface: *ast.ObjectItem".into()),
        };
        *slot = Slot::Interface(Some(zero));
        self.decode(node, slot)
    }

    fn decode_map(&mut self, node: &Node, slot: &mut Slot) -> Result<(), String> {
        let single;
        let list: &[Item] = match node {
            Node::Item(item) => {
                single = [(**item).clone()];
                &single
            }
            Node::Object(items) | Node::Items(items) => items,
            _ => return Err("not an object type for map".into()),
        };
        let typed = matches!(slot, Slot::Map(_));
        let mut map = match std::mem::replace(slot, Slot::Interface(None)) {
            Slot::Map(map) => map.unwrap_or_default(),
            Slot::Interface(Some(Go::Map(map))) => map,
            other => unreachable!("decode_map into {other:?}"),
        };
        let mut done = BTreeSet::new();
        for item in list {
            let Some(key) = item.keys.first() else { return Err("map must have string keys".into()) };
            if done.contains(key) {
                continue;
            }
            let value = if item.keys.len() > 1 {
                done.insert(key.clone());
                Node::Items(filter(list, key))
            } else {
                item.value.clone()
            };
            let mut value_slot = Slot::Interface(map.get(key).cloned());
            self.decode(&value, &mut value_slot)?;
            let Slot::Interface(Some(value)) = value_slot else { unreachable!() };
            map.insert(key.clone(), value);
        }
        *slot = if typed { Slot::Map(Some(map)) } else { Slot::Interface(Some(Go::Map(map))) };
        Ok(())
    }

    fn decode_slice(&mut self, node: &Node, slot: &mut Slot) -> Result<(), String> {
        let Slot::Interface(Some(existing)) = slot else { unreachable!() };
        let elements: Vec<Node> = match node {
            Node::Items(items) => items.iter().map(|item| Node::Item(Box::new(item.clone()))).collect(),
            Node::Object(_) => vec![node.clone()],
            Node::List(values) => values.clone(),
            _ => return Err("unknown slice type".into()),
        };
        match existing {
            Go::MapList(maps) => {
                for element in &elements {
                    let mut element_slot = Slot::Map(None);
                    self.decode(element, &mut element_slot)?;
                    let Slot::Map(map) = element_slot else { unreachable!() };
                    maps.push(map.unwrap_or_default());
                }
            }
            Go::List(values) => {
                for element in &elements {
                    let mut element_slot = Slot::Interface(None);
                    self.decode(element, &mut element_slot)?;
                    let Slot::Interface(Some(value)) = element_slot else { unreachable!() };
                    values.push(value);
                }
            }
            _ => unreachable!(),
        }
        Ok(())
    }
}

/// `ObjectList.Filter(key)`: items whose first key matches (Go's `strings.EqualFold` too), that key removed.
fn filter(list: &[Item], key: &str) -> Vec<Item> {
    list.iter()
        .filter(|item| item.keys.first().is_some_and(|k| k == key || k.to_lowercase() == key.to_lowercase()))
        .map(|item| Item { keys: item.keys[1..].to_vec(), value: item.value.clone() })
        .collect()
}

fn set(slot: &mut Slot, value: Go) -> Result<(), String> {
    *slot = Slot::Interface(Some(value));
    Ok(())
}

fn decode_bool(node: &Node, slot: &mut Slot) -> Result<(), String> {
    match node {
        Node::Literal(Literal::Bool(b)) => set(slot, Go::Bool(*b)),
        _ => Err("unknown type for bool".into()),
    }
}

/// Go's `strconv.ParseFloat` on a number token's text (hex integers have no `p` exponent: an error).
fn go_parse_float(text: &str) -> Result<f64, String> {
    let digits = text.trim_start_matches('-');
    if digits.starts_with("0x") || digits.starts_with("0X") {
        return Err(format!("strconv.ParseFloat: parsing {text:?}: invalid syntax"));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("strconv.ParseFloat: parsing {text:?}")),
    }
}

/// Go's `strconv.ParseInt(text, 0, 64)`.
fn go_parse_int(text: &str) -> Result<i64, String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        (16, hex)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    let error = || format!("strconv.ParseInt: parsing {text:?}");
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return Err(error());
    }
    let magnitude = u64::from_str_radix(digits, radix).map_err(|_| error())?;
    if negative {
        if magnitude > 1 << 63 {
            return Err(error());
        }
        Ok((magnitude as i64).wrapping_neg())
    } else {
        i64::try_from(magnitude).map_err(|_| error())
    }
}

fn decode_float(node: &Node, slot: &mut Slot) -> Result<(), String> {
    match node {
        Node::Literal(Literal::Float(text) | Literal::Int(text)) => set(slot, Go::Float(go_parse_float(text)?)),
        _ => Err("unknown type for float".into()),
    }
}

fn decode_int(node: &Node, slot: &mut Slot) -> Result<(), String> {
    match node {
        Node::Literal(Literal::Int(text) | Literal::String(text)) => set(slot, Go::Int(go_parse_int(text)?)),
        _ => Err("unknown type for int".into()),
    }
}

fn decode_string(node: &Node, slot: &mut Slot) -> Result<(), String> {
    match node {
        Node::Literal(Literal::Int(text) | Literal::String(text)) => set(slot, Go::String(text.clone())),
        _ => Err("unknown type for string".into()),
    }
}

/// The oracle's tagged JSON for a Go value.
fn tagged(value: &Go) -> Json {
    let map = |m: &BTreeMap<String, Go>| Json::Object(m.iter().map(|(k, v)| (k.clone(), tagged(v))).collect());
    match value {
        Go::Map(m) => json!({ "m": map(m) }),
        Go::MapList(maps) => json!({ "ml": maps.iter().map(|m| json!({ "m": map(m) })).collect::<Vec<_>>() }),
        Go::List(values) => json!({ "l": values.iter().map(tagged).collect::<Vec<_>>() }),
        Go::Int(i) => json!({ "i": *i as f64 }),
        Go::Float(f) => json!({ "f": f }),
        Go::String(s) => json!({ "s": s }),
        Go::Bool(b) => json!({ "b": b }),
    }
}

/// Integers compared as floats: our tree keeps numbers as `f64`.
fn normalise(value: &Json) -> Json {
    match value {
        Json::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("i", Json::Number(n)) => (k.clone(), json!(n.as_f64().unwrap())),
                    // Floats come as Go's shortest text: parsed here, exactly.
                    ("f", Json::String(text)) => (k.clone(), json!(text.parse::<f64>().unwrap())),
                    _ => (k.clone(), normalise(v)),
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(normalise).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/// Every `.hcl` file the comparison starts from: fixtures, tests/data, and the corpus when it is there.
fn hcl_files() -> &'static [(PathBuf, String)] {
    static FILES: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut paths = Vec::new();
        data_files(&fixtures_dir(), &mut paths);
        data_files(&data_dir(), &mut paths);
        if let Some(corpus) = corpus_or_skip("hcl1_oracle (corpus files)") {
            data_files(&corpus, &mut paths);
        }
        paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "hcl"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect()
    })
}

/// splitmix64: a small deterministic generator, so a failing case can be named by its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Characters a corruption inserts or puts in place of another.
const ALPHABET: &[char] = &[
    '"', '"', '{', '}', '{', '}', '[', ']', '=', ',', '\n', '\n', '#', '\\', 'a', 'x', 'e', 'E', 'z', '_', '-', '.',
    '0', '1', '8', ' ', '<', '/', '*', '$', ':', '+', 't', 'r', 'u',
];

/// Characters a corruption prefers to hit (half the time): structure.
const STRUCTURE: &[char] = &['"', '{', '}', '[', ']', '=', ',', '\n', '#', '\\', '<', '$', '.', '-'];

/// One or two random edits of `text`, deterministic in `seed`.
fn corrupt(text: &str, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(2) {
        let structural: Vec<usize> = (0..chars.len()).filter(|&i| STRUCTURE.contains(&chars[i])).collect();
        let at = if !structural.is_empty() && rng.below(2) == 0 {
            structural[rng.below(structural.len())] + rng.below(2)
        } else {
            rng.below(chars.len() + 1)
        };
        let at = at.min(chars.len());
        let c = ALPHABET[rng.below(ALPHABET.len())];
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => chars[at] = c,
            _ => chars.insert(at, c),
        }
    }
    chars.into_iter().collect()
}

fn cases() -> usize {
    std::env::var("CONSUL_LS_ORACLE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3000)
}

// ---------------------------------------------------------------------------------------------------------------
// The comparison

/// Text HCL 1 reads as JSON: its first character (after white space) is `{`.
fn is_json_mode(text: &str) -> bool {
    text.trim_start_matches(char::is_whitespace).starts_with('{')
}

/// Whether consul-ls and HCL 1 agree on `text` (HCL, not JSON); `Err` describes how they do not.
fn agree(text: &str, verdict: &Verdict) -> Result<(), String> {
    let parsed = syntax::parse(text, SourceKind::Hcl);
    let ours_ok = parsed.errors.is_empty();
    match verdict {
        Verdict::Ok(_) if !ours_ok => Err(format!("HCL 1 accepts, consul-ls reports {:?}", parsed.errors)),
        Verdict::ParseError(message) if ours_ok => Err(format!("HCL 1 rejects ({message}), consul-ls accepts")),
        // Both reject.
        _ if !ours_ok => Ok(()),
        Verdict::DecodeError(message) => match decode_file(&parsed.root, text) {
            Err(_) => Ok(()),
            Ok(value) => Err(format!("HCL 1's decoder fails ({message}), ours decodes to {value}")),
        },
        Verdict::Ok(expected) => match decode_file(&parsed.root, text) {
            Ok(value) if value == normalise(expected) => Ok(()),
            Ok(value) => Err(format!("decoded values differ\n   HCL 1: {expected}\n   ours:  {value}")),
            Err(message) => Err(format!("HCL 1 decodes {expected}, ours fails: {message}")),
        },
        Verdict::ParseError(_) => unreachable!(),
    }
}

fn compare_all(test: &str, inputs: &[(String, String)]) {
    let Some(binary) = oracle_or_skip(test) else { return };
    let texts: Vec<String> = inputs.iter().map(|(_, text)| text.clone()).collect();
    let verdicts = ask_oracle(binary, &texts);
    let mut failures = Vec::new();
    let (mut rejected, mut json) = (0, 0);
    for ((name, text), verdict) in inputs.iter().zip(&verdicts) {
        // HCL 1 reads text that starts with `{` with its own JSON parser, which takes what JSON does not (a member
        // without `:`, missing commas, text after the object). Consul itself reads a config entry that starts with
        // `{` with Go's strict encoding/json, as consul-ls reads all JSON; only an agent configuration in a `.hcl`
        // file written as JSON meets HCL 1's leniency. Not compared.
        if is_json_mode(text) {
            json += 1;
            continue;
        }
        if !verdict.accepted() {
            rejected += 1;
        }
        if let Err(message) = agree(text, verdict) {
            failures.push(format!("--- {name}: {message}\n{text}"));
        }
    }
    eprintln!(
        "{test}: {} inputs compared with HCL 1 ({rejected} rejected by it; {json} JSON texts not compared)",
        inputs.len() - json
    );
    assert!(failures.is_empty(), "{} disagreements with HCL 1:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn files_agree_with_hcl1() {
    let inputs: Vec<(String, String)> =
        hcl_files().iter().map(|(path, text)| (path.display().to_string(), text.clone())).collect();
    compare_all("files_agree_with_hcl1", &inputs);
}

#[test]
fn corruptions_agree_with_hcl1() {
    let files = hcl_files();
    let inputs: Vec<(String, String)> = (0..cases() as u64)
        .map(|case| {
            let (path, text) = &files[(Rng(case ^ 0xC0FFEE).next() % files.len() as u64) as usize];
            (format!("case {case} ({})", path.display()), corrupt(text, case))
        })
        .collect();
    compare_all("corruptions_agree_with_hcl1", &inputs);
}

#[test]
fn hand_written_cases_agree_with_hcl1() {
    let inputs: Vec<(String, String)> = CASES.iter().map(|text| (format!("{text:?}"), text.to_string())).collect();
    compare_all("hand_written_cases_agree_with_hcl1", &inputs);
}

proptest! {
    #![proptest_config(generator::config())]

    /// Random bodies parse without error to exactly the value they were generated from (no oracle needed).
    #[test]
    fn random_bodies_decode_to_what_they_mean((items, crlf) in generator::body()) {
        let text = generator::print(&items, crlf);
        let parsed = syntax::hcl::parse(&text);
        prop_assert!(parsed.errors.is_empty(), "ours reports {:?}\n--- input ---\n{}", parsed.errors, text);
        prop_assert_eq!(&generator::ours(&parsed.root), &generator::meaning(&items), "--- input ---\n{}", text);
    }
}

/// The same random bodies, deterministically generated, through HCL 1.
#[test]
fn random_bodies_agree_with_hcl1() {
    let mut runner = TestRunner::deterministic();
    let strategy = generator::body();
    let inputs: Vec<(String, String)> = (0..cases() / 6)
        .map(|i| {
            let (items, crlf) = strategy.new_tree(&mut runner).unwrap().current();
            (format!("random body {i}"), generator::print(&items, crlf))
        })
        .collect();
    compare_all("random_bodies_agree_with_hcl1", &inputs);
}

/// The formatter tests' random files (same-line items, commas, blank lines, one-line blocks, comments anywhere)
/// through HCL 1.
#[test]
fn formatter_test_files_agree_with_hcl1() {
    let inputs: Vec<(String, String)> = common::hcl_gen::files(cases() / 10, true)
        .into_iter()
        .enumerate()
        .map(|(i, text)| (format!("generated file {i}"), text))
        .collect();
    compare_all("formatter_test_files_agree_with_hcl1", &inputs);
}

const CASES: &[&str] = &[
    "",
    "a = 1",
    "a =",
    "a = 1\nb =",
    "a = 1\nb = # comment\n",
    "x { a = }",
    "x { a = } }",
    "x { b = 1 a = } }",
    "x { a = [1, 2 } }",
    "x { a = [[1 } }",
    "x { y { a = } } }",
    "a = [{ b = } }]",
    "bootstr\nap { x = 1 }",
    "a\nb = 1",
    "s = \"mesh\\-gateway\"",
    "s = \"\\'\"",
    "s = \"\\x41\\101\\u00e9\\U0001F600\"",
    "s = \"\\xff\"",
    "s = \"\\ud800\"",
    "s = \"\\U00110000\"",
    "s = \"\\400\"",
    "s = \"${a\\n}\"",
    "s = \"${\"q\"}\"",
    "a = [1,,2]",
    "a = [,]",
    "a = [[1] [2]]",
    "a = [[1] 2]",
    "a = [1 2]",
    "service { a = 1 }\nservice \"x\" { b = 2 }",
    "service \"x\" { b = 2 }\nservice { a = 1 }",
    "a = 1\na = \"x\"",
    "a = \"x\"\na = 1",
    "a = 1.5\na = 2",
    "a = 2\na = 1.5",
    "a = true\na = 1",
    "a = [1]\na = [2]",
    "a {}\na = [1]",
    "a = [1]\na {}",
    "a { x = 1 }\na { y = 2 }",
    "A \"x\" {}\na \"y\" {}",
    "a = 1.",
    "a = 1e",
    "a = 1e5",
    "a = .5",
    "a = .5e3",
    "a = 1e}",
    "a = 08",
    "a = 09.5",
    "a = 0x",
    "a = 0x1F",
    "a = -0x1F",
    "a = 0755",
    "a = 99999999999999999999",
    "a = -9223372036854775808",
    "a = 9223372036854775808",
    "a = +1",
    "a = - 1",
    "a = 80x",
    "true = 1",
    "a true {}",
    "a:b = 1",
    "a.b-c = 1",
    "h = <<EOF\nx\nEOF\n",
    "h = <<EOF\nx\nEOF",
    "h = <<-EOF\nx\nEOF\n",
    "h = <<-EOF\n  x\n  EOF\n",
    "h = <<-EOF\n    x\n  y\n  EOF\n",
    "h = <<EOF \nx\nEOF\n",
    "h = <<EOF\nx\n  EOF\n",
    "h = <<EOF\nEOF\n",
    "h = <<EOF\r\nx\r\nEOF\r\n",
    "a = 1\r\nb = \"x\"\r\n",
    "\u{feff}a = 1",
    "a = \"\u{e123}\"",
    "a = 1 /",
    "a = 1 /* c */ b = 2",
    "a = 1,",
    "a = 1,,",
    ", a = 1",
    "x { , a = 1 }",
    "x {,}",
    "a b c { }",
    "a \"b\" = 1",
    "\"a\" = 1",
    "a = \"x\" \"y\" = 1",
    "a = {}",
    "a = { b = 1 }",
    "a = [{ b = 1 }, { c { d = 2 } }]",
    "a { b }",
    "a {{}}",
    "{}",
    "}",
    "a = 1 }",
    "a = [",
    "a = [1,",
    "a = \"${\"",
    "a = \"x\ny\"",
    "",
    "\n\n",
    "# only a comment",
    "// only a comment\n/* and\n a block */\n",
    "a = 1",
    "a = 1\n",
    "a = -1\nb = 0\nc = 9007199254740993\nd = -9223372036854775808",
    "f = 1.5\ng = 1e3\nh = 1.25E-2\ni = 0.0\nj = -0.5e+2",
    "t = true\nf = false",
    r#"s = "plain""#,
    r#"s = "esc \" \\ \n \t \r end""#,
    r#"s = "\u00e9\u0041\U0001F600 é 日本 😀""#,
    r#"s = "braces { } and $ and % alone""#,
    r#"s = """#,
    "l = []\nm = [1]\nn = [1, 2, 3]\no = [1, 2, 3,]",
    "l = [\n  \"a\",\n  \"b\",\n]",
    "l = [\n  # a comment inside a list\n  1,\n  // another\n  2,\n]",
    "l = [[1, 2], [], [[3]]]",
    "l = [{ a = 1 }, { b = \"x\" }]",
    "o = {}\np = { a = 1 }\nq = { a = 1, b = 2 }",
    "o = {\n  a = 1\n  b = \"two\"\n  c = [3]\n  d = { e = true }\n}",
    "o = {\n  \"quoted key\" = 1\n  \"k\\\"q\" = 2\n}",
    "o = {\n  a = 1,\n  b = 2,\n}",
    "block {}",
    "block {\n}",
    "block {\n  a = 1\n}",
    "block { a = 1 }",
    "block \"label\" {\n  a = 1\n}",
    "block \"l1\" \"l2\" {\n  a = 1\n}",
    "block ident_label {\n  a = 1\n}",
    "block \"é 😀\" {}",
    "service {\n  name = \"a\"\n}\nservice {\n  name = \"b\"\n}",
    "service \"a\" {}\nservice \"b\" {}\nservice \"a\" {}",
    "outer {\n  inner {\n    deepest \"x\" {\n      v = [1, { w = 2 }]\n    }\n  }\n}",
    "a = 1 # trailing hash\nb = 2 // trailing slashes\nc = 3 /* trailing block */\n",
    "/* before */ a = 1",
    "a = 1\r\nb = {\r\n  c = 2\r\n}\r\n",
    "a-b = 1\n_c = 2\nd_e-f = 3",
    "café = 1\nnaïve { x = 1 }",
    "h = <<EOT\nline one\n  line two\nEOT\n",
    "h = <<EOT\nEOT\n",
    "h = <<-EOT\n    a\n      b\n    EOT\n",
    "h = <<-EOT\n  a\n  EOT\nafter = 1\n",
    "h = <<EOT\n{ not = \"parsed\" }\nEOT\n",
    "x {\n  h = <<-EOF\n    inner\n    EOF\n}\n",
    "a = \"x\"\n\n\n\nb = \"y\"\n",
    "\ta\t=\t1\t\n",
    // `${...}` is kept literally (HCL 2 would read a template).
    "a = \"x-${var.y}-z\"\nb = \"${upper(\"q\")}\"",
    // HCL 1 forms Consul's files use that HCL 2 rejects.
    "service { name = \"a\" port = 1 }",
    "connect { sidecar_service {} }",
    "ports { http = 8500, dns = 8600 }",
    "meta { \"rack-id\" = \"r1\" }",
    "upstreams = [{ destination_name = \"s2\" mesh_gateway { mode = \"local\" } }]",
    "port = 0x1F\nmode = 0755",
];

// ---------------------------------------------------------------------------------------------------------------
// No silent broken files (issue 9)

/// consul-ls's single-file findings for `text` named `name`: `check` on that one file.
fn findings(name: &str, text: &str) -> Vec<Code> {
    let root = PathBuf::from("/nonexistent-consul-ls-oracle/cluster");
    let source = SourceFile::from_bytes(root.join(name), text.as_bytes());
    let analysis = AnalysisHost::with_sources(vec![Root { path: root, is_dir: true }], vec![source]).analysis();
    let file = analysis.workspace().files.ids().next().expect("one file");
    analysis.diagnostics(file).into_iter().map(|d| d.code).collect()
}

/// A corpus or fixture file that consul-ls takes for a Consul file (or the manifest): its broken versions must say so.
fn is_consul_file(path: &Path, text: &str) -> bool {
    let file = SourceFile::from_bytes(path.to_path_buf(), text.as_bytes());
    file.parse.errors.is_empty() && (file.kind().is_consul() || path.file_name().unwrap() == "consul-ls.hcl")
}

#[test]
fn broken_consul_files_get_a_syntax_finding() {
    let consul: Vec<&(PathBuf, String)> = hcl_files()
        .iter()
        .filter(|(path, text)| !path.starts_with(fixtures_dir().join("mixed-repo")) && is_consul_file(path, text))
        .collect();
    assert!(consul.len() > 40, "only {} Consul files", consul.len());
    let oracle = oracle_or_skip("broken_consul_files_get_a_syntax_finding");
    let inputs: Vec<(&Path, String)> = (0..cases() as u64)
        .map(|case| {
            let (path, text) = consul[(Rng(case ^ 0xBAD).next() % consul.len() as u64) as usize];
            (path.as_path(), corrupt(text, case ^ 0xBAD))
        })
        .collect();
    // Which inputs are broken: HCL 1's verdict, or (without the oracle) consul-ls's own.
    let broken: Vec<bool> = match oracle {
        Some(binary) => {
            let texts: Vec<String> = inputs.iter().map(|(_, text)| text.clone()).collect();
            ask_oracle(binary, &texts).iter().map(|v| !v.accepted()).collect()
        }
        None => inputs.iter().map(|(_, text)| !syntax::parse(text, SourceKind::Hcl).errors.is_empty()).collect(),
    };
    let mut silent = Vec::new();
    let n_broken = broken.iter().filter(|&&b| b).count();
    for ((path, text), broken) in inputs.iter().zip(broken) {
        if broken && !findings(path.file_name().unwrap().to_str().unwrap(), text).contains(&Code::Syntax) {
            let parsed = syntax::parse(text, SourceKind::Hcl);
            let keys: Vec<&str> = parsed.root.as_object().unwrap_or(&[]).iter().map(|e| e.key.text.as_str()).collect();
            silent.push(format!("--- {} (top-level keys read: {keys:?})\n{text}", path.display()));
        }
    }
    eprintln!(
        "broken_consul_files_get_a_syntax_finding: {} corruptions, {n_broken} broken, {} of them without a syntax \
         finding{}{}",
        inputs.len(),
        silent.len(),
        if silent.is_empty() { "" } else { ":\n" },
        silent.join("\n")
    );
    // Classifying a broken file is a judgement from what is left of it, and a corruption can destroy every trace of
    // Consul, most easily in a one-line file (`acl = "write"` → `aul  "write"`; `peering {` → `8eering {`, read as
    // the number `8ee` and a key `ring`). Up to 1% may stay silent (printed above; about 0.6% in a long run); more
    // is a regression.
    assert!(
        silent.len() * 100 <= n_broken,
        "{} of {n_broken} broken Consul files got no syntax finding (at most 1% may)",
        silent.len()
    );
}

/// Terraform, Nomad, Packer, Vault and JavaScript files stay silent, however broken. (A corruption that still
/// parses is not broken: it is judged on its content like any file, and may turn Nomad's `server {` into a
/// Consul-looking `erver {`.)
#[test]
fn broken_files_of_other_tools_stay_silent() {
    let mut paths = Vec::new();
    data_files(&fixtures_dir().join("mixed-repo"), &mut paths);
    let files: Vec<(PathBuf, String)> =
        paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect();
    assert!(files.len() >= 8);
    let mut noisy = Vec::new();
    let (total, mut broken) = ((cases() as u64 / 3).max(500), 0);
    for case in 0..total {
        let (path, text) = &files[(Rng(case ^ 0xF00D).next() % files.len() as u64) as usize];
        let text = corrupt(text, case ^ 0xF00D);
        if syntax::parse(&text, syntax::source_kind_for_path(path)).errors.is_empty() {
            continue;
        }
        broken += 1;
        let codes = findings(path.file_name().unwrap().to_str().unwrap(), &text);
        if !codes.is_empty() {
            noisy.push(format!("--- {} {codes:?}\n{text}", path.display()));
        }
    }
    eprintln!("broken_files_of_other_tools_stay_silent: {total} corruptions, {broken} broken");
    assert!(broken * 3 > total, "only {broken} of {total} corruptions broke the file");
    assert!(noisy.is_empty(), "{} broken files of other tools got findings:\n{}", noisy.len(), noisy.join("\n"));
}

/// Issue 9: typing `Kind  "exported-services"` (no `=`) gave no finding at all; now the file stays an
/// exported-services entry with a syntax error, and its other findings stay too.
#[test]
fn kind_without_equals_is_a_syntax_error_in_a_consul_file() {
    let text = "Kind  \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"api\", Consumers = [{ Peer = \"p\" }] }]\n";
    let codes = findings("exports.hcl", text);
    assert!(codes.contains(&Code::Syntax), "{codes:?}");
    assert!(codes.len() > 1, "only the syntax error: {codes:?}");
}
