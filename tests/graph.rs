//! `consul-ls graph` as users run it: the three formats on the fixtures (snapshots), the JSON's invariants on
//! every fixture, agreement with `check`, exit codes, and the DOT through Graphviz when it is installed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn consul_ls(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consul-ls")).args(args).current_dir(cwd).output().expect("run consul-ls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn graph(cwd: &Path, format: &str) -> String {
    let output = consul_ls(cwd, &["graph", "--format", format]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    stdout(&output)
}

/// Workspace fixtures (`fmt/` holds the formatter's).
fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "fmt"))
        .collect();
    dirs.sort();
    dirs
}

/// The fixtures whose topology is worth a picture: clusters, peers, exports, gateways, partitions.
const DRAWN: &[&str] = &[
    "peering-example",
    "peering-clean",
    "unknown-peer",
    "service-not-exported",
    "upstream-missing-namespace",
    "gateway-partition-mismatch",
    "local-mode-without-gateway",
    "suppression",
    "manifest-mesh-gateways",
];

#[test]
fn snapshots_of_the_three_formats() {
    for name in DRAWN {
        let dir = repo().join("fixtures").join(name);
        for format in ["mermaid", "dot", "json"] {
            let text = graph(&dir, format);
            let mut settings = insta::Settings::clone_current();
            settings.set_omit_expression(true);
            settings.set_description(format!("cd fixtures/{name} && consul-ls graph --format {format}"));
            settings.bind(|| insta::assert_snapshot!(format!("{name}.{format}"), text));
        }
    }
}

#[test]
fn the_bundled_example_matches_the_contract() {
    let json: Value = serde_json::from_str(&graph(&repo().join("fixtures/peering-example"), "json")).unwrap();
    assert_eq!(json["version"], 1);
    let clusters: Vec<&str> =
        json["clusters"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(clusters, ["cluster-01", "cluster-02"]);
    let frontend = &json["services"][0];
    assert_eq!(frontend["id"], "cluster-01/default/default/frontend");
    assert_eq!((frontend["file"].as_str(), frontend["line"].as_u64()), (Some("cluster-01/frontend.hcl"), Some(2)));
    let edges = json["edges"].as_array().unwrap();
    let payments = edges.iter().find(|e| e["target"] == "payments").expect("the payments upstream");
    assert_eq!(payments["to"], Value::Null);
    assert_eq!(payments["peer"], "cluster-02");
    assert_eq!(payments["findings"], serde_json::json!(["service-not-exported"]));
    // The export of backend (cluster-02/exported-services.hcl line 6) carries no finding of its own:
    // peering-without-mesh-config sits on its Peer only as the cluster's stand-in.
    let export =
        edges.iter().find(|e| e["kind"] == "export" && e["from"] == "cluster-02/default/default/backend").unwrap();
    assert_eq!(export["to_peer"], "cluster-01");
    assert_eq!((export["file"].as_str(), export["line"].as_u64()), (Some("cluster-02/exported-services.hcl"), Some(6)));
    assert_eq!(export["findings"], serde_json::json!([]));
    // Mermaid: the two broken upstreams are red.
    let mermaid = graph(&repo().join("fixtures/peering-example"), "mermaid");
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(mermaid.contains("|\"service-not-exported\"|") && mermaid.contains("|\"upstream-missing-peer\"|"));
    assert!(mermaid.contains("linkStyle 0,1 stroke:#d32f2f"), "{mermaid}");
}

/// The invariants of the JSON on every fixture: order, references, and findings that `check` reports too.
#[test]
fn json_invariants_on_every_fixture() {
    let edge_codes = ["upstream-missing-peer", "unknown-peer", "service-not-exported", "upstream-missing-namespace"];
    for dir in fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let json: Value = serde_json::from_str(&graph(&dir, "json")).unwrap();
        let services = json["services"].as_array().unwrap();
        let ids: Vec<(&str, u64)> =
            services.iter().map(|s| (s["id"].as_str().unwrap(), s["line"].as_u64().unwrap())).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{name}: services sorted by id, then line");
        for s in services {
            let id = format!("{}/{}/{}/{}", s["cluster"], s["partition"], s["namespace"], s["name"]).replace('"', "");
            assert_eq!(s["id"], id.as_str(), "{name}");
        }
        let known: BTreeSet<&str> = ids.iter().map(|(id, _)| *id).collect();
        let edges = json["edges"].as_array().unwrap();
        let keys: Vec<(&str, u64)> =
            edges.iter().map(|e| (e["from"].as_str().unwrap(), e["line"].as_u64().unwrap())).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{name}: edges sorted by from, then line");
        // What check reports, by (file, code).
        let check = consul_ls(&dir, &["check", "--format", "json"]);
        let report: Value = serde_json::from_slice(&check.stdout).unwrap();
        let reported: BTreeSet<(String, String)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["file"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
            .collect();
        for e in edges {
            match e["kind"].as_str().unwrap() {
                "upstream" => {
                    assert!(e.get("to").is_some() && e.get("peer").is_some(), "{name}: {e}");
                    match e["to"].as_str() {
                        Some(to) => {
                            assert!(known.contains(to), "{name}: {to} is a service");
                            assert!(e.get("target").is_none(), "{name}: {e}");
                        }
                        None => assert!(e["target"].as_str().is_some_and(|t| !t.is_empty()), "{name}: {e}"),
                    }
                }
                "export" => assert!(e["to_peer"].as_str().is_some_and(|p| !p.is_empty()), "{name}: {e}"),
                other => panic!("{name}: edge kind {other}"),
            }
            for code in e["findings"].as_array().unwrap() {
                let code = code.as_str().unwrap();
                assert!(edge_codes.contains(&code), "{name}: {code} on an edge");
                let file = e["file"].as_str().unwrap().to_string();
                assert!(reported.contains(&(file, code.to_string())), "{name}: check does not report {code} for {e}");
            }
        }
        for g in json["gateways"].as_array().unwrap() {
            assert!(matches!(g["declared_in"].as_str(), Some("file" | "manifest")), "{name}: {g}");
        }
    }
}

#[test]
fn every_edge_finding_of_check_is_on_an_edge() {
    // The other way round: each upstream/consumer finding `check` reports on the bundled example is drawn.
    let dir = repo().join("fixtures/peering-example");
    let json: Value = serde_json::from_str(&graph(&dir, "json")).unwrap();
    let drawn: BTreeSet<String> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["findings"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()))
        .collect();
    assert_eq!(drawn, BTreeSet::from(["service-not-exported".to_string(), "upstream-missing-peer".to_string()]));
}

