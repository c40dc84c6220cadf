//! The IDE features on Kubernetes YAML: hover (schema documentation of resources, Helm values and annotations;
//! resolved peers), completion (keys, values, peers, inside the upstream annotation), navigation (annotation →
//! peering resources → the other cluster's), symbols, and the YAML quick fixes.

use super::apply_edits;
use super::completion::{CompletionItem, completions, plain_text};
use super::fixes::fixes_for;
use super::hover::hover;
use super::navigation::{definition, references};
use super::symbols::{SymbolKind, document_symbols};
use super::testing::{fixture, rel};
use super::{FileChange, TextEdit};
use crate::rules::Code;

const MANIFEST: &str = "cluster \"c1\" {\n  paths = [\"c1\"]\n}\ncluster \"c2\" {\n  paths = [\"c2\"]\n}\n";
const VALUES: &str = "global:\n  name: consul\n  peering:\n    enabled: true\n  tls:\n    enabled: true\n  acls:\n    manageSystemACLs: true\nconnectInject:\n  enabled: true\nmeshGateway:\n  enabled: true\n";
const ACCEPTOR: &str = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: PeeringAcceptor\nmetadata:\n  name: dc2\nspec:\n  peer:\n    secret:\n      name: token-1-2\n      key: data\n      backend: kubernetes\n";
const DIALER: &str = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: PeeringDialer\nmetadata:\n  name: dc1\nspec:\n  peer:\n    secret:\n      name: token-1-2\n      key: data\n      backend: kubernetes\n";
const MESH: &str = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh\nspec:\n  peering:\n    peerThroughMeshGateways: true\n";
const EXPORTS: &str = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ExportedServices\nmetadata:\n  name: default\nspec:\n  services:\n    - name: backend\n      consumers:\n        - peer: dc1\n";
const BACKEND: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend\nspec:\n  template:\n    metadata:\n      annotations:\n        consul.hashicorp.com/connect-inject: \"true\"\n";

fn frontend(upstreams: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\nspec:\n  template:\n    metadata:\n      annotations:\n        consul.hashicorp.com/connect-inject: \"true\"\n        consul.hashicorp.com/connect-service-upstreams: \"{upstreams}\"\n    spec:\n      containers:\n        - name: web\n          image: web:1\n"
    )
}

/// The estate with `frontend` (cluster c1) replaced by `front`, the cursor marked in one file by `$0`.
fn estate<'a>(front: &'a str, overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut files = vec![
        ("consul-ls.hcl", MANIFEST),
        ("c1/values.yaml", VALUES),
        ("c1/acceptor.yaml", ACCEPTOR),
        ("c1/mesh.yaml", MESH),
        ("c1/frontend.yaml", front),
        ("c2/values.yaml", VALUES),
        ("c2/dialer.yaml", DIALER),
        ("c2/mesh.yaml", MESH),
        ("c2/exports.yaml", EXPORTS),
        ("c2/backend.yaml", BACKEND),
    ];
    for (path, text) in overrides {
        match files.iter_mut().find(|(p, _)| p == path) {
            Some(slot) => slot.1 = text,
            None => files.push((path, text)),
        }
    }
    files
}

/// `text` with `$0` before the first `needle` (+ `skip` bytes).
fn mark(text: &str, needle: &str, skip: usize) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in {text}")) + skip;
    format!("{}$0{}", &text[..at], &text[at..])
}

#[test]
fn the_estate_is_clean() {
    let front = frontend("backend.svc.dc2.peer:9090");
    let (analysis, _, _) = fixture(&estate(&front, &[]));
    for (f, file) in analysis.workspace().files.iter() {
        assert_eq!(analysis.diagnostics(f), Vec::new(), "{}", file.path.display());
    }
}

#[test]
fn hover_on_a_peer_label_resolves_through_the_pairing() {
    let front = mark(&frontend("backend.svc.dc2.peer:9090"), "dc2.peer", 1);
    let (analysis, file, offset) = fixture(&estate(&front, &[]));
    let md = hover(&analysis, file, offset).expect("hover").markdown;
    assert!(md.contains("Resolves to cluster **c2**"), "{md}");
    assert!(
        md.contains(
            "c1's PeeringAcceptor `dc2` pairs with c2's PeeringDialer `dc1` through the token secret `token-1-2`"
        ),
        "{md}"
    );
    assert!(md.contains("c2 exports to c1:\n- `backend`"), "{md}");
    assert!(md.contains("`backend` is exported to c1."), "{md}");
    // On the service part: where it is registered.
    let front = mark(&frontend("backend.svc.dc2.peer:9090"), "backend.svc", 2);
    let (analysis, file, offset) = fixture(&estate(&front, &[]));
    let md = hover(&analysis, file, offset).expect("hover").markdown;
    assert!(md.contains("Through peer `dc2` → cluster **c2**, which has it exported to c1."), "{md}");
    assert!(md.contains("Registered in c2: `c2/backend.yaml:1`"), "{md}");
}

