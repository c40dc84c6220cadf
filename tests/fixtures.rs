//! Every folder under `fixtures/` is a workspace; its `expected.snap` holds what `check` reports on it, one
//! finding per line: `file:line:column-end_line:end_column severity code message` (columns in code points).
//! Review changes with `cargo insta review`.

use std::path::{Path, PathBuf};

use consul_ls::analysis;
use line_index::{LineIndex, TextSize, WideEncoding};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The findings of `check` on one fixture, rendered one per line, paths relative to the fixture.
pub fn render(dir: &Path) -> String {
    let files = analysis::check(&[dir.to_path_buf()], &mut |_, _| {}).expect("fixture loads");
    let mut lines = Vec::new();
    for file in &files {
        let rel = file.path.strip_prefix(dir).unwrap_or(&file.path).to_string_lossy().replace('\\', "/");
        let index = LineIndex::new(&file.text);
        let pos = |offset: u32| {
            let lc = index.line_col(TextSize::from(offset));
            let wide = index.to_wide(WideEncoding::Utf32, lc).expect("valid position");
            (wide.line + 1, wide.col + 1)
        };
        for d in &file.diagnostics {
            let (l1, c1) = pos(d.range.start);
            let (l2, c2) = pos(d.range.end);
            lines.push((
                rel.clone(),
                l1,
                c1,
                format!("{rel}:{l1}:{c1}-{l2}:{c2} {} {} {}", d.severity, d.code, d.message),
            ));
        }
    }
    lines.sort();
    let mut out: Vec<String> = lines.into_iter().map(|(_, _, _, line)| line).collect();
    if out.is_empty() {
        out.push("(no findings)".into());
    }
    out.join("\n") + "\n"
}

/// The fixture folders that are workspaces (`fmt/` holds the formatter's fixtures, see tests/format.rs).
fn workspace_fixtures() -> Vec<PathBuf> {
    std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "fmt"))
        .collect()
}

#[test]
fn fixtures_match_their_expected_output() {
    let mut dirs = workspace_fixtures();
    dirs.sort();
    assert!(dirs.len() >= 18, "fixtures missing");
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!("consul-ls check fixtures/{name}"));
        settings.bind(|| insta::assert_snapshot!("expected", render(&dir)));
    }
}

/// Each diagnostic code fires in at least one fixture, and each fixture named after a code contains that code.
#[test]
fn every_code_has_a_positive_fixture() {
    let mut all = String::new();
    for dir in workspace_fixtures() {
        let out = render(&dir);
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(code) = consul_ls::rules::Code::parse(&name) {
            assert!(out.contains(&format!(" {code} ")), "fixture {name} does not report {code}:\n{out}");
        }
        all.push_str(&out);
    }
    for code in consul_ls::rules::Code::ALL {
        assert!(all.contains(&format!(" {code} ")), "no fixture reports {code}");
    }
}

/// The clean fixtures report nothing at all.
#[test]
fn clean_fixtures_are_silent() {
    for name in ["peering-clean", "mixed-repo", "k8s-peering-clean", "k8s-mixed-vm-clean", "k8s-classify"] {
        assert_eq!(render(&fixtures_dir().join(name)), "(no findings)\n", "{name}");
    }
}
