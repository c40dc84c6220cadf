//! Deterministic Consul estates: the same parameters and seed give the same files, byte for byte.
//!
//! - [`mixed`]: N files over K clusters, HCL and JSON: per cluster an agent config, a mesh gateway registration,
//!   `mesh`, `proxy-defaults` and `exported-services` entries and the gateway's ACL policy (rules file and API
//!   object); then service definitions with sidecar upstreams (local and peered), `service-defaults`,
//!   `service-intentions`, `service-resolver` entries and service ACL policies; a `consul-ls.hcl` manifest declaring
//!   the clusters and their peers; ~2% seeded mistakes; one ~5 MB JSON agent config with many services.
//! - [`dense`]: 40 clusters; every service has three peered upstreams to services of the next three clusters, and
//!   every cluster exports its services to the previous three.
//! - [`huge_agent`]: one JSON agent config with many services (100k ≈ 18 MB), one upstream each.
//!
//! Everything that is not a seeded mistake is valid Consul and clean for consul-ls: [`Estate::seeded`] lists the
//! (file, code) pairs `consul-ls check` must report, no more and no fewer.

// Each bench/test that includes this module uses a different part of it.
#![allow(dead_code)]

use std::path::Path;

// ---------------------------------------------------------------------------------------------------------------
// Randomness: SplitMix64, so the output never depends on a crate's algorithm changing.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

// ---------------------------------------------------------------------------------------------------------------
// A value tree written as JSON (Go's `json.Indent` layout) or as HCL 1

#[derive(Clone, Debug)]
pub enum Node {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Node>),
    Obj(Vec<(String, Node)>),
}

pub fn s(text: impl Into<String>) -> Node {
    Node::Str(text.into())
}

pub fn obj(pairs: Vec<(&str, Node)>) -> Node {
    Node::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl Node {
    fn push(&mut self, key: &str, value: Node) {
        if let Node::Obj(pairs) = self {
            pairs.push((key.to_string(), value));
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Obj(pairs) => pairs.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn remove(&mut self, key: &str) {
        if let Node::Obj(pairs) = self {
            pairs.retain(|(k, _)| k != key);
        }
    }

    /// Pretty JSON with two-space indentation and a final newline.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out, 0);
        out.push('\n');
        out
    }

    fn write_json(&self, out: &mut String, indent: usize) {
        match self {
            Node::Str(text) => out.push_str(&json_string(text)),
            Node::Int(n) => out.push_str(&n.to_string()),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::List(items) if items.is_empty() => out.push_str("[]"),
            Node::Obj(pairs) if pairs.is_empty() => out.push_str("{}"),
            Node::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    pad(out, indent + 1);
                    item.write_json(out, indent + 1);
                }
                out.push('\n');
                pad(out, indent);
                out.push(']');
            }
            Node::Obj(pairs) => {
                out.push('{');
                for (i, (key, value)) in pairs.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    pad(out, indent + 1);
                    out.push_str(&json_string(key));
                    out.push_str(": ");
                    value.write_json(out, indent + 1);
                }
                out.push('\n');
                pad(out, indent);
                out.push('}');
            }
        }
    }

    /// One-line JSON (`{"a": 1, "b": [2]}`), for the very large files.
    pub fn to_json_line(&self, out: &mut String) {
        match self {
            Node::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.to_json_line(out);
                }
                out.push(']');
            }
            Node::Obj(pairs) => {
                out.push('{');
                for (i, (key, value)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&json_string(key));
                    out.push_str(": ");
                    value.to_json_line(out);
                }
                out.push('}');
            }
            scalar => scalar.write_json(out, 0),
        }
    }

    /// The body of an HCL 1 file: objects as blocks, lists of objects as `key = [ { … }, ]`.
    pub fn to_hcl(&self) -> String {
        let mut out = String::new();
        if let Node::Obj(pairs) = self {
            write_hcl_body(pairs, &mut out, 0);
        }
        out
    }
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

fn hcl_key(key: &str) -> String {
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { key.to_string() } else { json_string(key) }
}

fn write_hcl_body(pairs: &[(String, Node)], out: &mut String, indent: usize) {
    for (key, value) in pairs {
        pad(out, indent);
        out.push_str(&hcl_key(key));
        match value {
            Node::Obj(inner) if inner.is_empty() => out.push_str(" {}\n"),
            Node::Obj(inner) => {
                out.push_str(" {\n");
                write_hcl_body(inner, out, indent + 1);
                pad(out, indent);
                out.push_str("}\n");
            }
            Node::List(items) if !items.is_empty() && items.iter().all(|i| matches!(i, Node::Obj(_))) => {
                out.push_str(" = [\n");
                for item in items {
                    let Node::Obj(inner) = item else { continue };
                    pad(out, indent + 1);
                    out.push_str("{\n");
                    write_hcl_body(inner, out, indent + 2);
                    pad(out, indent + 1);
                    out.push_str("},\n");
                }
                pad(out, indent);
                out.push_str("]\n");
            }
            scalar => {
                out.push_str(" = ");
                write_hcl_inline(scalar, out);
                out.push('\n');
            }
        }
    }
}

