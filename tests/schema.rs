//! `consul-ls schema [KIND]` as users run it, and its output checked against what consul-ls itself accepts:
//! every fixture and corpus file that `consul-ls check` finds no schema-level fault in validates against the schema
//! of its kind (JSON files as written, HCL files through their tree as JSON), and every file it reports an unknown
//! key or a missing required field in fails. The validator is the independent `jsonschema` crate.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use consul_ls::model::{FileKind, classify};
use consul_ls::syntax::{self, ValueKind};
use serde_json::{Map, Value};

fn consul_ls(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consul-ls")).args(args).current_dir(cwd).output().expect("run consul-ls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn lists_the_kinds_one_per_line() {
    let output = consul_ls(Path::new("."), &["schema"]);
    assert!(output.status.success(), "{output:?}");
    let kinds: Vec<String> = stdout(&output).lines().map(String::from).collect();
    for kind in ["agent", "service", "acl-policy", "exported-services", "mesh", "proxy-defaults", "service-defaults"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} missing from {kinds:?}");
    }
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
}

#[test]
fn prints_a_draft_2020_12_schema() {
    let output = consul_ls(Path::new("."), &["schema", "exported-services"]);
    assert!(output.status.success(), "{output:?}");
    let schema: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["title"], "Consul exported-services config entry");
    jsonschema::draft202012::meta::validate(&schema).unwrap();
}

