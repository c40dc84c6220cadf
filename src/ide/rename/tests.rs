//! Renames on a two-cluster workspace that uses every kind of reference; each result is snapshotted (the whole
//! text of every edited file), applied to the analysis (incrementally, checked against a fresh analysis) and
//! must leave the findings as they were.

use super::*;
use crate::ide::testing::{self, render_changes, render_findings};

/// c1 imports `backend` from c2 through the mapped peer `to-c2`; c2 exports it to `c1` (by cluster name), and
/// names it in intentions, a resolver, a router, a splitter, ACL rules (HCL, JSON, an API policy's Rules string).
const ESTATE: &str = r#"
//- consul-ls.hcl
cluster "c1" {
  paths = ["c1"]
  peers = { "to-c2" = "c2" }
}
cluster "c2" {
  paths = ["c2"]
}
//- c1/frontend.hcl
service {
  name = "frontend"
  port = 8080
  connect {
    sidecar_service {
      proxy {
        upstreams = [
          { destination_name = "backend", destination_peer = "to-c2", local_bind_port = 9000 },
        ]
      }
    }
  }
}
//- c1/mesh.hcl
Kind = "mesh"
Peering {
  PeerThroughMeshGateways = true
}
//- c1/gateway.hcl
service {
  name = "mesh-gateway"
  kind = "mesh-gateway"
  port = 8443
}
//- c2/backend.hcl
service {
  name = "backend"
  port = 9090
  connect {
    sidecar_service {
      proxy {
        upstreams = [{ destination_name = "backend-db", local_bind_port = 9100 }]
      }
    }
  }
}
services {
  name = "backend-v2"
  port = 9091
}
services {
  name = "backend-db"
  port = 5432
}
//- c2/gateway.hcl
service {
  name = "mesh-gateway"
  kind = "mesh-gateway"
  port = 8443
}
//- c2/mesh.hcl
Kind = "mesh"
Peering {
  PeerThroughMeshGateways = true
}
//- c2/exports.hcl
Kind = "exported-services"
Name = "default"
Services = [
  { Name = "backend", Consumers = [{ Peer = "c1" }] },
]
//- c2/defaults.json
{
  "Kind": "service-defaults",
  "Name": "backend",
  "Protocol": "http"
}
//- c2/intentions.hcl
Kind = "service-intentions"
Name = "backend"
Sources = [
  { Name = "frontend", Peer = "c1", Action = "allow" },
]
//- c2/resolver.hcl
Kind = "service-resolver"
Name = "backend"
Redirect {
  Service = "backend-v2"
}
//- c2/router.hcl
Kind = "service-router"
Name = "backend-db"
Routes = [
  { Match { HTTP { PathPrefix = "/" } }, Destination { Service = "backend" } },
]
//- c2/splitter.hcl
Kind = "service-splitter"
Name = "backend-v2"
Splits = [
  { Weight = 100, Service = "backend" },
]
//- c2/policy.hcl
service "backend" {
  policy = "write"
}
//- c2/policy.json
{
  "service": {
    "backend": {
      "policy": "read"
    }
  }
}
//- c2/api-policy.json
{
  "Name": "backend-api",
  "Rules": "service \"backend\" {\n  policy = \"write\"\n}\n"
}
"#;

/// The estate with `$0` put before the `n`-th (0-based) occurrence of `needle` in `path`.
fn at(path: &str, needle: &str, n: usize) -> String {
    let marker = format!("//- {path}\n");
    let start = ESTATE.find(&marker).unwrap_or_else(|| panic!("no {path}")) + marker.len();
    let end = ESTATE[start..].find("//- ").map_or(ESTATE.len(), |i| start + i);
    let (offset, _) = ESTATE[start..end].match_indices(needle).nth(n).unwrap_or_else(|| panic!("{needle} in {path}"));
    let at = start + offset + 1;
    format!("{}$0{}", &ESTATE[..at], &ESTATE[at..])
}

/// Renames at the cursor and returns the edited files; checks that the result re-analyses to the same findings
/// (modulo the renamed name in messages).
fn check(fixture: &str, new_name: &str) -> String {
    let (mut host, file, offset) = testing::host(fixture);
    let before = host.analysis();
    let target = prepare_rename(&before, file, offset).expect("a renamable name");
    let changes = rename(&before, file, offset, new_name).expect("rename");
    let rendered = render_changes(&before, &changes);
    let findings_before = render_findings(&before);
    testing::apply(&mut host, &changes);
    let after = host.analysis();
    let renamed = |text: &str| text.replace(&format!("\"{}\"", target.name), &format!("\"{new_name}\""));
    assert_eq!(
        renamed(&render_findings(&after)),
        renamed(&findings_before),
        "findings after renaming {:?} to {new_name}",
        target.name
    );
    rendered
}

fn refused(fixture: &str, new_name: &str) -> String {
    let (analysis, file, offset) = testing::analysis(fixture);
    rename(&analysis, file, offset, new_name).expect_err("refused").0
}

#[test]
fn the_estate_is_clean_before() {
    let (analysis, _, _) = testing::analysis(ESTATE);
    assert_eq!(render_findings(&analysis), "");
}

