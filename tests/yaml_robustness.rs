//! Never panic, never hang, on any YAML: random bytes, YAML token soup, mutated and truncated real files (every
//! `*.yaml`/`*.yml` under `fixtures/`, plus a multi-document sample), deep nesting and alias bombs — through the
//! YAML reader and through the whole pipeline (`SourceFile` → workspace → every rule → quick fixes). Every range
//! the reader reports must lie inside the text on character boundaries; a broken stream is one error per broken
//! document, and the documents around it are still read.

mod common;

use std::path::PathBuf;

use consul_ls::analysis::AnalysisHost;
use consul_ls::ide;
use consul_ls::syntax::{self, Parse, SourceKind, TextRange, Value, ValueKind};
use consul_ls::workspace::{Root, SourceFile};
use proptest::prelude::*;

const SAMPLE: &str = "# Consul on Kubernetes
apiVersion: consul.hashicorp.com/v1alpha1
kind: ExportedServices
metadata:
  name: default
spec:
  services:
    - name: backend
      namespace: default
      consumers:
        - peer: cluster-01   # the dialer's name for us
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, labels: {app: frontend}}
spec:
  template:
    metadata:
      annotations:
        consul.hashicorp.com/connect-inject: \"true\"
        consul.hashicorp.com/connect-service-upstreams: 'backend.svc.cluster-02.peer:9090'
    spec:
      containers:
        - name: frontend
          image: &img nginx:1.25
          args: [\"--port\", \"80\"]
          env: &env
            - {name: A, value: \"1\"}
        - name: sidecar
          image: *img
          env: *env
          command:
            - |
              echo hello # not a comment
              exit 0
---
global:
  name: consul
  peering: {enabled: yes}
  tls:
    enabled: true
defaults: &defaults
  replicas: 1
meshGateway:
  <<: *defaults
  enabled: on
...
";

const YAML_TOKENS: &[&str] = &[
    "- ",
    ": ",
    "? ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "\"",
    "'",
    "|",
    "|-",
    ">",
    ">+2",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!int ",
    "! ",
    "!foo ",
    "!<tag:x> ",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "---",
    "---\n",
    "...\n",
    "# c",
    "#",
    "\n",
    "\r\n",
    "\t",
    "  ",
    "    ",
    "<<: ",
    "key",
    "kind",
    "apiVersion",
    "spec",
    "consul.hashicorp.com/v1alpha1",
    "123",
    "0x1F",
    "1e3",
    ".inf",
    "~",
    "null",
    "yes",
    "true",
    "é",
    "日本",
    "😀",
    "\\",
    "\\u00e9",
    "\u{feff}",
    "\0",
    "@",
    "`",
    "%",
    "=",
    "<<",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(YAML_TOKENS), 0..300).prop_map(|parts| parts.concat())
}

fn real_files() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    yaml_files(&common::fixtures_dir(), &mut paths);
    let mut files: Vec<(String, String)> =
        paths.iter().map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap())).collect();
    files.push(("sample".into(), SAMPLE.into()));
    files
}

fn yaml_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(path);
        }
    }
}

/// Every range on a character boundary inside the text, and values nested inside the document list.
fn check_ranges(text: &str, parse: &Parse) {
    let ok = |r: TextRange| {
        r.start <= r.end
            && (r.end as usize) <= text.len()
            && text.is_char_boundary(r.start as usize)
            && text.is_char_boundary(r.end as usize)
    };
    fn walk(value: &Value, ok: &dyn Fn(TextRange) -> bool, depth: usize, text: &str) {
        assert!(depth <= syntax::yaml::MAX_DEPTH + 2, "tree deeper than the limit");
        assert!(ok(value.range), "bad value range {:?}", value.range);
        if let Some(map) = syntax::yaml::scalar_source_map(text, value) {
            let decoded = value.as_str().unwrap();
            assert_eq!(map.offsets.len(), decoded.len() + 1);
            assert!(map.offsets.iter().all(|&o| o >= value.range.start && o <= value.range.end));
        }
        match &value.kind {
            ValueKind::Object(entries) => {
                for e in entries {
                    assert!(ok(e.key.range), "bad key range {:?}", e.key.range);
                    walk(&e.value, ok, depth + 1, text);
                }
            }
            ValueKind::List(items) => items.iter().for_each(|v| walk(v, ok, depth + 1, text)),
            _ => {}
        }
    }
    assert_eq!(parse.source_kind, SourceKind::Yaml);
    assert!(matches!(parse.root.kind, ValueKind::List(_)), "the root is the list of documents");
    walk(&parse.root, &ok, 0, text);
    for e in &parse.errors {
        assert!(ok(e.range), "bad error range {:?}", e.range);
        assert!(!e.message.is_empty());
    }
    for c in &parse.comments {
        assert!(ok(c.range), "bad comment range {:?}", c.range);
        assert!(text[c.range.as_usize()].starts_with('#'));
    }
}

fn read(text: &str) -> Parse {
    let parse = syntax::parse(text, SourceKind::Yaml);
    check_ranges(text, &parse);
    parse
}