fn write_hcl_inline(value: &Node, out: &mut String) {
    match value {
        Node::Str(text) => out.push_str(&json_string(text)),
        Node::Int(n) => out.push_str(&n.to_string()),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_hcl_inline(item, out);
            }
            out.push(']');
        }
        Node::Obj(pairs) => {
            out.push_str("{ ");
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&hcl_key(key));
                out.push_str(" = ");
                write_hcl_inline(value, out);
            }
            out.push_str(" }");
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The estate

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Hcl,
    Json,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Hcl => "hcl",
            Format::Json => "json",
        }
    }

    fn render(self, node: &Node) -> String {
        match self {
            Format::Hcl => node.to_hcl(),
            Format::Json => node.to_json(),
        }
    }
}

/// A finding `consul-ls check` must report: the file (relative to the estate root) and the code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seeded {
    pub file: String,
    pub code: &'static str,
}

/// What an edit of the edit loop changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    /// An upstream's `local_bind_port`, quoted or not: a value only (a quoted port is `invalid-value` in an agent
    /// config); the file's contribution to the cluster indexes stays the same.
    Value,
    /// An upstream's `destination_peer`: an unknown peer (`unknown-peer`) or the right one. Changes which peers the
    /// cluster uses.
    Peer,
    /// An upstream's `destination_name`: a service the peer does not export (`service-not-exported`) or the right
    /// one. Changes which services the cluster imports.
    UpstreamName,
    /// The service's own `name`: renamed or back. Changes what the cluster registers; the file's permanent seeded
    /// `upstream-peer-conflict` names the service, so its message changes with each rename.
    ServiceName,
}

impl EditKind {
    pub fn label(self) -> &'static str {
        match self {
            EditKind::Value => "value",
            EditKind::Peer => "destination_peer",
            EditKind::UpstreamName => "destination_name",
            EditKind::ServiceName => "service name",
        }
    }
}

/// One place of the edit target the edit loop toggles: the JSON key text before the value, and the value as
/// written in the generated file.
#[derive(Clone, Debug)]
pub struct EditSlot {
    pub kind: EditKind,
    /// `"local_bind_port": `
    pub key: String,
    /// `21001`, `"cluster-02"`: the value's text in the file (JSON, quotes included for strings).
    pub original: String,
}

impl EditSlot {
    /// The value of the slot's `n`-th "on" state: different every time, so the finding's message changes too.
    pub fn wrong_value(&self, n: usize) -> String {
        let bare = self.original.trim_matches('"');
        match self.kind {
            EditKind::Value => format!("\"{}\"", 30000 + n),
            EditKind::Peer => format!("\"cluster-x{n}\""),
            EditKind::UpstreamName => format!("\"{bare}-gone{n}\""),
            EditKind::ServiceName => format!("\"{bare}-r{n}\""),
        }
    }
}

/// The JSON service definition the edit loops edit. Each slot's key + value occurs exactly once in the file.
#[derive(Clone, Debug)]
pub struct EditTarget {
    pub file: String,
    pub slots: Vec<EditSlot>,
}

pub struct Estate {
    /// Relative path (`/`-separated) and content, in generation order.
    pub files: Vec<(String, String)>,
    pub seeded: Vec<Seeded>,
    pub edit: Option<EditTarget>,
    /// The ~5 MB JSON file of the mixed estate.
    pub big_file: Option<String>,
}

impl Estate {
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|(_, text)| text.len()).sum()
    }

    /// FNV-1a over every path and content: equal digests, equal estates.
    pub fn digest(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (path, text) in &self.files {
            for byte in path.bytes().chain([0]).chain(text.bytes()).chain([0]) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }

    /// Writes the files under `dir` (which should be empty or absent).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        for (path, text) in &self.files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        Ok(())
    }

    fn add(&mut self, path: String, text: String) {
        self.files.push((path, text));
    }
}

pub fn cluster_name(c: usize) -> String {
    format!("cluster-{:02}", c + 1)
}

const PREFIXES: &[&str] = &["web", "api", "billing", "auth", "search", "cart", "inventory", "payments"];

fn service_name(c: usize, k: usize) -> String {
    format!("{}-c{:02}-{k:04}", PREFIXES[k % PREFIXES.len()], c + 1)
}

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