#[test]
fn prepare_names_what_is_renamed() {
    let show = |fixture: String| {
        let (analysis, file, offset) = testing::analysis(&fixture);
        let target = prepare_rename(&analysis, file, offset).unwrap();
        format!("{} {:?}", testing::show_range(&analysis, file, target.range), target.subject)
    };
    let cases = [
        show(at("c2/backend.hcl", "\"backend\"", 0)),
        show(at("c1/frontend.hcl", "\"backend\"", 0)),
        show(at("c1/frontend.hcl", "\"to-c2\"", 0)),
        show(at("c2/exports.hcl", "\"c1\"", 0)),
        show(at("c2/api-policy.json", "backend\\\"", 0)),
        show(at("consul-ls.hcl", "\"c2\" {", 0)),
        show(at("consul-ls.hcl", "\"to-c2\"", 0)),
        show(at("consul-ls.hcl", "\"c2\" }", 0)),
    ];
    insta::assert_snapshot!(cases.join("\n"));
}

#[test]
fn prepare_refuses_what_is_not_a_name() {
    let refusals = [
        at("c2/backend.hcl", "port", 0),
        at("c2/exports.hcl", "Kind", 0),
        at("c2/policy.hcl", "\"write\"", 0),
        "//- a.hcl\nKind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"$0*\", Consumers = [{ Peer = \"x\" }] }]\n".to_string(),
    ];
    let messages: Vec<String> = refusals
        .iter()
        .map(|fixture| {
            let (analysis, file, offset) = testing::analysis(fixture);
            prepare_rename(&analysis, file, offset).expect_err("not renamable").0
        })
        .collect();
    insta::assert_snapshot!(messages.join("\n"));
}

#[test]
fn rename_service_from_its_registration() {
    insta::assert_snapshot!(check(&at("c2/backend.hcl", "\"backend\"", 0), "orders"));
}

#[test]
fn rename_service_from_an_upstream_through_a_peer() {
    // The same edits as from the registration: the upstream resolves to c2's backend.
    assert_eq!(
        check(&at("c1/frontend.hcl", "\"backend\"", 0), "orders"),
        check(&at("c2/backend.hcl", "\"backend\"", 0), "orders")
    );
}

#[test]
fn rename_service_from_an_acl_rule_in_a_rules_string() {
    assert_eq!(
        check(&at("c2/api-policy.json", "backend\\\"", 0), "orders"),
        check(&at("c2/backend.hcl", "\"backend\"", 0), "orders")
    );
}

#[test]
fn rename_service_named_by_redirect_and_splitter() {
    insta::assert_snapshot!(check(&at("c2/backend.hcl", "\"backend-v2\"", 0), "backend-next"));
}

#[test]
fn rename_mapped_peer() {
    insta::assert_snapshot!(check(&at("c1/frontend.hcl", "\"to-c2\"", 0), "east"));
}

#[test]
fn rename_cluster_from_a_consumer_peer() {
    // `Peer = "c1"` in c2 is c1's own name (not mapped): the cluster is renamed.
    insta::assert_snapshot!(check(&at("c2/exports.hcl", "\"c1\"", 0), "west"));
}

#[test]
fn rename_cluster_from_the_manifest() {
    insta::assert_snapshot!(check(&at("consul-ls.hcl", "\"c2\" {", 0), "east"));
}

#[test]
fn invalid_new_names_are_refused() {
    let messages = [
        refused(&at("c2/backend.hcl", "\"backend\"", 0), ""),
        refused(&at("c2/backend.hcl", "\"backend\"", 0), "web app"),
        refused(&at("c2/backend.hcl", "\"backend\"", 0), "*"),
        refused(&at("c2/backend.hcl", "\"backend\"", 0), "backend-db"),
        refused(&at("c1/frontend.hcl", "\"to-c2\"", 0), "To_C2"),
        refused(&at("c1/frontend.hcl", "\"to-c2\"", 0), "c1"),
        refused(&at("consul-ls.hcl", "\"c2\" {", 0), "c1"),
        refused(&at("consul-ls.hcl", "\"c2\" {", 0), "-c3"),
    ];
    insta::assert_snapshot!(messages.join("\n"));
}

#[test]
fn clusters_named_after_folders_and_unknown_peers_are_refused() {
    let folder = "//- web.hcl\nservice {\n  name = \"web\"\n  port = 1\n  connect { sidecar_service { proxy { upstreams = [{ destination_name = \"db\", destination_peer = \"$0other\", local_bind_port = 2 }] } } }\n}\n";
    let (analysis, file, offset) = testing::analysis(folder);
    assert!(prepare_rename(&analysis, file, offset).unwrap_err().0.contains("names no cluster"));
    let no_paths = "//- consul-ls.hcl\ncluster \"$0c1\" {}\ncluster \"c2\" {}\n//- c1/a.hcl\nservice {\n  name = \"a\"\n  port = 1\n}\n";
    insta::assert_snapshot!(refused(no_paths, "c3"));
}

#[test]
fn same_name_is_no_change() {
    let (analysis, file, offset) = testing::analysis(&at("c2/backend.hcl", "\"backend\"", 0));
    assert_eq!(rename(&analysis, file, offset, "backend"), Ok(Vec::new()));
}
