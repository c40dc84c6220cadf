use std::path::Path;

use super::*;
use crate::ide::testing::{ROOT, fixture};

fn graph_of(files: &[(&str, &str)]) -> Graph {
    let (analysis, _, _) = fixture(files);
    let display = |path: &Path| path.strip_prefix(ROOT).unwrap_or(path).to_string_lossy().into_owned();
    graph(&analysis, &display, &|file| analysis.diagnostics(file))
}

const MANIFEST: &str = r#"
cluster "east" {
  paths = ["east"]
}
cluster "west" {
  paths = ["west"]
}
"#;

/// An upstream edge as (from, to, target, findings).
type UpstreamRow<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Vec<&'a str>);

fn upstreams(graph: &Graph) -> Vec<UpstreamRow<'_>> {
    graph
        .edges
        .iter()
        .filter_map(|e| match e {
            Edge::Upstream { from, to, target, findings, .. } => {
                Some((from.as_str(), to.as_deref(), target.as_deref(), findings.clone()))
            }
            Edge::Export { .. } => None,
        })
        .collect()
}

#[test]
fn peered_upstream_reaches_the_exported_registration() {
    let graph = graph_of(&[
        ("consul-ls.hcl", MANIFEST),
        (
            "east/web.hcl",
            r#"service {
  name = "web"
  connect { sidecar_service { proxy { upstreams = [
    { destination_name = "api", destination_peer = "west", local_bind_port = 1 },
    { destination_name = "db", destination_peer = "west", local_bind_port = 2 },
    { destination_name = "cache", local_bind_port = 3 },
    { destination_name = "mail", destination_peer = "nowhere", local_bind_port = 4 },
    { destination_name = "old", datacenter = "dc9", local_bind_port = 5 },
  ] } } }
}
service {
  name = "cache"
}
"#,
        ),
        ("west/api.hcl", "service {\n  name = \"api\"\n}\nservice {\n  name = \"db\"\n}\n"),
        (
            "west/exports.hcl",
            "Kind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"api\", Consumers = [{ Peer = \"east\" }] }]\n",
        ),
    ]);
    assert_eq!(
        upstreams(&graph),
        vec![
            ("east/default/default/web", Some("west/default/default/api"), None, vec![]),
            // Registered there but not exported: the edge reaches it, red.
            ("east/default/default/web", Some("west/default/default/db"), None, vec!["service-not-exported"]),
            // Local.
            ("east/default/default/web", Some("east/default/default/cache"), None, vec![]),
            ("east/default/default/web", None, Some("mail"), vec!["unknown-peer"]),
            ("east/default/default/web", None, Some("old"), vec![]),
        ]
    );
    let lines: Vec<u32> = graph.edges.iter().map(Edge::line).collect();
    // By `from`, then line: east's upstreams, then west's export.
    assert_eq!(lines, [4, 5, 6, 7, 8, 3]);
}