fn agent_config(c: usize, acl: bool) -> Node {
    let mut agent = obj(vec![
        ("datacenter", s(format!("dc{}", c + 1))),
        ("data_dir", s("/opt/consul")),
        ("node_name", s(format!("consul-server-{}", c + 1))),
        ("server", Node::Bool(true)),
        ("bootstrap_expect", Node::Int(3)),
        ("client_addr", s("0.0.0.0")),
        ("retry_join", Node::List((1..=3).map(|i| s(format!("10.{}.0.{}", c + 1, 10 + i))).collect())),
        ("ui_config", obj(vec![("enabled", Node::Bool(true))])),
        ("ports", obj(vec![("grpc_tls", Node::Int(8503))])),
        ("peering", obj(vec![("enabled", Node::Bool(true))])),
        ("connect", obj(vec![("enabled", Node::Bool(true))])),
        ("telemetry", obj(vec![("prometheus_retention_time", s("60s"))])),
    ]);
    if acl {
        agent.push(
            "acl",
            obj(vec![
                ("enabled", Node::Bool(true)),
                ("default_policy", s("deny")),
                ("enable_token_persistence", Node::Bool(true)),
            ]),
        );
    }
    agent
}

fn mesh_gateway(c: usize) -> Node {
    obj(vec![(
        "service",
        obj(vec![
            ("name", s("mesh-gateway")),
            ("kind", s("mesh-gateway")),
            ("port", Node::Int(8443)),
            (
                "tagged_addresses",
                obj(vec![
                    ("lan", obj(vec![("address", s(format!("10.{}.0.20", c + 1))), ("port", Node::Int(8443))])),
                    ("wan", obj(vec![("address", s(format!("203.0.113.{}", c + 1))), ("port", Node::Int(8443))])),
                ]),
            ),
            ("proxy", obj(vec![("config", obj(vec![("envoy_gateway_bind_tagged_addresses", Node::Bool(true))]))])),
        ]),
    )])
}

fn mesh_entry() -> Node {
    obj(vec![("Kind", s("mesh")), ("Peering", obj(vec![("PeerThroughMeshGateways", Node::Bool(true))]))])
}

fn exported_services(services: &[String], consumers: &[String]) -> Node {
    let list = services
        .iter()
        .map(|name| {
            let consumers = consumers.iter().map(|peer| obj(vec![("Peer", s(peer.clone()))])).collect();
            obj(vec![("Name", s(name.clone())), ("Consumers", Node::List(consumers))])
        })
        .collect();
    obj(vec![("Kind", s("exported-services")), ("Name", s("default")), ("Services", Node::List(list))])
}

const GATEWAY_RULES: &str = "service \"mesh-gateway\" {\n  policy = \"write\"\n}\n\nservice_prefix \"\" {\n  policy = \"read\"\n}\n\nnode_prefix \"\" {\n  policy = \"read\"\n}\n\nagent_prefix \"\" {\n  policy = \"read\"\n}\n\nmesh    = \"write\"\npeering = \"read\"\n";

fn manifest(clusters: &[(String, Vec<String>, bool)]) -> String {
    let mut out =
        String::from("# Generated by `cargo bench --bench estate`: the clusters of this estate and their peers.\n");
    for (name, peers, acl) in clusters {
        out.push_str(&format!("cluster \"{name}\" {{\n  paths = [\"{name}\"]\n"));
        let peers: Vec<String> = peers.iter().map(|p| format!("\"{p}\" = \"{p}\"")).collect();
        out.push_str(&format!("  peers = {{ {} }}\n", peers.join(", ")));
        if *acl {
            out.push_str("  acl_enabled = true\n");
        }
        out.push_str("}\n\n");
    }
    out
}

struct UpstreamSpec {
    name: String,
    peer: Option<String>,
    port: i64,
    local_mode: bool,
}

fn upstream(spec: &UpstreamSpec) -> Node {
    let mut node = obj(vec![("destination_name", s(spec.name.clone()))]);
    if let Some(peer) = &spec.peer {
        node.push("destination_peer", s(peer.clone()));
    }
    node.push("local_bind_port", Node::Int(spec.port));
    if spec.local_mode {
        node.push("mesh_gateway", obj(vec![("mode", s("local"))]));
    }
    node
}

