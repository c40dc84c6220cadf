//! Findings carry related locations in other files (the peer's exported-services entry, the cluster's manifest
//! block, the gateway a policy is for). An edit of such a file moves them, and an edit elsewhere can make a new
//! one exist: after every edit the incremental analysis must equal a fresh one, related locations included.
//! (Editing the peer's entry or the manifest fails without the analysis' related index, an entry appearing
//! without the `export_entries` fact; the gateway's position is a cluster fact already.)

use std::collections::BTreeMap;
use std::path::PathBuf;

use consul_ls::analysis::{Analysis, AnalysisHost, Change};
use consul_ls::rules::Diagnostic;
use consul_ls::workspace::{Root, SourceFile};

const ROOT: &str = "/virtual/related";

const MANIFEST: &str = r#"cluster "c1" {
  paths = ["c1"]
}
cluster "c2" {
  paths       = ["c2"]
  acl_enabled = true
}
"#;

/// c1 imports `billing` from c2, which does not export it (`service-not-exported`, related to c2's entry) and
/// names a peer no cluster answers to (`unknown-peer`, related to c1's manifest block); c2's gateway policy
/// lacks `mesh = "write"` (related to the gateway's registration).
fn files() -> Vec<(&'static str, String)> {
    vec![
        ("consul-ls.hcl", MANIFEST.to_string()),
        (
            "c1/web.hcl",
            "service {\n  name = \"web\"\n  port = 80\n  connect { sidecar_service { proxy { upstreams = [\n    { destination_name = \"billing\", destination_peer = \"c2\", local_bind_port = 9000 },\n    { destination_name = \"audit\", destination_peer = \"nowhere\", local_bind_port = 9001 },\n  ] } } }\n}\n".to_string(),
        ),
        ("c1/mesh.hcl", "Kind = \"mesh\"\nPeering { PeerThroughMeshGateways = true }\n".to_string()),
        (
            "c2/exports.hcl",
            "Kind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"other\", Consumers = [{ Peer = \"c1\" }] }]\n".to_string(),
        ),
        ("c2/gateway.hcl", "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n".to_string()),
        (
            "c2/policy.hcl",
            "service \"mesh-gateway\" {\n  policy = \"write\"\n}\nservice_prefix \"\" {\n  policy = \"read\"\n}\npeering = \"read\"\n".to_string(),
        ),
        ("c2/mesh.hcl", "Kind = \"mesh\"\nPeering { PeerThroughMeshGateways = true }\n".to_string()),
    ]
}

fn path(rel: &str) -> PathBuf {
    PathBuf::from(ROOT).join(rel)
}

fn host(files: &[(&str, String)]) -> AnalysisHost {
    let sources = files.iter().map(|(rel, text)| SourceFile::new(path(rel), text.as_str().into())).collect();
    AnalysisHost::with_sources(vec![Root { path: PathBuf::from(ROOT), is_dir: true }], sources)
}

/// A related location as a path and a byte range.
type Place = (PathBuf, u32, u32);

/// Every finding by file path, with its related locations.
fn findings(analysis: &Analysis) -> BTreeMap<PathBuf, Vec<(Diagnostic, Vec<Place>)>> {
    let ws = analysis.workspace();
    ws.files
        .iter()
        .map(|(id, file)| {
            let list = analysis
                .diagnostics(id)
                .into_iter()
                .map(|mut d| {
                    // File ids differ between two hosts: compare the related locations by path.
                    let related =
                        d.related.iter().map(|r| (ws.file(r.file).path.clone(), r.range.start, r.range.end)).collect();
                    d.related.clear();
                    (d, related)
                })
                .collect();
            (file.path.clone(), list)
        })
        .filter(|(_, list): &(PathBuf, Vec<_>)| !list.is_empty())
        .collect()
}

/// Applies an edit to a host built from `files` and compares with a fresh analysis of the result; returns the
/// related locations of the findings of `of` after the edit.
fn edit_and_compare(files: &[(&str, String)], rel: &str, text: &str, of: &str) -> Vec<Place> {
    let mut host = host(files);
    let mut change = Change::default();
    change.set_text(path(rel), text);
    host.apply_change(change);
    let incremental = findings(&host.analysis());
    let mut edited: Vec<(&str, String)> = files.iter().filter(|(r, _)| *r != rel).cloned().collect();
    edited.push((rel, text.to_string()));
    let fresh = findings(&self::host(&edited).analysis());
    assert_eq!(incremental, fresh, "incremental vs fresh after editing {rel}");
    incremental.get(&path(of)).into_iter().flatten().flat_map(|(_, related)| related.clone()).collect()
}

#[test]
fn the_scenario_has_related_locations() {
    let all = findings(&host(&files()).analysis());
    let web = &all[&path("c1/web.hcl")];
    let codes: Vec<&str> = web.iter().map(|(d, _)| d.code.as_str()).collect();
    assert_eq!(codes, ["service-not-exported", "unknown-peer"]);
    assert_eq!(web[0].1, [(path("c2/exports.hcl"), 0, 26)]);
    assert_eq!(web[1].1[0].0, path("consul-ls.hcl"));
    let policy = &all[&path("c2/policy.hcl")];
    assert_eq!(policy[0].0.code.as_str(), "acl-gateway-mesh-write");
    assert_eq!(policy[0].1[0].0, path("c2/gateway.hcl"));
}

#[test]
fn editing_the_peer_entry_moves_the_related_location() {
    let exports = files()[3].1.clone();
    let related = edit_and_compare(&files(), "c2/exports.hcl", &format!("# exports of c2\n\n{exports}"), "c1/web.hcl");
    assert!(related.contains(&(path("c2/exports.hcl"), 17, 43)), "{related:?}");
}

#[test]
fn editing_the_manifest_without_changing_clusters_moves_the_related_location() {
    let related = edit_and_compare(&files(), "consul-ls.hcl", &format!("# the estate\n{MANIFEST}"), "c1/web.hcl");
    assert!(related.contains(&(path("consul-ls.hcl"), 21, 25)), "{related:?}");
}

#[test]
fn editing_the_gateway_moves_the_related_location_of_the_acl_findings() {
    let gateway = files()[4].1.clone();
    let related = edit_and_compare(&files(), "c2/gateway.hcl", &format!("# the gateway\n{gateway}"), "c2/policy.hcl");
    assert!(related.iter().all(|r| r.0 == path("c2/gateway.hcl") && r.1 > 14), "{related:?}");
}

#[test]
fn an_exported_services_entry_appearing_in_the_peer_becomes_the_related_location() {
    // Without an entry in c2 the finding points at c2's manifest block; an (empty) entry appearing takes over.
    let without: Vec<(&str, String)> = files().into_iter().filter(|(r, _)| *r != "c2/exports.hcl").collect();
    let before = findings(&host(&without).analysis());
    let related = &before[&path("c1/web.hcl")][0].1;
    assert_eq!(related[0].0, path("consul-ls.hcl"));
    let empty = "Kind = \"exported-services\"\nName = \"default\"\nServices = []\n";
    let related = edit_and_compare(&without, "c2/empty-exports.hcl", empty, "c1/web.hcl");
    assert!(related.contains(&(path("c2/empty-exports.hcl"), 0, 26)), "{related:?}");
}
