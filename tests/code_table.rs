//! Adding a rule adds a code to `Code::ALL`; everything that lists the codes must follow: the README's code
//! table (same codes, same order, default severity, quick fix or not) and the VS Code extension's per-code
//! severity settings (`editors/vscode/package.json`). SARIF rule metadata is generated from `Code::ALL` and
//! checked in `cli::render`'s tests.

use std::path::Path;

use consul_ls::rules::Code;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The rows of the README table that starts with `| code | severity |`: (code, severity, quick fix cell).
fn readme_rows() -> Vec<(String, String, String)> {
    let readme = read("README.md");
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in readme.lines() {
        if line.starts_with("| code | severity |") {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.first().is_some_and(|c| c.starts_with("---")) {
            continue;
        }
        assert_eq!(cells.len(), 4, "README code table row with {} cells: {line}", cells.len());
        rows.push((cells[0].trim_matches('`').to_string(), cells[1].to_string(), cells[3].to_string()));
    }
    rows
}

#[test]
fn readme_code_table_lists_every_code_in_order() {
    let rows = readme_rows();
    let codes: Vec<&str> = rows.iter().map(|(code, _, _)| code.as_str()).collect();
    let expected: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, expected, "README code table vs Code::ALL");
    for ((code, severity, fix), c) in rows.iter().zip(Code::ALL) {
        assert_eq!(severity, c.default_severity().as_str(), "README severity of {code}");
        assert_eq!(fix != "–", c.has_fix(), "README quick-fix cell of {code}: {fix:?}");
    }
}

#[test]
fn vscode_severity_settings_cover_every_code() {
    let manifest: serde_json::Value = serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    let properties =
        &manifest["contributes"]["configuration"]["properties"]["consul-ls.diagnostics.severity"]["properties"];
    let object = properties.as_object().expect("severity settings in package.json");
    // (serde_json reads objects into sorted maps: compare as sets.)
    let keys: std::collections::BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let expected: std::collections::BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(keys, expected, "package.json severity settings vs Code::ALL");
    for code in Code::ALL {
        let setting = &object[code.as_str()];
        let levels: Vec<&str> = setting["enum"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        assert_eq!(levels, ["error", "warning", "information", "hint", "off"], "{code}");
        let description = setting["markdownDescription"].as_str().unwrap_or("");
        assert_eq!(description, format!("`{code}` (default: {})", code.default_severity()), "{code}");
    }
}