/// `{"service": {...}}` with a sidecar proxy and its upstreams.
fn service_definition(name: &str, port: i64, upstreams: Vec<Node>, rng: &mut Rng) -> Node {
    let mut service = obj(vec![
        ("name", s(name)),
        ("port", Node::Int(port)),
        ("tags", Node::List(vec![s(format!("v{}", 1 + rng.below(3))), s("mesh")])),
        ("meta", obj(vec![("team", s(format!("team-{:02}", rng.below(20)))), ("tier", s("backend"))])),
    ]);
    if rng.percent(50) {
        service.push(
            "check",
            obj(vec![
                ("id", s(format!("{name}-http"))),
                ("name", s("HTTP health")),
                ("http", s(format!("http://localhost:{port}/health"))),
                ("interval", s("10s")),
                ("timeout", s("2s")),
            ]),
        );
    }
    service.push(
        "connect",
        obj(vec![("sidecar_service", obj(vec![("proxy", obj(vec![("upstreams", Node::List(upstreams))]))]))]),
    );
    obj(vec![("service", service)])
}

/// The edit target: a JSON service definition whose slots each occur once (see [`EditTarget`]); its fourth
/// upstream sets `datacenter` with `destination_peer`, a permanent `upstream-peer-conflict` that names the service.
fn edit_target(
    file: &str,
    name: &str,
    upstreams: [(String, Option<String>); 3],
    conflict: (String, String),
    rng: &mut Rng,
) -> (String, EditTarget) {
    let mut list: Vec<Node> = upstreams
        .iter()
        .enumerate()
        .map(|(i, (target, peer))| {
            upstream(&UpstreamSpec {
                name: target.clone(),
                peer: peer.clone(),
                port: 21001 + i as i64,
                local_mode: false,
            })
        })
        .collect();
    let mut conflicting =
        upstream(&UpstreamSpec { name: conflict.0, peer: Some(conflict.1), port: 21004, local_mode: false });
    conflicting.push("datacenter", s("dc9"));
    list.push(conflicting);
    let text = service_definition(name, 8080, list, rng).to_json();
    let slot = |kind, key: &str, original: String| EditSlot { kind, key: format!("\"{key}\": "), original };
    let target = EditTarget {
        file: file.to_string(),
        slots: vec![
            slot(EditKind::Value, "local_bind_port", "21001".into()),
            slot(EditKind::Peer, "destination_peer", json_string(upstreams[1].1.as_deref().unwrap_or_default())),
            slot(EditKind::UpstreamName, "destination_name", json_string(&upstreams[2].0)),
            slot(EditKind::ServiceName, "name", json_string(name)),
        ],
    };
    for slot in &target.slots {
        let needle = format!("{}{}", slot.key, slot.original);
        assert_eq!(text.matches(&needle).count(), 1, "edit slot {needle} must occur once in {file}");
    }
    (text, target)
}

// ---------------------------------------------------------------------------------------------------------------
// (a) mixed

/// Files per cluster besides services and their entries: agent config, mesh gateway, mesh, proxy-defaults,
/// exported-services, the gateway policy as a rules file and as an API object.
const MIXED_FIXED_PER_CLUSTER: usize = 7;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bulk {
    Service,
    ServiceDefaults,
    Intentions,
    Resolver,
    Policy,
}

/// One file of the bulk in ten is each entry kind and a policy; six are service definitions.
const BULK_PATTERN: [Bulk; 10] = [
    Bulk::Service,
    Bulk::Service,
    Bulk::ServiceDefaults,
    Bulk::Service,
    Bulk::Intentions,
    Bulk::Service,
    Bulk::Resolver,
    Bulk::Service,
    Bulk::Policy,
    Bulk::Service,
];

/// Whether service `k` of a cluster is exported to the other clusters (four in five are).
fn exported(k: usize) -> bool {
    k % 5 != 4
}

/// The smallest estate [`mixed`] can build for `n_clusters`.
pub fn mixed_min_files(n_clusters: usize) -> usize {
    n_clusters * MIXED_FIXED_PER_CLUSTER + 2 + n_clusters * 10
}

