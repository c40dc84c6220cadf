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
    assert_eq!(rules.len(), 18);
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