#[test]
fn json_matches_the_contract_shape() {
    let graph = graph_of(&[
        ("consul-ls.hcl", MANIFEST),
        (
            "east/web.hcl",
            "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [\n    { destination_name = \"api\", destination_peer = \"west\" }\n  ] } } }\n}\n",
        ),
        ("west/gw.hcl", "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n"),
        (
            "west/exports.hcl",
            "Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  { Name = \"billing\", Consumers = [{ Peer = \"east\" }] }\n]\n",
        ),
    ]);
    let json: serde_json::Value = serde_json::from_str(&graph.to_json()).unwrap();
    insta::assert_json_snapshot!(json, @r#"
    {
      "clusters": [
        {
          "name": "east",
          "partitions": [
            "default"
          ]
        },
        {
          "name": "west",
          "partitions": [
            "default"
          ]
        }
      ],
      "edges": [
        {
          "file": "east/web.hcl",
          "findings": [
            "service-not-exported"
          ],
          "from": "east/default/default/web",
          "kind": "upstream",
          "line": 4,
          "peer": "west",
          "target": "api",
          "to": null
        },
        {
          "file": "west/exports.hcl",
          "findings": [],
          "from": "west/default/default/billing",
          "kind": "export",
          "line": 4,
          "to_peer": "east"
        }
      ],
      "gateways": [
        {
          "cluster": "west",
          "declared_in": "file",
          "name": "mesh-gateway",
          "partition": "default"
        }
      ],
      "services": [
        {
          "cluster": "east",
          "file": "east/web.hcl",
          "id": "east/default/default/web",
          "kind": "",
          "line": 2,
          "name": "web",
          "namespace": "default",
          "partition": "default"
        },
        {
          "cluster": "west",
          "file": "west/gw.hcl",
          "id": "west/default/default/mesh-gateway",
          "kind": "mesh-gateway",
          "line": 2,
          "name": "mesh-gateway",
          "namespace": "default",
          "partition": "default"
        }
      ],
      "version": 1
    }
    "#);
    // Key order as the contract writes it.
    let text = graph.to_json();
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(at("version") < at("clusters") && at("clusters") < at("services"));
    assert!(at("services") < at("edges") && at("edges") < at("gateways"));
    let edge = &text[text.find("\"kind\": \"upstream\"").unwrap()..];
    assert!(edge.find("\"from\"") < edge.find("\"to\"") && edge.find("\"to\"") < edge.find("\"target\""));
}

#[test]
fn cluster_level_findings_on_a_peer_value_are_not_edge_findings() {
    // peering-without-mesh-config sits on the cluster's first destination_peer; it is about the cluster, not the
    // edge. service-not-exported on the same value is.
    let files = [
        ("consul-ls.hcl", MANIFEST),
        (
            "east/web.hcl",
            "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [\n    { destination_name = \"api\", destination_peer = \"west\" }\n  ] } } }\n}\n",
        ),
        ("west/api.hcl", "service {\n  name = \"api\"\n}\n"),
    ];
    let (analysis, web, _) =
        fixture(&files[1..2].iter().chain(&files[..1]).chain(&files[2..]).copied().collect::<Vec<_>>());
    let codes: Vec<&str> = analysis.diagnostics(web).iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"peering-without-mesh-config") && codes.contains(&"service-not-exported"), "{codes:?}");
    assert_eq!(upstreams(&graph_of(&files))[0].3, vec!["service-not-exported"]);
}

#[test]
fn suppressed_findings_leave_the_edge_clean() {
    let graph = graph_of(&[
        ("consul-ls.hcl", MANIFEST),
        (
            "east/web.hcl",
            "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [\n    {\n      destination_name = \"api\"\n      # consul-ls-ignore: service-not-exported\n      destination_peer = \"west\"\n    }\n  ] } } }\n}\n",
        ),
        ("west/api.hcl", "service {\n  name = \"api\"\n}\n"),
    ]);
    assert_eq!(upstreams(&graph)[0], ("east/default/default/web", Some("west/default/default/api"), None, vec![]));
}

#[test]
fn findings_follow_the_callers_view_of_the_diagnostics() {
    // The editor drops codes the user turned off; the graph takes whatever diagnostics it is given.
    let (analysis, _, _) = fixture(&[
        ("consul-ls.hcl", MANIFEST),
        (
            "east/web.hcl",
            "service {\n  name = \"web\"\n  connect { sidecar_service { proxy { upstreams = [\n    { destination_name = \"api\", destination_peer = \"west\" }\n  ] } } }\n}\n",
        ),
    ]);
    let display = |path: &Path| path.to_string_lossy().into_owned();
    let none = graph(&analysis, &display, &|_| Vec::new());
    assert!(none.edges.iter().all(|e| e.findings().is_empty()));
    let all = graph(&analysis, &display, &|file| analysis.diagnostics(file));
    assert_eq!(all.edges[0].findings(), ["service-not-exported"]);
}