#[test]
fn hover_on_resources_helm_values_and_annotations() {
    // A resource key: the custom resource's documentation.
    let mesh = mark(MESH, "peerThroughMeshGateways", 3);
    let front = frontend("backend.svc.dc2.peer:9090");
    let (analysis, file, offset) = fixture(&estate(&front, &[("c1/mesh.yaml", &mesh)]));
    let md = hover(&analysis, file, offset).expect("hover").markdown;
    assert!(md.starts_with("**`peerThroughMeshGateways`** · boolean"), "{md}");
    // A Helm value.
    let values = mark(VALUES, "manageSystemACLs", 2);
    let (analysis, file, offset) = fixture(&estate(&front, &[("c1/values.yaml", &values)]));
    let md = hover(&analysis, file, offset).expect("hover").markdown;
    assert!(md.starts_with("**`manageSystemACLs`** · boolean · Helm values `global.acls`"), "{md}");
    // The Helm mesh gateway: what depends on it.
    let values = mark(VALUES, "meshGateway:\n  enabled: true", 24);
    let (analysis, file, offset) = fixture(&estate(&front, &[("c2/values.yaml", &values)]));
    let md = hover(&analysis, file, offset).expect("hover").markdown;
    assert!(md.starts_with("**Mesh gateway `mesh-gateway`** · c2 · partition `default`"), "{md}");
    assert!(md.contains("exported-services `default` → peers `dc1`"), "{md}");
    // An annotation key.
    let front = mark(&frontend("backend.svc.dc2.peer:9090"), "connect-inject", 3);
    let (analysis, file, offset) = fixture(&estate(&front, &[]));
    let md = hover(&analysis, file, offset).expect("hover").markdown;
    assert!(md.starts_with("**`consul.hashicorp.com/connect-inject`**"), "{md}");
    // A PeeringAcceptor's name: the peer it declares and who uses it.
    let acceptor = mark(ACCEPTOR, "dc2", 1);
    let front = frontend("backend.svc.dc2.peer:9090");
    let (analysis, file, offset) = fixture(&estate(&front, &[("c1/acceptor.yaml", &acceptor)]));
    let md = hover(&analysis, file, offset).expect("hover").markdown;
    assert!(md.starts_with("**PeeringAcceptor `dc2`**"), "{md}");
    assert!(md.contains("Used by: `c1/frontend.yaml:10`"), "{md}");
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn completion_of_keys_values_and_peers_in_yaml() {
    let front = frontend("backend.svc.dc2.peer:9090");
    // A new key under `spec.peering` of a Mesh resource.
    let mesh = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh\nspec:\n  peering:\n    peer$0\n";
    let (analysis, file, offset) = fixture(&estate(&front, &[("c1/mesh.yaml", mesh)]));
    let items = completions(&analysis, file, offset);
    let item = items.iter().find(|i| i.label == "peerThroughMeshGateways").expect("the key");
    assert_eq!(item.snippet, "peerThroughMeshGateways: ${1|true,false|}");
    // Keys of `spec` on an empty line below it.
    let mesh = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh\nspec:\n  $0\n";
    let (analysis, file, offset) = fixture(&estate(&front, &[("c1/mesh.yaml", mesh)]));
    let items = completions(&analysis, file, offset);
    assert!(labels(&items).contains(&"peering"), "{:?}", labels(&items));
    assert!(labels(&items).contains(&"transparentProxy"));
    assert!(!labels(&items).contains(&"Peering"));
    // A consumer's peer: the names the cluster's PeeringDialer declares.
    let exports = EXPORTS.replace("peer: dc1", "peer: $0");
    let (analysis, file, offset) = fixture(&estate(&front, &[("c2/exports.yaml", &exports)]));
    let items = completions(&analysis, file, offset);
    assert_eq!(labels(&items), ["dc1"]);
    assert_eq!(items[0].detail.as_deref(), Some("peer → cluster c1"));
    // Enumerations in YAML: plain, except where YAML would read another type.
    let pd = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: ProxyDefaults\nmetadata:\n  name: global\nspec:\n  meshGateway:\n    mode: $0\n";
    let (analysis, file, offset) = fixture(&estate(&front, &[("c1/pd.yaml", pd)]));
    let items = completions(&analysis, file, offset);
    assert_eq!(items.iter().find(|i| i.label == "local").unwrap().snippet, "local");
    let front_inject = frontend("x:1").replace("connect-inject: \"true\"", "connect-inject: $0");
    let (analysis, file, offset) = fixture(&estate(&front_inject, &[]));
    let items = completions(&analysis, file, offset);
    assert_eq!(items.iter().find(|i| i.label == "true").unwrap().snippet, "\"true\"");
}

#[test]
fn completion_inside_the_upstream_annotation() {
    let front = frontend("back$0");
    let (analysis, file, offset) = fixture(&estate(&front, &[]));
    let items = completions(&analysis, file, offset);
    let item = items.iter().find(|i| i.label == "backend.svc.dc2.peer").expect("the peer's export");
    assert_eq!(item.detail.as_deref(), Some("exported by c2 (peer dc2)"));
    let text = front.replace("$0", "");
    let out = apply_edits(&text, &[TextEdit { range: item.replace, new_text: plain_text(&item.snippet) }]);
    assert!(out.contains("\"backend.svc.dc2.peer\""), "{out}");
    // After `SVC.svc.`: the peers.
    let front = frontend("cache:6379, backend.svc.d$0");
    let (analysis, file, offset) = fixture(&estate(&front, &[]));
    let items = completions(&analysis, file, offset);
    assert_eq!(labels(&items), ["backend.svc.dc2.peer"]);
}

#[test]
fn navigation_from_the_annotation_to_the_peering_resources() {
    let front = mark(&frontend("backend.svc.dc2.peer:9090"), "dc2.peer", 1);
    let (analysis, file, offset) = fixture(&estate(&front, &[]));
    let found: Vec<String> = definition(&analysis, file, offset)
        .into_iter()
        .map(|at| {
            format!("{}:{}", rel(&analysis, at.file), &analysis.workspace().file(at.file).text[at.range.as_usize()])
        })
        .collect();
    assert_eq!(found, ["c1/acceptor.yaml:dc2", "c2/dialer.yaml:dc1"]);
    // From the acceptor's name: every use of the peer.
    let acceptor = mark(ACCEPTOR, "dc2", 1);
    let front = frontend("backend.svc.dc2.peer:9090");
    let (analysis, file, offset) = fixture(&estate(&front, &[("c1/acceptor.yaml", &acceptor)]));
    let found: Vec<String> =
        references(&analysis, file, offset, false).into_iter().map(|at| rel(&analysis, at.file)).collect();
    assert_eq!(found, ["c1/frontend.yaml"]);
    // The upstream's service: its registration in the peer cluster.
    let front = mark(&frontend("backend.svc.dc2.peer:9090"), "backend.svc", 1);
    let (analysis, file, offset) = fixture(&estate(&front, &[]));
    let found: Vec<String> =
        definition(&analysis, file, offset).into_iter().map(|at| rel(&analysis, at.file)).collect();
    assert_eq!(found, ["c2/backend.yaml"]);
}

#[test]
fn symbols_of_a_yaml_file() {
    let text = format!("{ACCEPTOR}---\n{}", frontend("backend.svc.dc2.peer:9090"));
    let marked = format!("$0{text}");
    let (analysis, file, _) = fixture(&estate(&marked, &[]));
    let symbols = document_symbols(&analysis, file);
    let kinds: Vec<(SymbolKind, &str)> = symbols.iter().map(|s| (s.kind, s.name.as_str())).collect();
    assert_eq!(kinds, [(SymbolKind::Peer, "dc2"), (SymbolKind::Service, "frontend")]);
    assert_eq!(symbols[1].children[0].name, "backend");
}

/// The text of `file` after the first fix for its first finding of `code`.
fn fixed(files: &[(&str, &str)], path: &str, code: Code, nth: usize) -> (String, String) {
    let (analysis, _, _) = fixture(files);
    let ws = analysis.workspace();
    let f = ws.file_id(&std::path::Path::new(super::testing::ROOT).join(path)).unwrap();
    let d = analysis
        .diagnostics(f)
        .into_iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {path}: {:?}", analysis.diagnostics(f)));
    let fix = fixes_for(&analysis, f, &d).into_iter().nth(nth).expect("a fix");
    let FileChange::Edit { path: edited, edits } = &fix.changes[0] else { panic!("an edit") };
    let id = ws.file_id(edited).unwrap();
    (fix.title, apply_edits(&ws.file(id).text, edits))
}

#[test]
fn annotation_fixes_rewrite_one_item() {
    // A missing peer: the labeled form with the peer.
    let front = frontend("cache:6379, backend.svc:9090");
    let (title, out) = fixed(&estate(&front, &[]), "c1/frontend.yaml", Code::UpstreamMissingPeer, 0);
    assert_eq!(title, "Use peer \"dc2\": backend.svc.dc2.peer:9090");
    assert!(out.contains("\"cache:6379, backend.svc.dc2.peer:9090\""), "{out}");
    // From the unlabeled form.
    let front = frontend("backend:9090");
    let (_, out) = fixed(&estate(&front, &[]), "c1/frontend.yaml", Code::UpstreamMissingPeer, 0);
    assert!(out.contains("\"backend.svc.dc2.peer:9090\""), "{out}");
    // A datacenter with a peer: removed.
    let front = frontend("backend.svc.dc2.peer:9090:dc=east");
    let (_, out) = fixed(&estate(&front, &[]), "c1/frontend.yaml", Code::UpstreamPeerConflict, 0);
    assert!(out.contains("\"backend.svc.dc2.peer:9090\""), "{out}");
    let front = frontend("backend.svc.dc2.peer:9090:mesh_gateway_mode=local&dc=east");
    let (_, out) = fixed(&estate(&front, &[]), "c1/frontend.yaml", Code::UpstreamPeerConflict, 0);
    assert!(out.contains("\"backend.svc.dc2.peer:9090:mesh_gateway_mode=local\""), "{out}");
    // An unknown peer: the declared name.
    let front = frontend("backend.svc.c2.peer:9090");
    let (title, out) = fixed(&estate(&front, &[]), "c1/frontend.yaml", Code::UnknownPeer, 0);
    assert_eq!(title, "Replace with \"dc2\"");
    assert!(out.contains("\"backend.svc.dc2.peer:9090\""), "{out}");
}

#[test]
fn yaml_fixes_keep_the_block_layout() {
    let front = frontend("backend.svc.dc2.peer:9090");
    // A service not exported: added to the peer's ExportedServices.
    let exports = EXPORTS.replace("name: backend", "name: other");
    let (title, out) =
        fixed(&estate(&front, &[("c2/exports.yaml", &exports)]), "c1/frontend.yaml", Code::ServiceNotExported, 0);
    assert_eq!(title, "Export \"backend\" from c2 to peer \"dc1\"");
    assert!(out.ends_with("    - name: other\n      consumers:\n        - peer: dc1\n    - name: backend\n      consumers:\n        - peer: dc1\n"), "{out}");
    // The Mesh resource without the setting.
    let mesh = MESH.replace(
        "  peering:\n    peerThroughMeshGateways: true\n",
        "  transparentProxy:\n    meshDestinationsOnly: false\n",
    );
    let (_, out) =
        fixed(&estate(&front, &[("c1/mesh.yaml", &mesh)]), "c1/mesh.yaml", Code::PeeringWithoutMeshConfig, 0);
    assert!(out.ends_with("spec:\n  transparentProxy:\n    meshDestinationsOnly: false\n  peering:\n    peerThroughMeshGateways: true\n"), "{out}");
    // No mesh gateway: the Helm values.
    let values = VALUES.replace("meshGateway:\n  enabled: true\n", "");
    let (title, out) =
        fixed(&estate(&front, &[("c2/values.yaml", &values)]), "c2/exports.yaml", Code::ExportWithoutMeshGateway, 0);
    assert_eq!(title, "Enable the mesh gateway in c2's Helm values (meshGateway.enabled: true)");
    assert!(out.ends_with("connectInject:\n  enabled: true\nmeshGateway:\n  enabled: true\n"), "{out}");
    // `"true"` for a boolean.
    let mesh = MESH.replace("peerThroughMeshGateways: true", "peerThroughMeshGateways: \"true\"");
    let (title, out) = fixed(&estate(&front, &[("c1/mesh.yaml", &mesh)]), "c1/mesh.yaml", Code::InvalidValue, 0);
    assert_eq!(title, "Write true without quotes");
    assert_eq!(out, MESH);
}

#[test]
fn annotation_ranges_are_character_boundaries_with_unicode_and_escapes() {
    for upstreams in ["bäckend.svc.dc2.peer:9090", "x:1, bäck\\u00e9nd.svc.nowhere.peer:9090", "€.svc.p€er.peer:1"]
    {
        let front = frontend(upstreams);
        let (analysis, _, _) = fixture(&estate(&front, &[]));
        let ws = analysis.workspace();
        let f = ws.file_id(&std::path::Path::new(super::testing::ROOT).join("c1/frontend.yaml")).unwrap();
        let file = ws.file(f);
        for service in &file.model.services {
            for u in &service.upstreams {
                for s in [&u.destination_name, &u.destination_peer].into_iter().flatten() {
                    for offset in [s.range.start, s.range.end, s.key_range.start, s.key_range.end] {
                        assert!(file.text.is_char_boundary(offset as usize), "{upstreams}: {offset}");
                    }
                }
            }
        }
        for d in analysis.diagnostics(f) {
            assert!(
                file.text.is_char_boundary(d.range.start as usize) && file.text.is_char_boundary(d.range.end as usize)
            );
        }
    }
}
