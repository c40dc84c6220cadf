//! The incremental analysis does only the work an edit calls for (see the design in `src/analysis/mod.rs`), and
//! its result always equals a fresh analysis of the same files. The counts are the design: if an edit that leaves
//! a file's contribution alone starts re-checking other files, or a rename re-checks more than its dependants,
//! these tests fail.

use std::collections::BTreeMap;
use std::path::PathBuf;

use consul_ls::analysis::{Analysis, AnalysisHost, Change, ChangeReport};
use consul_ls::workspace::{Root, SourceFile};

const ROOT: &str = "/virtual/estate";

const MANIFEST: &str = r#"
cluster "c1" {
  paths = ["c1"]
}
cluster "c2" {
  paths = ["c2"]
}
cluster "c3" {
  paths = ["c3"]
}
"#;

fn service(name: &str, port: u32, upstreams: &[(&str, Option<&str>)]) -> String {
    let list: Vec<String> = upstreams
        .iter()
        .enumerate()
        .map(|(i, (target, peer))| {
            let peer = peer.map(|p| format!(", destination_peer = \"{p}\"")).unwrap_or_default();
            format!("{{ destination_name = \"{target}\"{peer}, local_bind_port = {} }}", 9000 + i)
        })
        .collect();
    format!(
        "service {{\n  name = \"{name}\"\n  port = {port}\n  connect {{ sidecar_service {{ proxy {{ upstreams = [{}] }} }} }}\n}}\n",
        list.join(", ")
    )
}

const GATEWAY: &str = "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n";

fn exports(services: &[&str], peer: &str) -> String {
    let list: Vec<String> =
        services.iter().map(|s| format!("{{ Name = \"{s}\", Consumers = [{{ Peer = \"{peer}\" }}] }}")).collect();
    format!("Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  {}\n]\n", list.join(",\n  "))
}

/// Three clusters: c1 imports `backend` from c2 through a peer, c2 uses it locally too, c3 imports it as well;
/// 40 unrelated services per cluster.
fn files() -> Vec<(String, String)> {
    let mut files = vec![
        ("consul-ls.hcl".to_string(), MANIFEST.to_string()),
        ("c1/frontend.hcl".into(), service("frontend", 8080, &[("backend", Some("c2")), ("billing", None)])),
        ("c1/gateway.hcl".into(), GATEWAY.into()),
        ("c2/backend.hcl".into(), service("backend", 9090, &[])),
        ("c2/internal.hcl".into(), service("internal", 9091, &[("backend", None)])),
        ("c2/exports.hcl".into(), exports(&["backend", "billing"], "c1")),
        ("c2/gateway.hcl".into(), GATEWAY.into()),
        ("c2/billing.hcl".into(), service("billing", 9092, &[])),
        ("c3/reports.hcl".into(), service("reports", 7070, &[("backend", Some("c2"))])),
    ];
    for c in ["c1", "c2", "c3"] {
        for i in 0..40 {
            files.push((format!("{c}/filler-{i}.hcl"), service(&format!("{c}-filler-{i}"), 10000 + i, &[])));
        }
    }
    files
}

fn path(rel: &str) -> PathBuf {
    PathBuf::from(ROOT).join(rel)
}

fn host(files: &[(String, String)]) -> AnalysisHost {
    let sources = files.iter().map(|(rel, text)| SourceFile::new(path(rel), text.as_str().into())).collect();
    AnalysisHost::with_sources(vec![Root { path: PathBuf::from(ROOT), is_dir: true }], sources)
}

/// Every finding, by file path: what `check` would report.
fn findings(analysis: &Analysis) -> BTreeMap<PathBuf, Vec<String>> {
    let ws = analysis.workspace();
    ws.files
        .iter()
        .map(|(id, file)| {
            let list =
                analysis.diagnostics(id).iter().map(|d| format!("{:?} {} {}", d.range, d.code, d.message)).collect();
            (file.path.clone(), list)
        })
        .collect()
}