#[test]
fn namespaces_and_partitions() {
    let graph = graph_of(&[
        ("consul-ls.hcl", MANIFEST),
        (
            "east/web.hcl",
            r#"service {
  name      = "web"
  partition = "retail"
  connect { sidecar_service { proxy { upstreams = [
    { destination_name = "ledger", destination_peer = "west", destination_namespace = "finance" },
    { destination_name = "stock", destination_partition = "warehouse" },
  ] } } }
}
service {
  name      = "stock"
  partition = "warehouse"
}
"#,
        ),
        (
            "west/ledger.hcl",
            "service {\n  name = \"ledger\"\n}\nservice {\n  name = \"ledger\"\n  namespace = \"finance\"\n}\n",
        ),
        (
            "west/exports.hcl",
            "Kind = \"exported-services\"\nName = \"default\"\nServices = [{ Name = \"ledger\", Namespace = \"finance\", Consumers = [{ Peer = \"east\" }] }]\n",
        ),
    ]);
    assert_eq!(
        upstreams(&graph),
        vec![
            ("east/retail/default/web", Some("west/default/finance/ledger"), None, vec![]),
            ("east/retail/default/web", Some("east/warehouse/default/stock"), None, vec![]),
        ]
    );
    assert_eq!(graph.clusters[0].partitions, ["default", "retail", "warehouse"]);
    let mermaid = mermaid::render(&graph);
    assert!(mermaid.contains("subgraph c0p0[\"partition retail\"]"), "{mermaid}");
    assert!(mermaid.contains("subgraph c0p1[\"partition warehouse\"]"), "{mermaid}");
    assert!(mermaid.contains("(\"ledger<br/>namespace finance\")"), "{mermaid}");
    let dot = dot::render(&graph);
    assert!(dot.contains("subgraph cluster_c0p0 {\n      label=\"partition retail\";"), "{dot}");
}