/// The mixed estate. `n_files` counts every file (manifest and the 5 MB file included); `n_clusters` ≥ 4.
pub fn mixed(n_files: usize, n_clusters: usize, seed: u64, big_file_bytes: usize) -> Estate {
    assert!(n_clusters >= 4, "the mixed estate needs at least 4 clusters");
    assert!(n_files >= mixed_min_files(n_clusters), "at least {} files", mixed_min_files(n_clusters));
    let mut rng = Rng::new(seed);
    let k = n_clusters;
    let mut estate = Estate { files: Vec::new(), seeded: Vec::new(), edit: None, big_file: None };

    // Plan the bulk: which file is what, in which cluster; services are numbered per cluster.
    let bulk_files = n_files - k * MIXED_FIXED_PER_CLUSTER - 2;
    let mut plan: Vec<(usize, Bulk, usize)> = Vec::with_capacity(bulk_files);
    let mut n_services = vec![0usize; k];
    let mut n_other = vec![0usize; k];
    for j in 0..bulk_files {
        let c = j % k;
        let what = BULK_PATTERN[(j / k) % BULK_PATTERN.len()];
        let index = if what == Bulk::Service { &mut n_services[c] } else { &mut n_other[c] };
        plan.push((c, what, *index));
        *index += 1;
    }
    let peers_of = |c: usize| (0..k).filter(|&d| d != c).map(cluster_name).collect::<Vec<_>>();
    // A service of cluster `d` that `d` exports: near `hint`.
    let exported_of = |d: usize, hint: usize| {
        let k = hint % n_services[d];
        if exported(k) { k } else { k - 1 }
    };

    // The manifest and the per-cluster files.
    let manifest_clusters: Vec<(String, Vec<String>, bool)> =
        (0..k).map(|c| (cluster_name(c), peers_of(c), true)).collect();
    estate.add("consul-ls.hcl".into(), manifest(&manifest_clusters));
    for (c, &count) in n_services.iter().enumerate() {
        let name = cluster_name(c);
        let format = |i: usize| if (c + i) % 2 == 0 { Format::Hcl } else { Format::Json };
        let f = format(0);
        estate.add(format!("{name}/agent/server.{}", f.ext()), f.render(&agent_config(c, true)));
        let f = format(1);
        estate.add(format!("{name}/gateways/mesh-gateway.{}", f.ext()), f.render(&mesh_gateway(c)));
        let f = format(2);
        estate.add(format!("{name}/config/mesh.{}", f.ext()), f.render(&mesh_entry()));
        let f = format(3);
        let proxy_defaults = obj(vec![
            ("Kind", s("proxy-defaults")),
            ("Name", s("global")),
            ("Config", obj(vec![("protocol", s("http"))])),
            ("MeshGateway", obj(vec![("Mode", s("local"))])),
        ]);
        estate.add(format!("{name}/config/proxy-defaults.{}", f.ext()), f.render(&proxy_defaults));
        let f = format(4);
        let services: Vec<String> = (0..count).filter(|&i| exported(i)).map(|i| service_name(c, i)).collect();
        estate.add(
            format!("{name}/config/exported-services.{}", f.ext()),
            f.render(&exported_services(&services, &peers_of(c))),
        );
        estate.add(format!("{name}/policies/mesh-gateway.hcl"), GATEWAY_RULES.into());
        let api_policy = obj(vec![
            ("Name", s(format!("mesh-gateway-{name}"))),
            ("Description", s(format!("Token policy for the {name} mesh gateway"))),
            ("Rules", s(GATEWAY_RULES)),
        ]);
        estate.add(format!("{name}/policies/mesh-gateway-api.json"), api_policy.to_json());
    }

    // The bulk.
    let mut n_mistakes = 0usize;
    let mut service_counter = 0usize;
    for &(c, what, i) in &plan {
        let cluster = cluster_name(c);
        let next = (c + 1) % k;
        let after = (c + 2) % k;
        match what {
            Bulk::Service => {
                service_counter += 1;
                let name = service_name(c, i);
                let file_base = format!("{cluster}/services/{name}");
                if c == 0 && i == 1 {
                    // The edit target: a local upstream, two peered ones, and the permanent conflict.
                    let third = (c + 3) % k;
                    let file = format!("{file_base}.json");
                    let (text, target) = edit_target(
                        &file,
                        &name,
                        [
                            (service_name(c, 0), None),
                            (service_name(next, exported_of(next, 0)), Some(cluster_name(next))),
                            (service_name(after, exported_of(after, 1)), Some(cluster_name(after))),
                        ],
                        (service_name(third, exported_of(third, 2)), cluster_name(third)),
                        &mut rng,
                    );
                    estate.seeded.push(Seeded { file: file.clone(), code: "upstream-peer-conflict" });
                    estate.add(file, text);
                    estate.edit = Some(target);
                    continue;
                }
                let mut upstreams = Vec::new();
                if i > 0 {
                    upstreams.push(UpstreamSpec {
                        name: service_name(c, rng.below(i)),
                        peer: None,
                        port: 21001,
                        local_mode: false,
                    });
                }
                upstreams.push(UpstreamSpec {
                    name: service_name(next, exported_of(next, rng.below(n_services[next]))),
                    peer: Some(cluster_name(next)),
                    port: 21002,
                    local_mode: rng.percent(25),
                });
                if rng.percent(50) {
                    upstreams.push(UpstreamSpec {
                        name: service_name(after, exported_of(after, rng.below(n_services[after]))),
                        peer: Some(cluster_name(after)),
                        port: 21003,
                        local_mode: false,
                    });
                }
                let mistake = (service_counter % 29 == 17).then(|| {
                    n_mistakes += 1;
                    n_mistakes % 9
                });
                let format = if mistake == Some(5) || rng.percent(40) { Format::Json } else { Format::Hcl };
                let file = format!("{file_base}.{}", format.ext());
                let mut nodes: Vec<Node> = upstreams.iter().map(upstream).collect();
                let mut service_fields: Vec<(&str, Node)> = Vec::new();
                let code = match mistake {
                    None => None,
                    Some(0) => {
                        nodes[0].push("local_bind_adress", s("127.0.0.1"));
                        Some("unknown-field")
                    }
                    Some(1) => {
                        // A peered upstream without its destination_peer.
                        let target = service_name(next, exported_of(next, i));
                        nodes.push(obj(vec![("destination_name", s(target)), ("local_bind_port", Node::Int(21009))]));
                        Some("upstream-missing-peer")
                    }
                    Some(2) if n_services[next] > 4 => {
                        // A service the peer keeps to itself (index 4 is never exported).
                        nodes.push(upstream(&UpstreamSpec {
                            name: service_name(next, 4),
                            peer: Some(cluster_name(next)),
                            port: 21009,
                            local_mode: false,
                        }));
                        Some("service-not-exported")
                    }
                    Some(3) => {
                        let last = nodes.len() - 1;
                        nodes[last].remove("mesh_gateway");
                        nodes[last].push("mesh_gateway", obj(vec![("mode", s("locale"))]));
                        Some("invalid-value")
                    }
                    Some(4) | Some(2) => {
                        let last = nodes.len() - 1;
                        if let Some(peer) = nodes[last].get_mut("destination_peer") {
                            *peer = s("cluster-99");
                        }
                        Some("unknown-peer")
                    }
                    Some(5) => {
                        service_fields.push(("port", s("8080")));
                        Some("invalid-value")
                    }
                    Some(6) => {
                        nodes.push(obj(vec![("local_bind_port", Node::Int(21009))]));
                        Some("missing-required")
                    }
                    Some(7) => {
                        let last = nodes.len() - 1;
                        nodes[last].push("datacenter", s("dc9"));
                        Some("upstream-peer-conflict")
                    }
                    Some(_) => {
                        service_fields.push(("token", s("4c5d2b1e-9a8f-4e3d-b2c1-0f9e8d7c6b5a")));
                        Some("token-in-config")
                    }
                };
                let mut definition = service_definition(&name, 8080 + (i % 1000) as i64, nodes, &mut rng);
                if let Some(service) = definition.get_mut("service") {
                    for (key, value) in service_fields {
                        if let Some(existing) = service.get_mut(key) {
                            *existing = value;
                        } else {
                            service.push(key, value);
                        }
                    }
                }
                if let Some(code) = code {
                    estate.seeded.push(Seeded { file: file.clone(), code });
                }
                estate.add(file, format.render(&definition));
            }
            Bulk::ServiceDefaults => {
                let target = service_name(c, i % n_services[c]);
                let format = if i % 3 == 0 { Format::Json } else { Format::Hcl };
                let file = format!("{cluster}/config/defaults/{target}-{i}.{}", format.ext());
                let mut entry = obj(vec![
                    ("Kind", s("service-defaults")),
                    ("Name", s(target)),
                    ("Protocol", s(if i % 4 == 0 { "grpc" } else { "http" })),
                    ("LocalConnectTimeoutMs", Node::Int(5000)),
                    ("MaxInboundConnections", Node::Int(1024)),
                ]);
                if i % 40 == 21 {
                    entry.push("Protocl", s("http"));
                    estate.seeded.push(Seeded { file: file.clone(), code: "unknown-field" });
                }
                estate.add(file, format.render(&entry));
            }
            Bulk::Intentions => {
                let target = service_name(c, i % n_services[c]);
                let previous = (c + k - 1) % k;
                let file = format!("{cluster}/config/intentions/{target}-{i}.hcl");
                let sources = vec![
                    obj(vec![("Name", s(service_name(c, (i + 1) % n_services[c]))), ("Action", s("allow"))]),
                    obj(vec![
                        ("Name", s(service_name(previous, i % n_services[previous]))),
                        ("Peer", s(cluster_name(previous))),
                        ("Action", s("allow")),
                    ]),
                    obj(vec![("Name", s("*")), ("Action", s("deny"))]),
                ];
                let entry =
                    obj(vec![("Kind", s("service-intentions")), ("Name", s(target)), ("Sources", Node::List(sources))]);
                estate.add(file, entry.to_hcl());
            }
            Bulk::Resolver => {
                let target = service_name(c, i % n_services[c]);
                let format = if i % 2 == 0 { Format::Json } else { Format::Hcl };
                let file = format!("{cluster}/config/resolvers/{target}-{i}.{}", format.ext());
                let entry = obj(vec![
                    ("Kind", s("service-resolver")),
                    ("Name", s(target)),
                    ("DefaultSubset", s("v1")),
                    ("ConnectTimeout", s("15s")),
                    (
                        "Subsets",
                        obj(vec![
                            ("v1", obj(vec![("Filter", s("Service.Meta.version == v1"))])),
                            ("v2", obj(vec![("Filter", s("Service.Meta.version == v2"))])),
                        ]),
                    ),
                    (
                        "Failover",
                        obj(vec![(
                            "*",
                            obj(vec![("Targets", Node::List(vec![obj(vec![("Peer", s(cluster_name(next)))])]))]),
                        )]),
                    ),
                ]);
                estate.add(file, format.render(&entry));
            }
            Bulk::Policy => {
                let target = service_name(c, i % n_services[c]);
                let file = format!("{cluster}/policies/{target}-{i}.hcl");
                let rules = format!(
                    "service \"{target}\" {{\n  policy = \"write\"\n}}\n\nservice \"{target}-sidecar-proxy\" {{\n  policy = \"write\"\n}}\n\nservice_prefix \"\" {{\n  policy = \"read\"\n}}\n\nnode_prefix \"\" {{\n  policy = \"read\"\n}}\n"
                );
                estate.add(file, rules);
            }
        }
    }

    // The big JSON file: an agent config registering many services of cluster-01, one with a typo.
    let big = format!("{}/agent/bulk-services.json", cluster_name(0));
    estate.add(big.clone(), bulk_services(big_file_bytes));
    estate.seeded.push(Seeded { file: big.clone(), code: "unknown-field" });
    estate.big_file = Some(big);
    estate.seeded.sort();
    estate
}