#[test]
fn paths_are_relative_to_the_current_directory() {
    let out = consul_ls(repo(), &["graph", "fixtures/peering-example", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["services"][0]["file"], "fixtures/peering-example/cluster-01/frontend.hcl");
}

#[test]
fn a_missing_path_is_an_io_error() {
    let out = consul_ls(repo(), &["graph", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("consul-ls: ") && stderr.contains("no/such/folder"), "{stderr}");
    let out = consul_ls(repo(), &["graph", "--format", "svg"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[test]
fn a_folder_without_consul_files_is_an_empty_graph() {
    let dir = repo().join("fixtures/mixed-repo");
    let json: Value = serde_json::from_str(&graph(&dir, "json")).unwrap();
    assert_eq!(json["services"], serde_json::json!([]));
    assert_eq!(json["edges"], serde_json::json!([]));
}

/// `dot -Tsvg` accepts the DOT of every fixture without a warning. Skipped, saying so, without Graphviz.
#[test]
fn graphviz_accepts_the_dot_of_every_fixture() {
    if Command::new("dot").arg("-V").output().is_err() {
        eprintln!("skipped: Graphviz's `dot` is not installed (apt-get install graphviz)");
        return;
    }
    for dir in fixtures() {
        let text = graph(&dir, "dot");
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let name = dir.display();
        assert!(out.status.success(), "{name}: {}\n{text}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{name}: {}\n{text}", String::from_utf8_lossy(&out.stderr));
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("<svg"), "{name}");
        // Red edges in the DOT are red in the SVG.
        if text.contains("color=\"#d32f2f\"") {
            assert!(svg.contains("stroke=\"#d32f2f\""), "{name}");
        }
    }
}

/// The README shows the bundled example's Mermaid text as `consul-ls graph` prints it now.
#[test]
fn the_readme_shows_the_current_mermaid_of_the_example() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let mermaid = graph(&repo().join("fixtures/peering-example"), "mermaid");
    assert!(
        readme.contains(&format!("```mermaid\n{mermaid}```\n")),
        "README.md's ```mermaid block differs from `consul-ls graph fixtures/peering-example`:\n{mermaid}"
    );
    assert!(readme.contains("](docs/topology-example.svg)"), "the README shows the picture");
}

/// docs/topology-example.svg (the README's picture, drawn by the extension's page in Chromium, see
/// editors/vscode/scripts/render-topology.mjs) has the example's services and its two red edges.
#[test]
fn the_readme_picture_is_the_example() {
    let svg = std::fs::read_to_string(repo().join("docs/topology-example.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "an SVG file");
    let json: Value = serde_json::from_str(&graph(&repo().join("fixtures/peering-example"), "json")).unwrap();
    for service in json["services"].as_array().unwrap() {
        let name = service["name"].as_str().unwrap();
        assert!(svg.contains(&format!(">{name}<")), "{name} is drawn");
    }
    for label in
        ["cluster-01", "cluster-02", "payments", "not registered", "service-not-exported", "upstream-missing-peer"]
    {
        assert!(svg.contains(label), "{label} is drawn");
    }
    let links = svg.matches("class=\"edge-thickness-").count();
    let red = svg.split("<path").filter(|p| p.contains("flowchart-link") && p.contains("stroke:#d32f2f")).count();
    assert_eq!((links, red), (json["edges"].as_array().unwrap().len(), 2), "every edge drawn, two of them red");
}