/// Applies one edit and checks the result against a fresh analysis of the resulting files.
fn edit(host: &mut AnalysisHost, files: &mut Vec<(String, String)>, rel: &str, text: String) -> ChangeReport {
    match files.iter_mut().find(|(r, _)| r == rel) {
        Some(slot) => slot.1 = text.clone(),
        None => files.push((rel.to_string(), text.clone())),
    }
    let mut change = Change::default();
    change.set_text(path(rel), text);
    let report = host.apply_change(change);
    assert_eq!(findings(&host.analysis()), findings(&host_fresh(files)), "incremental ≠ fresh after editing {rel}");
    report
}

fn host_fresh(files: &[(String, String)]) -> Analysis {
    host(files).analysis()
}

fn rel_paths(analysis: &Analysis, report: &ChangeReport) -> Vec<String> {
    let ws = analysis.workspace();
    report
        .affected
        .iter()
        .map(|&f| ws.file(f).path.strip_prefix(ROOT).unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_edit_that_leaves_the_contribution_alone_rechecks_one_file() {
    let mut files = files();
    let mut host = host(&files);
    let report = edit(&mut host, &mut files, "c1/filler-3.hcl", service("c1-filler-3", 10999, &[]));
    assert_eq!((report.reparsed_files, report.rechecked_files, report.rechecked_clusters), (1, 1, 0));
    assert!(!report.full);
    // Typing an unknown key changes the file's own findings, nobody else's.
    let report =
        edit(&mut host, &mut files, "c1/filler-3.hcl", service("c1-filler-3", 10999, &[]).replace("port", "prot"));
    assert_eq!((report.rechecked_files, report.rechecked_clusters), (1, 0));
    assert_eq!(rel_paths(&host.analysis(), &report), ["c1/filler-3.hcl"]);
}

#[test]
fn the_same_text_again_does_nothing() {
    let files = files();
    let mut host = host(&files);
    let mut change = Change::default();
    change.set_text(path("c2/backend.hcl"), files[3].1.clone());
    let report = host.apply_change(change);
    assert_eq!(report, ChangeReport::default());
}

#[test]
fn renaming_a_service_rechecks_its_dependants_only() {
    let mut files = files();
    let mut host = host(&files);
    // `backend` is named by c2/internal.hcl locally: that file and the renamed one are re-checked. Importers in
    // other clusters depend on c2's exports, which did not change.
    let report = edit(&mut host, &mut files, "c2/backend.hcl", service("backend-v2", 9090, &[]));
    assert_eq!(report.rechecked_files, 2, "{report:?}");
    assert_eq!(report.rechecked_clusters, 0);
    // c2/internal.hcl was re-checked but its findings did not change (nobody exports `backend` to c2), so only the
    // renamed file is reported as affected.
    assert_eq!(rel_paths(&host.analysis(), &report), ["c2/backend.hcl"]);
}

#[test]
fn changing_an_export_rechecks_the_importers_in_every_cluster() {
    let mut files = files();
    let mut host = host(&files);
    let report = edit(&mut host, &mut files, "c2/exports.hcl", exports(&["billing"], "c1"));
    // The exports file and every file naming `backend` (c1/frontend, c2/internal, c3/reports).
    assert_eq!(report.rechecked_files, 4, "{report:?}");
    let affected = rel_paths(&host.analysis(), &report);
    assert!(affected.contains(&"c1/frontend.hcl".to_string()), "{affected:?}");
    // Exporting `*` concerns every upstream of every cluster.
    let report = edit(&mut host, &mut files, "c2/exports.hcl", exports(&["*"], "c1"));
    assert_eq!(report.rechecked_files, 4, "{report:?}");
}

#[test]
fn a_destination_peer_edit_rechecks_its_file_and_its_cluster() {
    let mut files = files();
    let mut host = host(&files);
    let text = service("frontend", 8080, &[("backend", Some("c3")), ("billing", None)]);
    let report = edit(&mut host, &mut files, "c1/frontend.hcl", text);
    assert_eq!((report.rechecked_files, report.rechecked_clusters), (1, 1), "{report:?}");
}

#[test]
fn adding_and_removing_files() {
    let mut files = files();
    let mut host = host(&files);
    // A new file registering `billing` in c1: the local upstream of c1/frontend now resolves here.
    let report = edit(&mut host, &mut files, "c1/billing.hcl", service("billing", 5000, &[]));
    assert_eq!(report.rechecked_files, 2, "{report:?}");
    files.retain(|(rel, _)| rel != "c1/billing.hcl");
    let mut change = Change::default();
    change.remove(path("c1/billing.hcl"));
    let report = host.apply_change(change);
    assert_eq!(report.removed.len(), 1);
    assert_eq!(report.rechecked_files, 1, "{report:?}");
    assert_eq!(findings(&host.analysis()), findings(&host_fresh(&files)));
}

#[test]
fn a_manifest_change_rechecks_everything() {
    let mut files = files();
    let mut host = host(&files);
    let report = edit(
        &mut host,
        &mut files,
        "consul-ls.hcl",
        MANIFEST.replace("paths = [\"c3\"]", "paths = [\"c3\"]\n  acl_enabled = true"),
    );
    assert!(report.full);
    // A comment does not change the clusters.
    let commented = format!("# clusters\n{}", files[0].1);
    let report = edit(&mut host, &mut files, "consul-ls.hcl", commented);
    assert!(!report.full, "{report:?}");
}

#[test]
fn random_edit_sequences_match_a_fresh_analysis() {
    // A deterministic walk through edits that change names, peers, exports and gateways.
    let mut files = files();
    let mut host = host(&files);
    let edits: Vec<(&str, String)> = vec![
        ("c2/gateway.hcl", "# gone\n".to_string()),
        ("c1/frontend.hcl", service("frontend", 8080, &[("backend", None), ("billing", Some("c2"))])),
        ("c2/exports.hcl", exports(&["backend"], "c3")),
        ("c3/reports.hcl", service("reports", 7070, &[("billing", Some("c1"))])),
        ("c2/gateway.hcl", GATEWAY.to_string()),
        ("c2/billing.hcl", "Kind = \"service-resolver\"\nName = \"billing\"\n".to_string()),
        ("c1/frontend.hcl", "service { name = \"frontend\"".to_string()),
        ("c2/exports.hcl", exports(&["*"], "c1")),
        ("c1/frontend.hcl", service("frontend", 8080, &[("backend", Some("c2"))])),
    ];
    for (rel, text) in edits {
        edit(&mut host, &mut files, rel, text);
    }
}

/// interface.md, "Which files are Consul files": inside a manifest cluster's `paths`, a file the content alone does
/// not recognise is a Consul file (checked as an agent configuration), unless it is positively another tool's.
#[test]
fn inside_a_manifest_cluster_an_unrecognised_file_is_a_consul_file() {
    let mut files = files();
    files.push(("c1/odd.hcl".into(), "log_levle = \"INFO\"\n".into()));
    files.push(("c1/main.tf.hcl".into(), "resource \"aws_instance\" \"web\" {\n  ami = \"x\"\n}\n".into()));
    files.push(("outside/odd.hcl".into(), "log_levle = \"INFO\"\n".into()));
    let mut host = host(&files);
    let all = findings(&host.analysis());
    let odd = &all[&path("c1/odd.hcl")];
    assert!(odd.iter().any(|f| f.contains("unknown-field")), "{odd:?}");
    assert_eq!(all[&path("c1/main.tf.hcl")], Vec::<String>::new(), "Terraform stays silent");
    assert_eq!(all[&path("outside/odd.hcl")], Vec::<String>::new(), "outside every cluster: in doubt, silent");
    // Typing in it keeps it a Consul file (and incremental = fresh, checked by `edit`).
    edit(&mut host, &mut files, "c1/odd.hcl", "log_level = \"INFO\"\nbogus = 1\n".into());
    let odd = &findings(&host.analysis())[&path("c1/odd.hcl")];
    assert!(odd.iter().any(|f| f.contains("unknown-field") && f.contains("bogus")), "{odd:?}");
}

/// In the editor, a Consul file that breaks while it is typed stays a Consul file: its syntax error shows.
#[test]
fn a_consul_file_that_breaks_while_edited_stays_one() {
    let files = files();
    let mut host = host(&files);
    // Outside the manifest's clusters too: nothing but the previous version says it is Consul's.
    let rel = "elsewhere/web.hcl";
    let mut change = Change::default();
    change.set_text(path(rel), service("web", 80, &[]));
    host.apply_change(change);
    let mut change = Change::default();
    // Broken so early that the error-tolerant tree alone no longer says "service definition".
    change.set_text(path(rel), "{{{ service {\n  name = \"web\"\n");
    host.apply_change(change);
    let analysis = host.analysis();
    let ws = analysis.workspace();
    let id = ws.files.id(&path(rel)).expect("the file is in the workspace");
    let list: Vec<String> = analysis.diagnostics(id).iter().map(|d| d.code.to_string()).collect();
    assert!(list.iter().any(|c| c == "syntax"), "{list:?}");
    // A fresh analysis (a `check` run) of the same broken text stays silent: the content says nothing.
    let mut fresh_files = files.clone();
    fresh_files.push((rel.into(), "{{{ service {\n  name = \"web\"\n".into()));
    let fresh = host_fresh(&fresh_files);
    let fid = fresh.workspace().files.id(&path(rel)).unwrap();
    let fresh_codes: Vec<String> = fresh.diagnostics(fid).iter().map(|d| d.code.to_string()).collect();
    assert_eq!(fresh_codes, Vec::<String>::new(), "without a previous version, the content alone decides");
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes: YAML files edited one at a time; cluster-wide facts (Helm values, PeeringAcceptor/PeeringDialer)
// change what other files mean.

const K8S_MANIFEST: &str = r#"
cluster "k1" {
  paths       = ["k1"]
  helm_values = ["helm/k1-values.yaml"]
}
cluster "k2" {
  paths = ["k2"]
}
"#;

fn values(namespaces: bool, gateway: bool, acls: bool) -> String {
    format!(
        "global:\n  name: consul\n  enableConsulNamespaces: {namespaces}\n  peering:\n    enabled: true\n  tls:\n    enabled: true\n  acls:\n    manageSystemACLs: {acls}\nconnectInject:\n  enabled: true\nmeshGateway:\n  enabled: {gateway}\n"
    )
}

fn peering(kind: &str, name: &str, secret: &str) -> String {
    format!(
        "apiVersion: consul.hashicorp.com/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n  peer:\n    secret:\n      name: {secret}\n      key: data\n      backend: kubernetes\n"
    )
}

fn workload(name: &str, upstreams: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      annotations:\n        consul.hashicorp.com/connect-inject: \"true\"\n        consul.hashicorp.com/connect-service-upstreams: \"{upstreams}\"\n    spec:\n      containers:\n        - name: app\n          image: app:1\n"
    )
}

fn k8s_exports(services: &[&str], peer: &str) -> String {
    let list: Vec<String> =
        services.iter().map(|s| format!("    - name: {s}\n      consumers:\n        - peer: {peer}\n")).collect();
    format!(
        "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ExportedServices\nmetadata:\n  name: default\nspec:\n  services:\n{}",
        list.concat()
    )
}

const MESH_YAML: &str = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh\nspec:\n  peering:\n    peerThroughMeshGateways: true\n";

/// Two Kubernetes clusters: k1 (values listed in the manifest, outside its folder) imports `backend` from k2
/// through peer "dc2"; the acceptor in k1 and the dialer in k2 pair by their secret. 30 unrelated workloads each.
fn k8s_files() -> Vec<(String, String)> {
    let mut files = vec![
        ("consul-ls.hcl".to_string(), K8S_MANIFEST.to_string()),
        ("helm/k1-values.yaml".into(), values(false, true, true)),
        ("k2/values.yaml".into(), values(false, true, true)),
        ("k1/acceptor.yaml".into(), peering("PeeringAcceptor", "dc2", "token-k1-k2")),
        ("k2/dialer.yaml".into(), peering("PeeringDialer", "dc1", "token-k1-k2")),
        ("k1/mesh.yaml".into(), MESH_YAML.into()),
        ("k2/mesh.yaml".into(), MESH_YAML.into()),
        ("k1/frontend.yaml".into(), workload("frontend", "backend.svc.dc2.peer:9090")),
        ("k2/backend.yaml".into(), workload("backend", "")),
        ("k2/exports.yaml".into(), k8s_exports(&["backend"], "dc1")),
    ];
    for c in ["k1", "k2"] {
        for i in 0..30 {
            files.push((format!("{c}/filler-{i}.yaml"), workload(&format!("{c}-filler-{i}"), "")));
        }
    }
    files
}

fn messages(analysis: &Analysis, rel: &str) -> Vec<String> {
    let ws = analysis.workspace();
    let id = ws.file_id(&path(rel)).expect("file");
    analysis.diagnostics(id).iter().map(|d| format!("{} {}", d.code, d.message)).collect()
}

#[test]
fn k8s_estate_is_clean_and_a_workload_edit_rechecks_one_file() {
    let mut files = k8s_files();
    let mut host = host(&files);
    let all: Vec<String> = findings(&host.analysis()).into_values().flatten().collect();
    assert!(all.is_empty(), "{all:?}");
    // A filler edit that leaves its contribution alone.
    let report = edit(&mut host, &mut files, "k1/filler-3.yaml", workload("k1-filler-3", "").replace("app:1", "app:2"));
    assert_eq!((report.reparsed_files, report.rechecked_files, report.rechecked_clusters), (1, 1, 0));
    assert!(!report.full);
    // Pointing the upstream at another peer: that file and its cluster.
    let report = edit(&mut host, &mut files, "k1/frontend.yaml", workload("frontend", "backend.svc.k2.peer:9090"));
    assert_eq!((report.rechecked_files, report.rechecked_clusters, report.full), (1, 1, false), "{report:?}");
    assert!(messages(&host.analysis(), "k1/frontend.yaml").iter().any(|m| m.starts_with("unknown-peer")));
}

#[test]
fn k8s_exports_and_gateways_recheck_their_dependants() {
    let mut files = k8s_files();
    let mut host = host(&files);
    let report = edit(&mut host, &mut files, "k2/exports.yaml", k8s_exports(&["other"], "dc1"));
    assert!(!report.full);
    assert!(messages(&host.analysis(), "k1/frontend.yaml").iter().any(|m| m.starts_with("service-not-exported")));
    // The Helm values' mesh gateway: a cluster fact.
    let report = edit(&mut host, &mut files, "k2/values.yaml", values(false, false, true));
    assert!(report.rechecked_clusters >= 1, "{report:?}");
    assert!(messages(&host.analysis(), "k2/exports.yaml").iter().any(|m| m.starts_with("export-without-mesh-gateway")));
    edit(&mut host, &mut files, "k2/values.yaml", values(false, true, true));
    edit(&mut host, &mut files, "k2/exports.yaml", k8s_exports(&["backend"], "dc1"));
    assert!(messages(&host.analysis(), "k1/frontend.yaml").is_empty());
}

#[test]
fn k8s_peering_resources_decide_peer_names_everywhere() {
    let mut files = k8s_files();
    let mut host = host(&files);
    // The dialer in k2 names a different secret: the pair breaks, and k1's peer "dc2" (no cluster has that name)
    // leads nowhere.
    let report = edit(&mut host, &mut files, "k2/dialer.yaml", peering("PeeringDialer", "dc1", "another-token"));
    assert!(report.full, "{report:?}");
    let found = messages(&host.analysis(), "k1/frontend.yaml");
    assert!(found.iter().any(|m| m.starts_with("unknown-peer") && m.contains("names no cluster")), "{found:?}");
    // Renaming the acceptor: "dc2" is no longer a peer of k1.
    edit(&mut host, &mut files, "k2/dialer.yaml", peering("PeeringDialer", "dc1", "token-k1-k2"));
    let report =
        edit(&mut host, &mut files, "k1/acceptor.yaml", peering("PeeringAcceptor", "cluster-2", "token-k1-k2"));
    assert!(report.full);
    let found = messages(&host.analysis(), "k1/frontend.yaml");
    assert!(found.iter().any(|m| m.starts_with("unknown-peer") && m.contains("cluster-2")), "{found:?}");
}

#[test]
fn k8s_helm_install_facts_reread_the_clusters_yaml() {
    let mut files = k8s_files();
    let mut host = host(&files);
    // Namespaces on in k1 (its values file is listed in the manifest, outside k1/): the upstream grammar needs
    // `.NS.ns` before `.peer`, so frontend.yaml — not edited — now has a finding.
    let report = edit(&mut host, &mut files, "helm/k1-values.yaml", values(true, true, true));
    assert!(report.full, "{report:?}");
    let found = messages(&host.analysis(), "k1/frontend.yaml");
    assert!(found.iter().any(|m| m.contains("upstream structured incorrectly")), "{found:?}");
    // And back.
    edit(&mut host, &mut files, "helm/k1-values.yaml", values(false, true, true));
    assert!(messages(&host.analysis(), "k1/frontend.yaml").is_empty());
    // An edit of the values that leaves the install facts alone is not a full re-check.
    let report = edit(&mut host, &mut files, "helm/k1-values.yaml", format!("# k1\n{}", values(false, true, true)));
    assert!(!report.full, "{report:?}");
    // ACLs managed by the chart or not: without it, the gateway's policy is nobody's.
    let mut with_manifest_acls = files.clone();
    with_manifest_acls[0].1 = K8S_MANIFEST.replace("paths = [\"k2\"]", "paths = [\"k2\"]\n  acl_enabled = true");
    let mut acl_host = self::host(&with_manifest_acls);
    let report = edit(&mut acl_host, &mut with_manifest_acls, "k2/values.yaml", values(false, true, false));
    assert!(report.rechecked_clusters >= 1);
    let found = messages(&acl_host.analysis(), "k2/values.yaml");
    assert!(found.iter().any(|m| m.starts_with("acl-gateway-service-write")), "{found:?}");
}

#[test]
fn k8s_multi_document_files_and_random_edits() {
    let mut files = k8s_files();
    let mut host = host(&files);
    // Two documents in one file; the first broken: the second still counts (its upstream is checked).
    let broken = format!("apiVersion: v1\nkind: [\n---\n{}", workload("frontend", "backend.svc.nowhere.peer:9090"));
    edit(&mut host, &mut files, "k1/frontend.yaml", broken);
    let found = messages(&host.analysis(), "k1/frontend.yaml");
    assert!(found.iter().any(|m| m.starts_with("unknown-peer")), "{found:?}");
    let edits: Vec<(&str, String)> = vec![
        ("k1/frontend.yaml", workload("frontend", "backend.svc.dc2.peer:9090, backend.svc:9090")),
        ("k2/exports.yaml", k8s_exports(&["backend", "other"], "dc1")),
        ("k2/values.yaml", values(true, false, true)),
        ("k1/acceptor.yaml", "# gone\n".to_string()),
        ("k1/acceptor.yaml", peering("PeeringAcceptor", "dc2", "token-k1-k2")),
        ("helm/k1-values.yaml", values(true, false, false)),
        ("k2/mesh.yaml", MESH_YAML.replace("true", "\"true\"")),
        ("k1/frontend.yaml", workload("frontend", "backend.svc.default.ns.dc2.peer:9090")),
        ("helm/k1-values.yaml", "not: helm values at all\n".to_string()),
        ("k2/values.yaml", values(false, true, true)),
    ];
    for (rel, text) in edits {
        edit(&mut host, &mut files, rel, text);
    }
}

/// Found by the `analysis` fuzz target: a manifest edit that gives a cluster its `paths` re-checks the manifest's
/// own findings for that cluster (a path that matches nothing).
#[test]
fn a_manifest_edit_rechecks_the_manifest_findings() {
    let manifest = |key: &str| {
        format!(
            "cluster \"cluster-01\" {{\n  {key} = [\"cluster-01\"]\n}}\n\ncluster \"cluster-02\" {{\n  paths = [\"cluster-02\", \"clustr-03\"]\n}}\n"
        )
    };
    let mut files = vec![
        ("consul-ls.hcl".to_string(), manifest("path")),
        ("c1/f0.hcl".to_string(), "datacenter = \"dc1\"\n".to_string()),
        ("c2/f1.hcl".to_string(), "service {\n  name = \"api\"\n  port = 8080\n}\n".to_string()),
    ];
    let mut host = host(&files);
    edit(&mut host, &mut files, "consul-ls.hcl", manifest("paths"));
    let all = findings(&host.analysis());
    let manifest_findings = &all[&path("consul-ls.hcl")];
    assert!(
        manifest_findings.iter().any(|f| f.contains("paths entry \"cluster-01\" of cluster \"cluster-01\"")),
        "{manifest_findings:#?}"
    );
}