/// An agent config (JSON, pretty) with as many services as fit in `bytes`; service 7 has a misspelled key.
fn bulk_services(bytes: usize) -> String {
    let service = |i: usize, n: usize| {
        let name = |i: usize| format!("bulk-c01-{i:05}");
        let mut node = obj(vec![
            ("name", s(name(i))),
            ("port", Node::Int(30000 + (i % 20000) as i64)),
            ("tags", Node::List(vec![s("bulk"), s(format!("shard-{}", i % 16))])),
            ("meta", obj(vec![("owner", s(format!("team-{:02}", i % 20))), ("version", s("v1"))])),
            (
                "check",
                obj(vec![
                    ("name", s("TCP")),
                    ("tcp", s(format!("localhost:{}", 30000 + i % 20000))),
                    ("interval", s("30s")),
                ]),
            ),
            (
                "connect",
                obj(vec![(
                    "sidecar_service",
                    obj(vec![(
                        "proxy",
                        obj(vec![(
                            "upstreams",
                            Node::List(vec![upstream(&UpstreamSpec {
                                name: name((i + 1) % n),
                                peer: None,
                                port: 21001,
                                local_mode: false,
                            })]),
                        )]),
                    )]),
                )]),
            ),
        ]);
        if i == 7 {
            node.push("enable_tag_overide", Node::Bool(true));
        }
        node
    };
    let render = |n: usize| obj(vec![("services", Node::List((0..n).map(|i| service(i, n)).collect()))]).to_json();
    // Services differ a little in size: measure a hundred, then size the file.
    let sample = 100;
    let n = (bytes * sample / render(sample).len()).max(10);
    render(n)
}

