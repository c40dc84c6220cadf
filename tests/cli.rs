//! The `consul-ls` binary as users and CI run it: arguments, exit codes, output formats.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("consul-ls-cli-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// A folder with a valid Consul service definition (JSON) and a Terraform file that must be ignored.
    fn valid(name: &str) -> TempDir {
        let dir = TempDir::new(name);
        dir.write(
            "cluster-01/web.json",
            r#"{"service": {"name": "web", "port": 8080, "connect": {"sidecar_service": {}}}}"#,
        )
        .write("cluster-01/main.tf", "resource \"consul_service\" \"web\" {\n  name = \"web\"\n  node = \"n1\"\n}\n")
        .write(
            "cluster-01/providers.hcl",
            "terraform {\n  required_providers {\n    consul = { source = \"hashicorp/consul\" }\n  }\n}\n",
        );
        dir
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn consul_ls(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consul-ls"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .output()
        .expect("run consul-ls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn version() {
    let output = consul_ls(Path::new("."), &["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).trim_end(), format!("consul-ls {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn missing_path_is_an_io_error() {
    let dir = TempDir::new("missing");
    let output = consul_ls(&dir.0, &["check", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("consul-ls: cannot read 'nope': "), "{err}");
}

#[test]
fn missing_path_among_others_is_still_an_error() {
    let dir = TempDir::valid("missing-among");
    for format in ["human", "json", "sarif"] {
        let output = consul_ls(&dir.0, &["check", "cluster-01", "nope", "--format", format]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(output.stdout.is_empty(), "{format}");
    }
}

#[test]
fn clean_folder_exits_zero() {
    let dir = TempDir::valid("clean");
    let output = consul_ls(&dir.0, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("No problems found in "), "{out}");
    assert!(!out.contains('\x1b'), "no colour in a pipe: {out:?}");
    assert!(stderr(&output).is_empty(), "no progress bar in a pipe: {}", stderr(&output));
}

#[test]
fn clean_folder_exits_zero_whatever_the_fail_level() {
    let dir = TempDir::valid("clean-levels");
    for level in ["error", "warning", "information", "hint"] {
        let output = consul_ls(&dir.0, &["check", "cluster-01", "--fail-on", level]);
        assert_eq!(output.status.code(), Some(0), "--fail-on {level}: {}", stdout(&output));
    }
}

#[test]
fn file_arguments_are_checked_whatever_their_extension() {
    let dir = TempDir::valid("file-args");
    let output = consul_ls(&dir.0, &["check", "cluster-01/main.tf", "./cluster-01/web.json", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["version"], 1);
}

#[test]
fn json_output_shape() {
    let dir = TempDir::valid("json");
    let output = consul_ls(&dir.0, &["check", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report.as_object().unwrap().len(), 2);
    // Key order as interface.md shows it.
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(at("version") < at("diagnostics"), "{text}");
    assert_eq!(report["version"], 1);
    assert!(report["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn sarif_output_shape() {
    let dir = TempDir::valid("sarif");
    let output = consul_ls(&dir.0, &["check", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(0));
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "consul-ls");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), consul_ls::rules::Code::ALL.len());
    assert!(rules.iter().all(|rule| rule["id"].is_string() && rule["shortDescription"]["text"].is_string()));
    assert_eq!(runs[0]["results"], serde_json::json!([]));
}

#[test]
fn bad_fail_on_is_a_usage_error() {
    let dir = TempDir::valid("bad-fail-on");
    let output = consul_ls(&dir.0, &["check", "--fail-on", "fatal"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("fatal"), "{}", stderr(&output));
}

#[test]
fn other_usage_errors_exit_two() {
    let dir = TempDir::new("usage");
    for args in [&["check", "--format", "xml"][..], &["check", "--bogus"], &["frobnicate"], &[]] {
        let output = consul_ls(&dir.0, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn help_exits_zero() {
    let output = consul_ls(Path::new("."), &["check", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(out.contains("--format") && out.contains("--fail-on"), "{out}");
}

// ---------------------------------------------------------------------------------------------------------------
// Real findings: the bundled fixtures, run from the repository root as a user would.

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json_report(cwd: &Path, args: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = consul_ls(cwd, &all);
    let report: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|err| panic!("{args:?}: not JSON ({err}): {}{}", stdout(&output), stderr(&output)));
    (output.status.code(), report["diagnostics"].as_array().unwrap().clone())
}

/// `(file, line, column)` of a JSON diagnostic.
fn position(d: &Value) -> (String, u64, u64) {
    (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
}

/// The text a JSON diagnostic points at, read from the file (columns count code points).
fn pointed_text(cwd: &Path, d: &Value) -> String {
    let text = std::fs::read_to_string(cwd.join(d["file"].as_str().unwrap())).unwrap();
    let line = |n: u64| text.split('\n').nth(n as usize - 1).unwrap().to_string();
    let (l1, c1, l2, c2) = (
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap() as usize,
        d["end_line"].as_u64().unwrap(),
        d["end_column"].as_u64().unwrap() as usize,
    );
    assert_eq!(l1, l2, "single-line range expected: {d}");
    line(l1).chars().skip(c1 - 1).take(c2 - c1).collect()
}

#[test]
fn peering_example_human_output_has_code_frames() {
    let output = consul_ls(repo_root(), &["check", "fixtures/peering-example"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(!out.contains('\x1b'), "no colour in a pipe: {out:?}");
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    // The upstream-missing-peer frame: header, location with the file name, the source line, the underline.
    let frame = [
        "warning[upstream-missing-peer]: upstream \"backend\" is not registered in cluster-01 but cluster-02 exports it; set destination_peer",
        "   ┌─ fixtures/peering-example/cluster-01/frontend.hcl:12:32",
        "   │",
        "12 │             destination_name = \"backend\"",
        "   │                                ^^^^^^^^^",
    ]
    .join("\n");
    assert!(out.contains(&frame), "{out}");
    // Every finding of the JSON report has its frame, with the file name and position.
    let (_, diagnostics) = json_report(repo_root(), &["check", "fixtures/peering-example"]);
    assert!(diagnostics.len() >= 5);
    for d in &diagnostics {
        let (file, line, column) = position(d);
        let header = format!(
            "{}[{}]: {}",
            frame_severity(d["severity"].as_str().unwrap()),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert!(out.contains(&header), "missing {header:?} in\n{out}");
        assert!(out.contains(&format!("┌─ {file}:{line}:{column}\n")), "missing {file}:{line}:{column} in\n{out}");
    }
    for file in ["cluster-01/frontend.hcl", "cluster-01/proxy-defaults.hcl", "cluster-02/exported-services.hcl"] {
        assert!(out.contains(&format!("fixtures/peering-example/{file}:")), "{file} not named in\n{out}");
    }
    // The summary counts what was reported.
    let count = |severity: &str| diagnostics.iter().filter(|d| d["severity"] == severity).count();
    let summary = format!(
        "{} error{}, {} warning{}, {} information and {} hint{} in 5 files.",
        count("error"),
        if count("error") == 1 { "" } else { "s" },
        count("warning"),
        if count("warning") == 1 { "" } else { "s" },
        count("information"),
        count("hint"),
        if count("hint") == 1 { "" } else { "s" },
    );
    assert_eq!(out.lines().last().unwrap(), summary, "{out}");
}

/// codespan-reporting's severity names in frame headers.
fn frame_severity(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        "information" => "note",
        "hint" => "help",
        other => panic!("unknown severity {other}"),
    }
}

#[test]
fn peering_example_json_paths_order_and_positions() {
    let (code, diagnostics) = json_report(repo_root(), &["check", "fixtures/peering-example"]);
    assert_eq!(code, Some(1));
    assert!(!diagnostics.is_empty());
    for d in &diagnostics {
        let file = d["file"].as_str().unwrap();
        assert!(file.starts_with("fixtures/peering-example/cluster-0"), "{file}");
        assert!(!file.contains('\\') && !file.contains("./") && !file.contains("//"), "{file}");
        assert!(repo_root().join(file).is_file(), "{file}");
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 8, "{d}");
        for key in ["file", "line", "column", "end_line", "end_column", "severity", "code", "message"] {
            assert!(keys.contains(&key), "{key} missing in {d}");
        }
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1, "{d}");
    }
    let positions: Vec<_> = diagnostics.iter().map(position).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "sorted by file, line, column");

    let missing_peer: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "upstream-missing-peer").collect();
    assert_eq!(missing_peer.len(), 1, "{missing_peer:?}");
    let d = missing_peer[0];
    assert_eq!(d["file"], "fixtures/peering-example/cluster-01/frontend.hcl");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(12), Some(32)));
    assert_eq!((d["end_line"].as_u64(), d["end_column"].as_u64()), (Some(12), Some(41)));
    assert_eq!(d["severity"], "warning");
    assert_eq!(pointed_text(repo_root(), d), "\"backend\"");
    assert!(d["message"].as_str().unwrap().contains("\"backend\""), "{d}");

    let conflict = diagnostics.iter().find(|d| d["code"] == "upstream-peer-conflict").unwrap();
    assert_eq!(conflict["severity"], "error");
    assert_eq!(pointed_text(repo_root(), conflict), "datacenter");
    let not_exported = diagnostics.iter().find(|d| d["code"] == "service-not-exported").unwrap();
    assert_eq!(pointed_text(repo_root(), not_exported), "\"cluster-02\"");
}

/// The same run with an absolute PATH: still relative to the current directory.
#[test]
fn absolute_path_argument_is_shown_relative_to_the_cwd() {
    let absolute = repo_root().join("fixtures/peering-example");
    let (_, relative) = json_report(repo_root(), &["check", "fixtures/peering-example"]);
    let (_, from_absolute) = json_report(repo_root(), &["check", absolute.to_str().unwrap()]);
    assert_eq!(relative, from_absolute);
}

/// `check` with no PATH inside the fixture: paths relative to it, same findings.
#[test]
fn default_path_is_the_current_directory() {
    let cwd = repo_root().join("fixtures/peering-example");
    let (code, here) = json_report(&cwd, &["check"]);
    assert_eq!(code, Some(1));
    let (_, dot) = json_report(&cwd, &["check", "."]);
    assert_eq!(here, dot);
    let (_, from_root) = json_report(repo_root(), &["check", "fixtures/peering-example"]);
    assert_eq!(here.len(), from_root.len());
    for (a, b) in here.iter().zip(&from_root) {
        let file = a["file"].as_str().unwrap();
        assert!(file.starts_with("cluster-01/") || file.starts_with("cluster-02/"), "{file}");
        assert_eq!(format!("fixtures/peering-example/{file}"), b["file"].as_str().unwrap());
        for key in ["line", "column", "end_line", "end_column", "severity", "code", "message"] {
            assert_eq!(a[key], b[key], "{key}");
        }
    }
    assert!(here.iter().any(|d| d["file"] == "cluster-01/frontend.hcl" && d["code"] == "upstream-missing-peer"));
    // The human output names the files the same way.
    let output = consul_ls(&cwd, &["check"]);
    assert!(stdout(&output).contains("┌─ cluster-01/frontend.hcl:12:32"), "{}", stdout(&output));
}

#[test]
fn fail_on_levels() {
    // unknown-peer has warnings only; peering-without-mesh-config information only.
    for (fixture, level, expected) in [
        ("unknown-peer", None, 0),
        ("unknown-peer", Some("error"), 0),
        ("unknown-peer", Some("warning"), 1),
        ("unknown-peer", Some("information"), 1),
        ("unknown-peer", Some("hint"), 1),
        ("peering-without-mesh-config", Some("warning"), 0),
        ("peering-without-mesh-config", Some("information"), 1),
        ("peering-without-mesh-config", Some("info"), 1),
        ("peering-example", None, 1),
        ("peering-example", Some("error"), 1),
        ("peering-clean", Some("hint"), 0),
    ] {
        let path = format!("fixtures/{fixture}");
        let mut args = vec!["check", path.as_str()];
        if let Some(level) = level {
            args.extend(["--fail-on", level]);
        }
        for format in ["human", "json", "sarif"] {
            let mut args = args.clone();
            args.extend(["--format", format]);
            let output = consul_ls(repo_root(), &args);
            assert_eq!(output.status.code(), Some(expected), "{args:?}: {}", stderr(&output));
        }
    }
    let (_, diagnostics) = json_report(repo_root(), &["check", "fixtures/unknown-peer"]);
    assert!(!diagnostics.is_empty() && diagnostics.iter().all(|d| d["severity"] == "warning"), "{diagnostics:?}");
}

#[test]
fn peering_clean_has_no_problems() {
    let output = consul_ls(repo_root(), &["check", "fixtures/peering-clean"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("No problems found in ") && out.trim_end().ends_with(" files."), "{out}");
    let (code, diagnostics) = json_report(repo_root(), &["check", "fixtures/peering-clean", "--fail-on", "hint"]);
    assert_eq!(code, Some(0));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn peering_example_sarif() {
    let output = consul_ls(repo_root(), &["check", "fixtures/peering-example", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let (_, diagnostics) = json_report(repo_root(), &["check", "fixtures/peering-example"]);

    // The parts of the SARIF 2.1.0 schema a consumer relies on.
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"), "{}", log["$schema"]);
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "consul-ls");
    let rules = driver["rules"].as_array().unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), rules.len(), "rule ids are unique");
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note", "none"].contains(&level), "{rule}");
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, d) in results.iter().zip(&diagnostics) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert!(index < rules.len(), "{result}");
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the result's rule");
        assert_eq!(result["ruleId"], d["code"]);
        let level = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(result["level"], level);
        assert_eq!(result["message"]["text"], d["message"]);
        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], d["file"]);
        let region = &physical["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
    }
    let missing_peer = results.iter().find(|r| r["ruleId"] == "upstream-missing-peer").unwrap();
    let index = missing_peer["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "upstream-missing-peer");
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "warning");
    let region = &missing_peer["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(12), Some(32)));
}

/// The JSON output of every fixture is what its `expected.snap` records (the snapshot is rendered from the library,
/// this is the binary): same findings, paths prefixed with the PATH argument.
#[test]
fn json_output_matches_every_fixture_snapshot() {
    // `fixtures/fmt` holds the formatter's fixtures, not a workspace.
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "fmt"))
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 18);
    for dir in dirs {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let snap = std::fs::read_to_string(dir.join("expected.snap")).unwrap();
        let body = snap.splitn(3, "---\n").nth(2).unwrap();
        let mut expected: Vec<String> = body
            .lines()
            .filter(|l| *l != "(no findings)" && !l.is_empty())
            .map(|l| format!("fixtures/{name}/{l}"))
            .collect();
        let (_, diagnostics) = json_report(repo_root(), &["check", &format!("fixtures/{name}")]);
        let mut actual: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{}-{}:{} {} {} {}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"],
                    d["end_line"],
                    d["end_column"],
                    d["severity"].as_str().unwrap(),
                    d["code"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                )
            })
            .collect();
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected, "fixtures/{name}");
    }
}

#[test]
fn no_color_in_pipes_and_with_no_color() {
    for no_color in [None, Some("1")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_consul-ls"));
        command.args(["check", "fixtures/peering-example"]).current_dir(repo_root()).env_remove("CI");
        match no_color {
            Some(value) => command.env("NO_COLOR", value),
            None => command.env_remove("NO_COLOR"),
        };
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(!output.stdout.contains(&0x1b), "escape codes with NO_COLOR={no_color:?}");
        assert!(!output.stderr.contains(&0x1b));
    }
}

/// On a terminal (a pseudo-terminal from util-linux `script`), output is coloured unless `NO_COLOR` is set.
#[test]
fn no_color_on_a_terminal() {
    let bin = env!("CARGO_BIN_EXE_consul-ls");
    let run = |no_color: bool| {
        let mut command = Command::new("script");
        command
            .args(["-qec", &format!("'{bin}' check fixtures/peering-example"), "/dev/null"])
            .current_dir(repo_root())
            .env_remove("CI")
            .env("TERM", "xterm-256color");
        if no_color {
            command.env("NO_COLOR", "1");
        } else {
            command.env_remove("NO_COLOR");
        }
        command.output().ok().filter(|o| String::from_utf8_lossy(&o.stdout).contains("upstream-missing-peer"))
    };
    let Some(coloured) = run(false) else {
        eprintln!("skipped: `script` cannot give this test a terminal");
        return;
    };
    assert_eq!(coloured.status.code(), Some(1));
    assert!(coloured.stdout.contains(&0x1b), "a terminal gets colour: {}", String::from_utf8_lossy(&coloured.stdout));
    let plain = run(true).expect("second run");
    assert_eq!(plain.status.code(), Some(1));
    assert!(!plain.stdout.contains(&0x1b), "NO_COLOR: {:?}", String::from_utf8_lossy(&plain.stdout));
}
