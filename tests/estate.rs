//! The benchmark's estate generator (benches/estate): deterministic, and the estates are what it says — valid
//! Consul where no mistake was seeded, and exactly the seeded findings where one was (checked with `consul-ls check`
//! on small estates; the benchmark re-checks every estate it measures).

#[path = "../benches/estate/generate.rs"]
mod generate;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("consul-ls-estate-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The (file, code) pairs `consul-ls check --format json` reports in `dir`.
fn findings(dir: &Path) -> BTreeSet<(String, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_consul-ls"))
        .args(["check", "--format", "json", "--fail-on", "hint"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
        .collect()
}

fn seeded(estate: &generate::Estate) -> BTreeSet<(String, String)> {
    estate.seeded.iter().map(|s| (s.file.clone(), s.code.to_string())).collect()
}

#[test]
fn same_seed_same_bytes() {
    let a = generate::mixed(400, 5, 7, 200_000);
    let b = generate::mixed(400, 5, 7, 200_000);
    assert_eq!(a.files.len(), 400);
    assert_eq!(a.digest(), b.digest());
    assert_eq!(a.files, b.files);
    assert_ne!(a.digest(), generate::mixed(400, 5, 8, 200_000).digest());
    assert_eq!(generate::dense(400, 7).digest(), generate::dense(400, 7).digest());
    assert_eq!(generate::dense(400, 7).files.len(), 400);
    assert_eq!(generate::huge_agent(100).digest(), generate::huge_agent(100).digest());
}

#[test]
fn mixed_estate_reports_exactly_the_seeded_findings() {
    let estate = generate::mixed(600, 5, 1, 300_000);
    let dir = TempDir::new("mixed");
    estate.write(&dir.0).unwrap();
    let codes: BTreeSet<&str> = estate.seeded.iter().map(|s| s.code).collect();
    assert!(codes.len() >= 8, "{codes:?}");
    assert_eq!(findings(&dir.0), seeded(&estate));
}

#[test]
fn dense_estate_reports_exactly_the_seeded_findings() {
    let estate = generate::dense(400, 1);
    let dir = TempDir::new("dense");
    estate.write(&dir.0).unwrap();
    assert_eq!(findings(&dir.0), seeded(&estate));
}

#[test]
fn huge_agent_config_is_clean() {
    let estate = generate::huge_agent(2000);
    let dir = TempDir::new("huge");
    estate.write(&dir.0).unwrap();
    assert_eq!(findings(&dir.0), BTreeSet::new());
}

// ---------------------------------------------------------------------------------------------------------------
// The benchmark's LSP driver against the real server (functional only: every edit gets its versioned publish)

#[path = "../benches/estate/lsp.rs"]
mod lsp;

#[path = "../benches/estate/drive.rs"]
mod drive;

#[test]
fn driver_times_every_edit_to_its_versioned_publish() {
    let estate = generate::mixed(120, 4, 3, 50_000);
    let dir = TempDir::new("driver");
    estate.write(&dir.0).unwrap();
    let options = drive::Options {
        settle: std::time::Duration::from_millis(300),
        index_timeout: std::time::Duration::from_secs(60),
        edit_timeout: std::time::Duration::from_secs(20),
        n_edits: 8,
        edit_budget: std::time::Duration::from_secs(60),
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_consul-ls"));
    let session = drive::consul_ls(binary, &dir.0, estate.edit.as_ref().unwrap(), estate.big_file.as_deref(), &options);
    assert_eq!(session.error, None);
    let cold = &session.cold;
    assert!(!cold.timed_out && cold.progress_end.is_some(), "{cold:?}");
    // Every file with a seeded finding was published during indexing.
    let files: BTreeSet<&str> = estate.seeded.iter().map(|s| s.file.as_str()).collect();
    assert!(cold.publishes >= files.len(), "{cold:?}, {} files with findings", files.len());
    let edits = &session.edits;
    assert!(edits.open.is_some());
    assert_eq!((edits.attempted, edits.timeouts, edits.samples.len()), (8, 0, 8), "{edits:?}");
    // Each kind of edit twice (on, then off), and the quoted port was reported.
    for kind in [
        generate::EditKind::Value,
        generate::EditKind::Peer,
        generate::EditKind::UpstreamName,
        generate::EditKind::ServiceName,
    ] {
        assert_eq!(edits.latencies(Some(kind)).len(), 2, "{kind:?}");
    }
    assert!(edits.reported_value_errors());
    assert!(matches!(session.big_open, Some(Ok(_))), "{:?}", session.big_open);
    assert!(session.rss_end.is_some_and(|rss| rss.peak >= rss.current && rss.current > 0));
}

/// The estate's JSON files against `consul-ls schema`: valid exactly where no schema-level mistake was seeded.
#[test]
fn estate_json_files_validate_against_the_generated_schemas() {
    use consul_ls::model::{FileKind, classify};
    use consul_ls::schema::json_schema::json_schema;
    let estate = generate::mixed(600, 5, 1, 300_000);
    let mut validators = std::collections::HashMap::new();
    let mut checked = BTreeSet::new();
    for (path, text) in &estate.files {
        if !path.ends_with(".json") {
            continue;
        }
        let parse = consul_ls::syntax::parse(text, consul_ls::syntax::SourceKind::Json);
        let kind = match classify(&parse, path.rsplit('/').next().unwrap()) {
            FileKind::AgentConfig => "agent".to_string(),
            FileKind::AclPolicyApi | FileKind::AclRules => "acl-policy".to_string(),
            FileKind::ConfigEntry => {
                let value: Value = serde_json::from_str(text).unwrap();
                value["Kind"].as_str().unwrap().to_string()
            }
            other => panic!("{path}: {other:?}"),
        };
        let validator = validators
            .entry(kind.clone())
            .or_insert_with(|| jsonschema::draft202012::new(&json_schema(&kind).unwrap()).unwrap());
        let instance: Value = serde_json::from_str(text).unwrap();
        let schema_mistake = estate
            .seeded
            .iter()
            .any(|s| s.file == *path && matches!(s.code, "unknown-field" | "invalid-value" | "missing-required"));
        assert_eq!(validator.is_valid(&instance), !schema_mistake, "{path} ({kind})");
        checked.insert(kind);
    }
    assert!(checked.len() >= 6, "{checked:?}");
}