// ---------------------------------------------------------------------------------------------------------------
// (b) dense peering

pub const DENSE_CLUSTERS: usize = 40;
const DENSE_FIXED_PER_CLUSTER: usize = 4;

pub fn dense_min_files() -> usize {
    DENSE_CLUSTERS * (DENSE_FIXED_PER_CLUSTER + 1) + 1
}

/// 40 clusters; every service has three peered upstreams to services of the next three clusters, every cluster
/// exports all its services to the previous three. `n_files` counts every file.
pub fn dense(n_files: usize, seed: u64) -> Estate {
    let k = DENSE_CLUSTERS;
    assert!(n_files >= dense_min_files(), "at least {} files", dense_min_files());
    let mut rng = Rng::new(seed);
    let mut estate = Estate { files: Vec::new(), seeded: Vec::new(), edit: None, big_file: None };
    let services_total = n_files - 1 - k * DENSE_FIXED_PER_CLUSTER;
    let n_services: Vec<usize> = (0..k).map(|c| services_total / k + usize::from(c < services_total % k)).collect();
    let next = |c: usize, step: usize| (c + step) % k;
    let previous = |c: usize, step: usize| (c + k - step) % k;

    let clusters: Vec<(String, Vec<String>, bool)> = (0..k)
        .map(|c| {
            let peers = [next(c, 1), next(c, 2), next(c, 3), previous(c, 1), previous(c, 2), previous(c, 3)];
            (cluster_name(c), peers.iter().map(|&d| cluster_name(d)).collect(), false)
        })
        .collect();
    estate.add("consul-ls.hcl".into(), manifest(&clusters));
    for (c, &count) in n_services.iter().enumerate() {
        let name = cluster_name(c);
        let f = if c % 2 == 0 { Format::Hcl } else { Format::Json };
        estate.add(format!("{name}/agent.{}", f.ext()), f.render(&agent_config(c, false)));
        estate.add(format!("{name}/mesh-gateway.{}", f.ext()), f.render(&mesh_gateway(c)));
        estate.add(format!("{name}/mesh.hcl"), mesh_entry().to_hcl());
        let services: Vec<String> = (0..count).map(|i| service_name(c, i)).collect();
        let consumers: Vec<String> = [previous(c, 1), previous(c, 2), previous(c, 3)].map(cluster_name).to_vec();
        estate
            .add(format!("{name}/exported-services.{}", f.ext()), f.render(&exported_services(&services, &consumers)));
    }
    // Services, cluster by cluster interleaved so every cluster grows evenly.
    let max = n_services.iter().copied().max().unwrap_or(0);
    for i in 0..max {
        for c in 0..k {
            if i >= n_services[c] {
                continue;
            }
            let name = service_name(c, i);
            let target = |step: usize| {
                let d = next(c, step);
                (service_name(d, i % n_services[d]), cluster_name(d))
            };
            if c == 0 && i == 0 {
                let file = format!("{}/services/{name}.json", cluster_name(c));
                let (a, b, t) = (target(1), target(2), target(3));
                let conflict = (service_name(next(c, 3), (i + 1) % n_services[next(c, 3)]), t.1.clone());
                let (text, edit) = edit_target(
                    &file,
                    &name,
                    [(a.0, Some(a.1)), (b.0, Some(b.1)), (t.0, Some(t.1))],
                    conflict,
                    &mut rng,
                );
                estate.seeded.push(Seeded { file: file.clone(), code: "upstream-peer-conflict" });
                estate.add(file, text);
                estate.edit = Some(edit);
                continue;
            }
            let upstreams: Vec<Node> = (1..=3)
                .map(|step| {
                    let (target, peer) = target(step);
                    upstream(&UpstreamSpec {
                        name: target,
                        peer: Some(peer),
                        port: 21000 + step as i64,
                        local_mode: false,
                    })
                })
                .collect();
            let format = if rng.percent(50) { Format::Json } else { Format::Hcl };
            let definition = service_definition(&name, 8080 + (i % 1000) as i64, upstreams, &mut rng);
            estate.add(format!("{}/services/{name}.{}", cluster_name(c), format.ext()), format.render(&definition));
        }
    }
    estate.seeded.sort();
    estate
}