#[test]
fn drawings_of_a_small_estate() {
    let graph = graph_of(&[
        (
            "consul-ls.hcl",
            "cluster \"east\" {\n  paths = [\"east\"]\n}\ncluster \"west\" {\n  paths = [\"west\"]\n}\ncluster \"idle\" {\n  paths = [\"idle\"]\n}\n",
        ),
        (
            "east/web.hcl",
            r#"service {
  name = "web"
  connect { sidecar_service { proxy { upstreams = [
    { destination_name = "api", destination_peer = "west" },
    { destination_name = "api", destination_peer = "west" },
    { destination_name = "mail", destination_peer = "nowhere" },
    { destination_name = "cache" },
  ] } } }
}
"#,
        ),
        ("west/gw.hcl", "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n"),
        ("west/api.hcl", "service {\n  name = \"api\"\n}\n"),
        (
            "west/exports.hcl",
            "Kind = \"exported-services\"\nName = \"default\"\nServices = [\n  { Name = \"api\", Consumers = [{ Peer = \"east\" }] },\n  { Name = \"*\", Consumers = [{ Peer = \"gone\" }] },\n]\n",
        ),
    ]);
    insta::assert_snapshot!(mermaid::render(&graph), @r##"
    flowchart LR
      subgraph c0["east"]
        s0("web")
        x1["cache<br/>not registered"]:::missing
      end
      subgraph c1["idle"]
        c1e["no services"]:::empty
      end
      subgraph c2["west"]
        s1("api")
        s2{{"mesh-gateway"}}:::gateway
        x2["*<br/>every service"]:::missing
      end
      x0["mail<br/>unknown peer nowhere"]:::missing
      x3["peer gone<br/>unknown peer"]:::missing
      s0 --> s1
      s0 -->|"unknown-peer"| x0
      s0 --> x1
      x2 -.->|"unknown-peer"| x3
      s1 -.->|"export"| c0
      classDef gateway fill:#e3f2fd,stroke:#1565c0
      classDef missing fill:none,stroke:#9e9e9e,stroke-dasharray:4 3,color:#888888
      classDef empty fill:none,stroke:none,color:#9e9e9e
      linkStyle 1,3 stroke:#d32f2f,stroke-width:2px,color:#d32f2f
    "##);
    insta::assert_snapshot!(dot::render(&graph), @r##"
    digraph consul {
      graph [rankdir=LR, compound=true, fontname="Helvetica,Arial,sans-serif"];
      node [shape=box, style=rounded, fontname="Helvetica,Arial,sans-serif"];
      edge [fontname="Helvetica,Arial,sans-serif"];
      subgraph cluster_c0 {
        label="east";
        s0 [label="web"];
        x1 [label="cache\nnot registered", style="rounded,dashed", color="#9e9e9e", fontcolor="#888888"];
      }
      subgraph cluster_c1 {
        label="idle";
        c1e [label="no services", shape=plaintext, fontcolor="#9e9e9e"];
      }
      subgraph cluster_c2 {
        label="west";
        s1 [label="api"];
        s2 [label="mesh-gateway", shape=hexagon, style=filled, fillcolor="#e3f2fd", color="#1565c0"];
        x2 [label="*\nevery service", style="rounded,dashed", color="#9e9e9e", fontcolor="#888888"];
      }
      x0 [label="mail\nunknown peer nowhere", style="rounded,dashed", color="#9e9e9e", fontcolor="#888888"];
      x3 [label="peer gone\nunknown peer", style="rounded,dashed", color="#9e9e9e", fontcolor="#888888"];
      s0 -> s1;
      s0 -> x0 [label="unknown-peer", color="#d32f2f", fontcolor="#d32f2f", penwidth=2];
      s0 -> x1;
      x2 -> x3 [style=dashed, label="unknown-peer", color="#d32f2f", fontcolor="#d32f2f", penwidth=2];
      s1 -> s0 [lhead=cluster_c0, style=dashed, label="export"];
    }
    "##);
}

#[test]
fn labels_are_escaped() {
    let graph = graph_of(&[(
        "web.hcl",
        "service {\n  name = \"we\\\"b<x>#1\"\n  connect { sidecar_service { proxy { upstreams = [\n    { destination_name = \"a]|b\" }\n  ] } } }\n}\n",
    )]);
    let mermaid = mermaid::render(&graph);
    assert!(mermaid.contains("(\"we#34;b#60;x#62;#35;1\")"), "{mermaid}");
    assert!(mermaid.contains("[\"a#93;#124;b<br/>not registered\"]"), "{mermaid}");
    let dot = dot::render(&graph);
    assert!(dot.contains("[label=\"we\\\"b<x>#1\"]"), "{dot}");
}

#[test]
fn an_empty_workspace_draws_an_empty_graph() {
    let graph = graph_of(&[("package.json", "{\"name\": \"x\"}")]);
    assert_eq!(graph.services, []);
    assert_eq!(graph.edges, []);
    assert_eq!(graph.clusters.len(), 1);
    assert!(mermaid::render(&graph).starts_with("flowchart LR\n"));
    assert!(dot::render(&graph).ends_with("}\n"));
}

#[test]
fn gateways_declared_in_the_manifest() {
    let graph = graph_of(&[
        (
            "consul-ls.hcl",
            "cluster \"east\" {\n  paths = [\"east\"]\n  mesh_gateways = [\"default\", \"retail\"]\n}\ncluster \"west\" {\n  paths = [\"west\"]\n  mesh_gateways = [\"default\"]\n}\n",
        ),
        ("east/web.hcl", "service {\n  name = \"web\"\n}\n"),
        // west registers its default gateway in a file too: one node, two entries.
        ("west/gw.hcl", "service {\n  name = \"mesh-gateway\"\n  kind = \"mesh-gateway\"\n  port = 8443\n}\n"),
    ]);
    let gateways: Vec<(&str, &str, &str, &str)> = graph
        .gateways
        .iter()
        .map(|g| (g.cluster.as_str(), g.partition.as_str(), g.name.as_str(), g.declared_in))
        .collect();
    assert_eq!(
        gateways,
        [
            ("east", "default", "mesh-gateway", "manifest"),
            ("east", "retail", "mesh-gateway", "manifest"),
            ("west", "default", "mesh-gateway", "file"),
            ("west", "default", "mesh-gateway", "manifest"),
        ]
    );
    assert_eq!(graph.clusters[0].partitions, ["default", "retail"]);
    let mermaid = mermaid::render(&graph);
    assert!(
        mermaid.contains(
            "subgraph c0p1[\"partition retail\"]\n      g1{{\"mesh-gateway<br/>declared in consul-ls.hcl\"}}:::declared"
        ),
        "{mermaid}"
    );
    assert_eq!(mermaid.matches("mesh-gateway").count(), 3, "west's gateway drawn once:\n{mermaid}");
    assert!(mermaid.contains("classDef declared") && mermaid.contains("classDef gateway"), "{mermaid}");
    assert!(!mermaid.contains("classDef missing"), "only the classes in use:\n{mermaid}");
    assert!(dot::render(&graph).contains("style=\"filled,dashed\""));
}