/// The whole pipeline on one YAML file: parse, model, every rule, the quick fixes of every finding. Whatever the
/// bytes, nothing panics and every finding sits inside the file, on character boundaries.
fn analyse(name: &str, bytes: &[u8]) {
    let root = PathBuf::from("/nonexistent-consul-ls-yaml/cluster-01");
    let sources = vec![SourceFile::from_bytes(root.join(name), bytes)];
    let analysis = AnalysisHost::with_sources(vec![Root { path: root, is_dir: true }], sources).analysis();
    for f in analysis.workspace().files.ids() {
        let file = analysis.workspace().file(f);
        // Bytes that are not UTF-8 (or too many) are one `syntax` finding at the offending byte, with no text.
        let checked = file.content_error.is_none();
        let text = file.text.clone();
        for d in analysis.diagnostics(f).into_iter().filter(|_| checked) {
            let (start, end) = (d.range.start as usize, d.range.end as usize);
            assert!(start <= end && end <= text.len(), "{} {:?} outside a {}-byte file", d.code, d.range, text.len());
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{} {:?} splits a character",
                d.code,
                d.range
            );
            let _ = ide::fixes::fixes_for(&analysis, f, &d);
        }
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: &'static str },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..20).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), prop::sample::select(YAML_TOKENS)).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut out = text.as_bytes().to_vec();
    for m in mutations {
        let n = out.len();
        match m {
            Mutation::Delete { at, len } if n > 0 => {
                let at = at % n;
                out.drain(at..(at + len).min(n));
            }
            Mutation::Insert { at, text } => {
                let at = at % (n + 1);
                out.splice(at..at, text.bytes());
            }
            Mutation::Duplicate { at, len } if n > 0 => {
                let at = at % n;
                let piece: Vec<u8> = out[at..(at + len).min(n)].to_vec();
                out.splice(at..at, piece);
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read(&String::from_utf8_lossy(&bytes));
        analyse("random.yaml", &bytes);
    }

    #[test]
    fn yaml_token_soup(text in soup()) {
        read(&text);
        analyse("soup.yml", text.as_bytes());
    }

    #[test]
    fn mutated_real_files(pick in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let files = real_files();
        let (_, text) = pick.get(&files);
        let mutated = mutate(text, &mutations);
        read(&mutated);
        analyse("mutated.yaml", mutated.as_bytes());
    }
}

#[test]
fn truncated_real_files() {
    for (name, text) in real_files() {
        for (end, _) in text.char_indices() {
            let prefix = &text[..end];
            let parse = read(prefix);
            // A prefix never yields more documents than the whole file has `---` lines plus one.
            let markers = prefix.lines().filter(|l| l.starts_with("---")).count();
            assert!(syntax::yaml::documents(&parse).len() <= markers + 1, "{name} at {end}");
        }
    }
}

#[test]
fn a_broken_document_does_not_hide_the_others() {
    // Break each document of the sample in turn: exactly one error, and the other documents read as before.
    let whole = read(SAMPLE);
    assert!(whole.errors.is_empty(), "{:?}", whole.errors);
    let docs = syntax::yaml::documents(&whole).to_vec();
    assert_eq!(docs.len(), 3);
    for (i, needle) in ["consumers:", "containers:", "tls:"].into_iter().enumerate() {
        let broken = SAMPLE.replacen(needle, &format!("{needle} [unclosed"), 1);
        let parse = read(&broken);
        assert_eq!(parse.errors.len(), 1, "breaking document {i}: {:?}", parse.errors);
        let got = syntax::yaml::documents(&parse);
        assert_eq!(got.len(), 3, "breaking document {i}");
        for (j, (a, b)) in docs.iter().zip(got).enumerate() {
            if j != i {
                assert_eq!(show(a), show(b), "document {j} changed when document {i} broke");
            }
        }
        // The broken document keeps at least its `apiVersion`/first key.
        assert!(got[i].as_object().is_some_and(|o| !o.is_empty()), "document {i}: {:?}", got[i]);
    }
}

fn show(value: &Value) -> String {
    match &value.kind {
        ValueKind::Object(entries) => {
            let inner: Vec<String> = entries.iter().map(|e| format!("{}={}", e.key.text, show(&e.value))).collect();
            format!("{{{}}}", inner.join(" "))
        }
        ValueKind::List(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        other => format!("{other:?}"),
    }
}

#[test]
fn hostile_shapes() {
    for text in [
        "[".repeat(50_000),
        "{".repeat(50_000),
        "- ".repeat(50_000),
        (0..1000).map(|i| format!("{}k:\n", " ".repeat(i))).collect(),
        "a: &a [x]\n".to_string()
            + &(1..40)
                .map(|i| format!("a{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1))
                .collect::<String>()
                .replace("*a0", "*a"),
        "\"".repeat(10_000),
        "'".repeat(10_000) + "\n",
        "|\n".repeat(10_000),
        "---\n".repeat(10_000),
        "--- [\n".repeat(2_000),
        "a: b: c: d\n".repeat(2_000),
        "\t".repeat(10_000),
        "? ".repeat(10_000),
        "\u{feff}\u{feff}a: 1".to_string(),
        "&a *a".to_string(),
        "*a".to_string(),
        "%YAML 1.2\n%YAML 1.2\n---\n".to_string(),
    ] {
        let parse = read(&text);
        let _ = parse.errors.len();
        analyse("hostile.yaml", text.as_bytes());
    }
}

/// Inputs the `yaml` fuzz target found (tests/data/yaml-regressions/*.bin): every range safe, every string's source map
/// inside its range, and the whole pipeline without a panic.
#[test]
fn fuzz_regressions() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/yaml-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let parse = syntax::yaml::parse(&text);
        check_ranges(&text, &parse);
        // Stored as `.bin` (they are not UTF-8, and the YAML oracle test reads every `.yaml` of tests/); read as YAML.
        analyse("regression.yaml", &bytes);
        n += 1;
    }
    assert!(n > 0, "no regression inputs in {}", dir.display());
}