// ---------------------------------------------------------------------------------------------------------------
// (c) one huge agent config

/// `agent.json`: an agent config registering `n_services` services, one line each, each with one upstream to
/// the next service. 100k services ≈ 18 MB. Clean.
pub fn huge_agent(n_services: usize) -> Estate {
    let mut text = String::from(
        "{\n  \"datacenter\": \"dc1\",\n  \"data_dir\": \"/opt/consul\",\n  \"server\": false,\n  \"services\": [\n",
    );
    for i in 0..n_services {
        let name = |i: usize| format!("svc-{i:06}");
        let service = obj(vec![
            ("name", s(name(i))),
            ("port", Node::Int(20000 + (i % 40000) as i64)),
            ("tags", Node::List(vec![s(format!("t{:02}", i % 100))])),
            (
                "connect",
                obj(vec![(
                    "sidecar_service",
                    obj(vec![(
                        "proxy",
                        obj(vec![(
                            "upstreams",
                            Node::List(vec![upstream(&UpstreamSpec {
                                name: name((i + 1) % n_services),
                                peer: None,
                                port: 21001,
                                local_mode: false,
                            })]),
                        )]),
                    )]),
                )]),
            ),
        ]);
        text.push_str("    ");
        service.to_json_line(&mut text);
        text.push_str(if i + 1 < n_services { ",\n" } else { "\n" });
    }
    text.push_str("  ]\n}\n");
    Estate { files: vec![("agent.json".into(), text)], seeded: Vec::new(), edit: None, big_file: None }
}
