//! `consul-ls fmt` as users and CI run it: files written in place, `--check`, `--diff`, broken and foreign files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("consul-ls-cli-fmt-{}-{n}-{name}", std::process::id()));
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

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.0.join(rel)).unwrap()
    }

    /// Every file under the folder with its bytes, sorted by path.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.0, &mut files);
        files.sort();
        files
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn consul_ls(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consul-ls")).args(args).current_dir(cwd).output().expect("run consul-ls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const SERVICE: &str = "service {\nname = \"web\"\n    port=8080\n}\n";
const SERVICE_FORMATTED: &str = "service {\n  name = \"web\"\n  port = 8080\n}\n";
const ENTRY_JSON: &str = "{\"Kind\":\"mesh\",\"Peering\":{\"PeerThroughMeshGateways\":true}}";
const ENTRY_JSON_FORMATTED: &str =
    "{\n  \"Kind\": \"mesh\",\n  \"Peering\": {\n    \"PeerThroughMeshGateways\": true\n  }\n}\n";
const TERRAFORM: &str = "resource \"consul_service\" \"web\" {\nname=\"web\"\n    node = \"n1\"\n}\n";
const NOMAD_JOB: &str = "job \"web\" {\ngroup \"g\" {  }\n}\n";
const PACKAGE_JSON: &str = "{\"name\":\"web\",\"version\":\"1.0.0\"}";

/// A repository with Consul files that need formatting and other tools' files that must never change.
fn repository(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write("consul/web.hcl", SERVICE)
        .write("consul/mesh.json", ENTRY_JSON)
        .write("consul/formatted.hcl", SERVICE_FORMATTED)
        .write("terraform/main.hcl", TERRAFORM)
        .write("nomad/job.hcl", NOMAD_JOB)
        .write("web/package.json", PACKAGE_JSON)
        .write("consul-ls.hcl", "cluster \"c1\" {\npaths=[\"consul\"]\n}\n");
    dir
}

#[test]
fn formats_consul_files_in_place_and_lists_them() {
    let dir = repository("in-place");
    let output = consul_ls(&dir.0, &["fmt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "consul/mesh.json\nconsul/web.hcl\nconsul-ls.hcl\n");
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    assert_eq!(dir.read("consul/web.hcl"), SERVICE_FORMATTED);
    assert_eq!(dir.read("consul/mesh.json"), ENTRY_JSON_FORMATTED);
    assert_eq!(dir.read("consul-ls.hcl"), "cluster \"c1\" {\n  paths = [\"consul\"]\n}\n");
    // Other tools' files are untouched, and no temporary file is left behind.
    assert_eq!(dir.read("terraform/main.hcl"), TERRAFORM);
    assert_eq!(dir.read("nomad/job.hcl"), NOMAD_JOB);
    assert_eq!(dir.read("web/package.json"), PACKAGE_JSON);
    assert_eq!(dir.snapshot().len(), 7);

    // A second run has nothing to do.
    let again = consul_ls(&dir.0, &["fmt"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "");
}

#[test]
fn the_fixture_repository_of_other_tools_stays_byte_for_byte() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mixed-repo");
    let dir = TempDir::new("mixed-repo");
    for entry in walk(&fixture) {
        let rel = entry.strip_prefix(&fixture).unwrap();
        let target = dir.0.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    let before = dir.snapshot();
    for args in [&["fmt"][..], &["fmt", "--check"], &["fmt", "--diff"]] {
        let output = consul_ls(&dir.0, args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(stderr(&output), "", "{args:?}");
    }
    assert_eq!(dir.snapshot(), before);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn check_changes_nothing_lists_files_and_exits_one() {
    let dir = repository("check");
    let before = dir.snapshot();
    let output = consul_ls(&dir.0, &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "consul/mesh.json\nconsul/web.hcl\nconsul-ls.hcl\n");
    assert_eq!(dir.snapshot(), before);

    // Formatted files pass the check.
    assert_eq!(consul_ls(&dir.0, &["fmt"]).status.code(), Some(0));
    let output = consul_ls(&dir.0, &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
    let output = consul_ls(&dir.0, &["fmt", "--check", "consul/formatted.hcl"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn diff_prints_unified_diffs_instead_of_writing() {
    let dir = repository("diff");
    let before = dir.snapshot();
    let output = consul_ls(&dir.0, &["fmt", "--diff", "consul"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(dir.snapshot(), before);
    let out = stdout(&output);
    let web = "--- a/consul/web.hcl\n+++ b/consul/web.hcl\n@@ -1,4 +1,4 @@\n service {\n-name = \"web\"\n-    port=8080\n+  name = \"web\"\n+  port = 8080\n }\n";
    assert!(out.contains(web), "{out}");
    assert!(out.contains("--- a/consul/mesh.json\n+++ b/consul/mesh.json\n"), "{out}");
    assert!(out.contains("\\ No newline at end of file"), "{out}");
    assert!(!out.contains("formatted.hcl"), "{out}");

    // With --check, the same diffs and exit 1.
    let output = consul_ls(&dir.0, &["fmt", "--diff", "--check", "consul"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), out);
    assert_eq!(dir.snapshot(), before);
}

#[test]
fn broken_consul_files_are_named_and_left_alone() {
    let dir = repository("broken");
    let broken = "datacenter = \nserver = true\nports { http = 8500 }\n";
    dir.write("consul/agent.hcl", broken);
    // A broken file of another tool is not ours to report.
    dir.write("terraform/broken.hcl", "resource \"a\" \"b\" {\n  x = \n}\n");
    let output = consul_ls(&dir.0, &["fmt"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "consul-ls: consul/agent.hcl: not formatted: syntax error at line 1: expected a value after `=`\n"
    );
    assert_eq!(dir.read("consul/agent.hcl"), broken);
    // The other files are formatted all the same.
    assert_eq!(dir.read("consul/web.hcl"), SERVICE_FORMATTED);
    assert_eq!(stdout(&output), "consul/mesh.json\nconsul/web.hcl\nconsul-ls.hcl\n");

    let output = consul_ls(&dir.0, &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("consul/agent.hcl"), "{}", stderr(&output));
}

#[test]
fn missing_path_is_an_io_error() {
    let dir = TempDir::new("missing");
    let output = consul_ls(&dir.0, &["fmt", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("consul-ls: cannot read 'nope': "), "{}", stderr(&output));
    let output = consul_ls(&dir.0, &["fmt", "--frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn file_arguments_and_repeated_paths() {
    let dir = repository("args");
    let output = consul_ls(&dir.0, &["fmt", "consul/web.hcl", "./consul/web.hcl", "terraform/main.hcl"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "consul/web.hcl\n");
    assert_eq!(dir.read("consul/web.hcl"), SERVICE_FORMATTED);
    assert_eq!(dir.read("consul/mesh.json"), ENTRY_JSON);
    assert_eq!(dir.read("terraform/main.hcl"), TERRAFORM);
}

#[cfg(unix)]
#[test]
fn permissions_and_symlinks_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repository("unix");
    let web = dir.0.join("consul/web.hcl");
    std::fs::set_permissions(&web, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink(dir.0.join("consul/mesh.json"), dir.0.join("mesh-link.json")).unwrap();
    let output = consul_ls(&dir.0, &["fmt", "consul/web.hcl", "mesh-link.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::metadata(&web).unwrap().permissions().mode() & 0o777, 0o640);
    assert_eq!(dir.read("consul/web.hcl"), SERVICE_FORMATTED);
    // The link still is a link, and its target was formatted.
    assert!(std::fs::symlink_metadata(dir.0.join("mesh-link.json")).unwrap().file_type().is_symlink());
    assert_eq!(dir.read("consul/mesh.json"), ENTRY_JSON_FORMATTED);
}