#[test]
fn unknown_kind_is_a_usage_error_naming_the_kinds() {
    let output = consul_ls(Path::new("."), &["schema", "exported-service"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("unknown schema kind \"exported-service\""), "{stderr}");
    assert!(stderr.contains("exported-services") && stderr.contains("acl-policy"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------------------------
// Differential: the schema against `consul-ls check`

/// The schema kind of a file, as consul-ls classifies it; `None` for files no schema describes.
fn schema_kind(path: &Path, text: &str) -> Option<String> {
    let parse = syntax::parse(text, syntax::source_kind_for_path(path));
    let name = path.file_name()?.to_str()?;
    Some(match classify(&parse, name) {
        FileKind::AgentConfig => "agent".into(),
        FileKind::ServiceRegistration => "service".into(),
        FileKind::AclRules | FileKind::AclPolicyApi => "acl-policy".into(),
        FileKind::ConfigEntry => {
            let entries = parse.root.as_object()?;
            let kind = entries.iter().find(|e| e.key.text == "Kind" || e.key.text == "kind")?;
            kind.value.as_str()?.to_string()
        }
        FileKind::CatalogRegistration | FileKind::Manifest | FileKind::NotConsul | FileKind::Kubernetes => return None,
    })
}

/// A file as the JSON Consul's decoder sees: JSON as written; HCL through its tree, repeated keys (blocks) as a list.
fn as_json(path: &Path, text: &str) -> Value {
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    fn convert(value: &syntax::Value) -> Value {
        match &value.kind {
            ValueKind::Null | ValueKind::Invalid => Value::Null,
            ValueKind::Bool(b) => Value::Bool(*b),
            ValueKind::Number(n) if n.is_integer => Value::from(n.value as i64),
            ValueKind::Number(n) => Value::from(n.value),
            ValueKind::String(s) => Value::String(s.text.to_string()),
            ValueKind::List(items) => Value::Array(items.iter().map(convert).collect()),
            ValueKind::Object(entries) => {
                let mut map = Map::new();
                for entry in entries {
                    let value = convert(&entry.value);
                    match map.get_mut(entry.key.text.as_str()) {
                        None => {
                            map.insert(entry.key.text.to_string(), value);
                        }
                        Some(Value::Array(list)) if entry.value.is_object() => list.push(value),
                        Some(previous) => *previous = Value::Array(vec![previous.take(), value]),
                    }
                }
                Value::Object(map)
            }
        }
    }
    convert(&syntax::parse(text, syntax::source_kind_for_path(path)).root)
}

/// The codes `consul-ls check --format json` reports per file (paths relative to `cwd`), with their messages.
fn check(cwd: &Path, paths: &[String]) -> HashMap<String, Vec<(String, String)>> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let output = consul_ls(cwd, &args);
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let entry = out.entry(d["file"].as_str().unwrap().to_string()).or_default();
        entry.push((d["code"].as_str().unwrap().to_string(), d["message"].as_str().unwrap().to_string()));
    }
    out
}

const SCHEMA_CODES: &[&str] = &["syntax", "unknown-field", "invalid-value", "missing-required"];

/// A finding the schema expresses too: an unknown key of a known block, or a missing required field.
fn schema_expresses(code: &str, message: &str) -> bool {
    code == "unknown-field" && message.starts_with("unknown field ")
        || code == "missing-required" && message.contains("is missing the required field")
}

#[derive(Default)]
struct Tally {
    accepted: BTreeMap<String, usize>,
    rejected: usize,
    failures: Vec<String>,
}

struct Schemas(HashMap<String, jsonschema::Validator>);

impl Schemas {
    fn get(&mut self, kind: &str) -> &jsonschema::Validator {
        self.0.entry(kind.to_string()).or_insert_with(|| {
            let output = consul_ls(Path::new("."), &["schema", kind]);
            assert!(output.status.success(), "schema {kind}: {output:?}");
            let schema: Value = serde_json::from_str(&stdout(&output)).unwrap();
            jsonschema::draft202012::new(&schema).unwrap()
        })
    }
}

/// Checks every file under `root`'s `paths` (relative to `root`) against the schema of its kind.
fn differential(root: &Path, paths: &[String], schemas: &mut Schemas, tally: &mut Tally) {
    let findings = check(root, paths);
    let mut files = Vec::new();
    let mut silenced_dirs = HashSet::new();
    for path in paths {
        common::data_files(&root.join(path), &mut files);
        let manifest = std::fs::read_to_string(root.join(path).join("consul-ls.hcl")).unwrap_or_default();
        if manifest.contains("ignore") {
            silenced_dirs.insert(root.join(path));
        }
    }
    for file in files {
        let rel = file.strip_prefix(root).unwrap().to_str().unwrap().replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let Some(kind) = schema_kind(&file, &text) else { continue };
        // A silenced finding is not reported, but the file is not accepted either.
        if text.contains("consul-ls-ignore") || silenced_dirs.iter().any(|d| file.starts_with(d)) {
            continue;
        }
        let found = findings.get(&rel).map(Vec::as_slice).unwrap_or(&[]);
        if found.iter().any(|(code, _)| code == "syntax") {
            continue;
        }
        let instance = as_json(&file, &text);
        let errors: Vec<String> = schemas.get(&kind).iter_errors(&instance).take(3).map(|e| e.to_string()).collect();
        if found.iter().all(|(code, _)| !SCHEMA_CODES.contains(&code.as_str())) {
            *tally.accepted.entry(kind.clone()).or_default() += 1;
            if !errors.is_empty() {
                tally
                    .failures
                    .push(format!("{rel} ({kind}): accepted by consul-ls, rejected by the schema: {errors:?}"));
            }
        } else if let Some((code, message)) = found.iter().find(|(code, message)| schema_expresses(code, message)) {
            tally.rejected += 1;
            if errors.is_empty() {
                tally
                    .failures
                    .push(format!("{rel} ({kind}): consul-ls reports {code} ({message}), the schema accepts it"));
            }
        }
    }
}

#[test]
fn fixture_files_validate_exactly_when_consul_ls_accepts_them() {
    let fixtures = common::fixtures_dir();
    let mut dirs: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_str().unwrap().to_string())
        .collect();
    dirs.sort();
    let mut schemas = Schemas(HashMap::new());
    let mut tally = Tally::default();
    differential(&fixtures, &dirs, &mut schemas, &mut tally);
    assert!(tally.failures.is_empty(), "{}", tally.failures.join("\n"));
    eprintln!("accepted: {:?}; rejected: {}", tally.accepted, tally.rejected);
    let kinds: HashSet<&str> = tally.accepted.keys().map(String::as_str).collect();
    for kind in ["agent", "acl-policy", "exported-services", "mesh", "proxy-defaults"] {
        assert!(kinds.contains(kind), "no accepted {kind} file among the fixtures: {:?}", tally.accepted);
    }
    assert!(tally.accepted.values().sum::<usize>() >= 25, "{:?}", tally.accepted);
    assert!(tally.rejected >= 5, "only {} known-bad fixture files", tally.rejected);
}

/// Extra: Consul's own integration-test configurations (skipped when `../shared/corpus` is absent).
#[test]
fn corpus_files_validate() {
    let Some(corpus) = common::corpus_or_skip("corpus_files_validate") else { return };
    let mut schemas = Schemas(HashMap::new());
    let mut tally = Tally::default();
    let dirs: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
        .collect();
    differential(&corpus, &dirs, &mut schemas, &mut tally);
    assert!(tally.failures.is_empty(), "{}", tally.failures.join("\n"));
    eprintln!("accepted: {:?}", tally.accepted);
    assert!(tally.accepted.values().sum::<usize>() >= 100, "{:?}", tally.accepted);
}

/// A few files Consul rejects, written out: each fails its schema.
#[test]
fn known_bad_files_fail() {
    let dir = std::env::temp_dir().join(format!("consul-ls-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: &[(&str, &str)] = &[
        ("agent", r#"{"service": {"name": "web", "port": "8080"}}"#),
        (
            "agent",
            r#"{"ports": {"grpc_tls": 8503}, "datacenter": "dc1", "acl": {"enabled": true, "tokens": {"agnet": "x"}}}"#,
        ),
        ("proxy-defaults", r#"{"Kind": "proxy-defaults", "Name": "global", "MeshGateway": {"Mode": "locale"}}"#),
        (
            "exported-services",
            r#"{"Kind": "exported-services", "Name": "default", "Services": [{"Name": "web", "Consumers": [{"Peers": "c2"}]}]}"#,
        ),
        ("service-defaults", r#"{"Kind": "service-defaults", "Protocol": "http"}"#),
        ("mesh", r#"{"Kind": "mesh", "Peering": {"PeerThroughMeshGateways": "yes"}}"#),
    ];
    let mut schemas = Schemas(HashMap::new());
    for (kind, text) in cases {
        let instance: Value = serde_json::from_str(text).unwrap();
        assert!(!schemas.get(kind).is_valid(&instance), "{kind}: {text} should fail");
        // ... and consul-ls reports each too.
        let file: PathBuf = dir.join("bad.json");
        std::fs::write(&file, text).unwrap();
        let found = check(&dir, &["bad.json".to_string()]);
        let codes: Vec<&str> = found.get("bad.json").into_iter().flatten().map(|(c, _)| c.as_str()).collect();
        assert!(codes.iter().any(|c| SCHEMA_CODES.contains(c)), "{text}: consul-ls found {codes:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
