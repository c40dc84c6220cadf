//! Typed, spanned views over a parsed file: what kind of Consul file it is, and the services, upstreams, mesh
//! gateways, config entries, ACL policies and token secrets it declares. Built per file; the workspace combines
//! them per cluster.

pub mod acl;
pub mod classify;
pub mod k8s;
pub mod placement;
pub mod view;

pub use acl::{AclPolicy, AclRule, RulesSource};
pub use classify::{FileKind, classify, is_positively_other};
pub use view::{Obj, Str, object_values};

use crate::schema::KeyStyle;
use crate::syntax::{CompactString, Parse, SyntaxError, TextRange, ValueKind};

pub const DEFAULT: &str = "default";

/// Everything one file contributes to the workspace.
#[derive(Clone, Debug, Default)]
pub struct FileModel {
    pub kind: FileKind,
    /// `acl { enabled = ... }` of an agent config.
    pub acl_enabled: Option<bool>,
    /// Where that `enabled = ...` is written (what a finding that depends on it points at).
    pub acl_enabled_at: Option<TextRange>,
    pub services: Vec<Service>,
    pub entries: Vec<ConfigEntry>,
    pub policies: Vec<AclPolicy>,
    pub tokens: Vec<TokenSecret>,
    /// Syntax errors inside embedded documents (a policy's `Rules` string), mapped to file ranges.
    pub embedded_errors: Vec<SyntaxError>,
    /// A YAML file's Kubernetes side: its documents, peerings, Helm facts, workloads (`None` for HCL and JSON).
    pub k8s: Option<Box<k8s::K8sModel>>,
}

/// A mesh gateway mode setting (`mesh_gateway { mode = "local" }`) and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModeSetting {
    pub mode: String,
    /// The `mode = "..."` attribute.
    pub range: TextRange,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub name: Option<Str>,
    pub kind: Option<Str>,
    pub has_port: bool,
    pub partition: CompactString,
    pub namespace: CompactString,
    /// The registration's object.
    pub range: TextRange,
    pub style: KeyStyle,
    pub upstreams: Vec<Upstream>,
    /// The mode set on the service's proxy registration (sidecar `proxy { mesh_gateway { } }`).
    pub proxy_mode: Option<ModeSetting>,
    /// `proxy.config` object of the registration (Envoy options).
    pub proxy_config: Option<TextRange>,
}

impl Service {
    pub fn name(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.text.as_str())
    }
    pub fn kind(&self) -> &str {
        self.kind.as_ref().map_or("", |k| k.text.as_str())
    }
    pub fn is_mesh_gateway(&self) -> bool {
        self.kind() == "mesh-gateway"
    }
}

#[derive(Clone, Debug)]
pub struct Upstream {
    /// The service whose proxy has this upstream (the downstream).
    pub downstream: CompactString,
    pub partition: CompactString,
    pub destination_name: Option<Str>,
    pub destination_peer: Option<Str>,
    /// The fields most upstreams leave out, boxed so that an upstream without them stays small (a large agent
    /// config holds one per service).
    pub more: Option<Box<UpstreamMore>>,
    /// The upstream's object (braces included).
    pub range: TextRange,
    pub style: KeyStyle,
}

#[derive(Clone, Debug, Default)]
pub struct UpstreamMore {
    pub destination_namespace: Option<Str>,
    pub destination_partition: Option<Str>,
    pub datacenter: Option<Str>,
    pub destination_type: Option<Str>,
    pub mode: Option<ModeSetting>,
}

impl UpstreamMore {
    /// `None` when every field is absent.
    fn boxed(self) -> Option<Box<UpstreamMore>> {
        let empty = self.destination_namespace.is_none()
            && self.destination_partition.is_none()
            && self.datacenter.is_none()
            && self.destination_type.is_none()
            && self.mode.is_none();
        (!empty).then(|| Box::new(self))
    }
}

impl Upstream {
    pub fn destination_namespace(&self) -> Option<&Str> {
        self.more.as_ref().and_then(|m| m.destination_namespace.as_ref())
    }
    pub fn destination_partition(&self) -> Option<&Str> {
        self.more.as_ref().and_then(|m| m.destination_partition.as_ref())
    }
    pub fn datacenter(&self) -> Option<&Str> {
        self.more.as_ref().and_then(|m| m.datacenter.as_ref())
    }
    pub fn destination_type(&self) -> Option<&Str> {
        self.more.as_ref().and_then(|m| m.destination_type.as_ref())
    }
    /// The upstream's own `mesh_gateway { mode }`.
    pub fn mode(&self) -> Option<&ModeSetting> {
        self.more.as_ref().and_then(|m| m.mode.as_ref())
    }
    pub fn name(&self) -> &str {
        self.destination_name.as_ref().map_or("", |n| n.text.as_str())
    }
    pub fn peer(&self) -> Option<&str> {
        self.destination_peer.as_ref().map(|p| p.text.as_str()).filter(|p| !p.is_empty())
    }
    pub fn is_prepared_query(&self) -> bool {
        self.destination_type().is_some_and(|t| t.text == "prepared_query")
    }
}

#[derive(Clone, Debug)]
pub struct ConfigEntry {
    pub kind: Str,
    pub name: Option<Str>,
    pub partition: CompactString,
    pub namespace: CompactString,
    pub range: TextRange,
    pub body: EntryBody,
    /// Services (and peers) the entry names besides its own `Name`: intention sources, a resolver's redirect
    /// and failover targets, a router's destinations, a splitter's splits.
    pub mentions: Vec<ServiceMention>,
}

/// A service named inside a config entry, possibly through a peer: `Sources = [{ Name = "web", Peer = "p" }]`,
/// `Redirect { Service = "db" }`, `Failover { "*" { Targets = [{ Service = "db", Peer = "p" }] } }`,
/// `Routes = [{ Destination { Service = "api" } }]`, `Splits = [{ Service = "api-v2" }]`.
#[derive(Clone, Debug)]
pub struct ServiceMention {
    pub role: MentionRole,
    /// The service's name (absent when only a peer is named: a failover to the same service in a peer).
    pub service: Option<Str>,
    pub peer: Option<Str>,
}

impl ServiceMention {
    pub fn name(&self) -> &str {
        self.service.as_ref().map_or("", |s| s.text.as_str())
    }
    /// The peer it names, if any (an empty string names none).
    pub fn peer(&self) -> Option<&str> {
        self.peer.as_ref().map(|p| p.text.as_str()).filter(|p| !p.is_empty())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionRole {
    IntentionSource,
    Redirect,
    Failover,
    RouteDestination,
    Split,
}

impl MentionRole {
    /// In Consul's words, for hovers and lenses.
    pub fn describe(self) -> &'static str {
        match self {
            MentionRole::IntentionSource => "intention source",
            MentionRole::Redirect => "resolver redirect",
            MentionRole::Failover => "resolver failover target",
            MentionRole::RouteDestination => "router destination",
            MentionRole::Split => "splitter split",
        }
    }
}

impl ConfigEntry {
    pub fn name(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.text.as_str())
    }

    /// Whether the entry's `Name` is a service's (service-defaults, intentions, resolvers, ...), rather than a
    /// partition's, `global`, or a gateway's or route's own name.
    pub fn names_a_service(&self) -> bool {
        let kind = self.kind.text.as_str();
        !matches!(kind, "exported-services" | "mesh" | "proxy-defaults" | "sameness-group" | "jwt-provider")
            && !kind.ends_with("-certificate")
            && !kind.ends_with("-route")
            && !kind.ends_with("-gateway")
            && kind != "control-plane-request-limit"
    }
}

#[derive(Clone, Debug)]
pub enum EntryBody {
    ExportedServices(Vec<ExportedService>),
    Mesh {
        peer_through_mesh_gateways: Option<bool>,
        peering: Option<TextRange>,
    },
    ProxyDefaults {
        mode: Option<ModeSetting>,
    },
    ServiceDefaults {
        mode: Option<ModeSetting>,
    },
    /// Resolvers, routers and splitters: they make a service name routable in the cluster.
    DiscoveryChain,
    Other,
}

#[derive(Clone, Debug)]
pub struct ExportedService {
    pub name: Str,
    pub namespace: Option<Str>,
    pub consumers: Vec<Consumer>,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    pub peer: Option<Str>,
    pub partition: Option<Str>,
}

impl Consumer {
    /// The peer this consumer names, if it names one: not empty, and not the wildcard `*` (which Consul rejects;
    /// `invalid-value` reports it).
    pub fn named_peer(&self) -> Option<&Str> {
        self.peer.as_ref().filter(|p| !p.text.is_empty() && p.text != "*")
    }
}

/// A token secret written in a file: `acl.tokens.agent`, a service's `token`.
#[derive(Clone, Debug)]
pub struct TokenSecret {
    /// Where it is, in Consul's words (`acl.tokens.agent`).
    pub path: String,
    pub range: TextRange,
}

/// Reads a parsed file. `text` is the file's text (needed to decode embedded policy rules with positions).
pub fn build(parse: &Parse, text: &str, file_name: &str) -> FileModel {
    build_with(parse, text, file_name, &k8s::YamlContext::default())
}

/// Like [`build`], with what a YAML file's model depends on besides its text (its cluster's install, the
/// manifest's `helm_values`).
pub fn build_with(parse: &Parse, text: &str, file_name: &str, context: &k8s::YamlContext) -> FileModel {
    if parse.source_kind == crate::syntax::SourceKind::Yaml {
        return k8s::build(parse, text, context);
    }
    build_as(parse, text, classify(parse, file_name))
}

/// Reads a parsed HCL or JSON file as a file of `kind` (the workspace may know the kind better than the content
/// alone).
pub fn build_as(parse: &Parse, text: &str, kind: FileKind) -> FileModel {
    let mut model = FileModel { kind, ..FileModel::default() };
    match kind {
        FileKind::AgentConfig => read_agent_config(parse, &mut model),
        FileKind::ServiceRegistration => {
            if let Some(root) = Obj::new(&parse.root, KeyStyle::Pascal) {
                read_service(root, DEFAULT, &mut model, "");
            }
        }
        FileKind::CatalogRegistration => {
            if let Some(root) = Obj::new(&parse.root, KeyStyle::Pascal) {
                let partition = root.string("partition").map_or(DEFAULT.to_string(), |p| p.text.to_string());
                for service in root.objects("service") {
                    read_service(service, &partition, &mut model, "");
                }
            }
        }
        FileKind::ConfigEntry => {
            if let Some(root) = Obj::new(&parse.root, KeyStyle::Pascal) {
                read_entry(root, DEFAULT, &mut model);
            }
        }
        FileKind::AclRules => {
            if let Some(root) = Obj::new(&parse.root, KeyStyle::Snake) {
                let rules = acl::read_rules(root, &|r| r);
                model.policies.push(AclPolicy { name: None, rules, range: root.range, source: RulesSource::File });
            }
        }
        FileKind::AclPolicyApi => {
            if let Some(root) = Obj::new(&parse.root, KeyStyle::Pascal) {
                acl::read_api_policy(root, text, &mut model);
            }
        }
        FileKind::Manifest | FileKind::NotConsul | FileKind::Kubernetes => {}
    }
    model.services.shrink_to_fit();
    model.entries.shrink_to_fit();
    model
}

fn read_agent_config(parse: &Parse, model: &mut FileModel) {
    let Some(root) = Obj::new(&parse.root, KeyStyle::Snake) else { return };
    let partition = root.string("partition").map_or(DEFAULT.to_string(), |p| p.text.to_string());
    if let Some(acl) = root.object("acl") {
        let enabled = acl.bool("enabled");
        model.acl_enabled = enabled.map(|(b, _)| b);
        model.acl_enabled_at = enabled.map(|(_, entry)| entry.range());
        for tokens in acl.objects("tokens") {
            for entry in tokens.entries {
                if let Some(secret) = secret_range(&entry.value) {
                    model.tokens.push(TokenSecret { path: format!("acl.tokens.{}", entry.key.text), range: secret });
                }
            }
        }
        // Legacy names directly under acl (`acl { token = "..." }` in some old docs).
        for legacy in ["token", "agent_token", "agent_master_token", "master_token", "replication_token"] {
            if let Some(entry) = acl.entry(legacy)
                && let Some(secret) = secret_range(&entry.value)
            {
                model.tokens.push(TokenSecret { path: format!("acl.{}", entry.key.text), range: secret });
            }
        }
    }
    for legacy in
        ["acl_token", "acl_agent_token", "acl_agent_master_token", "acl_master_token", "acl_replication_token"]
    {
        if let Some(entry) = root.entry(legacy)
            && let Some(secret) = secret_range(&entry.value)
        {
            model.tokens.push(TokenSecret { path: entry.key.text.to_string(), range: secret });
        }
    }
    for key in ["service", "services"] {
        for service in root.objects(key) {
            read_service(service, &partition, model, key);
        }
    }
    for config_entries in root.objects("config_entries") {
        for entry in config_entries.objects("bootstrap") {
            read_entry(entry.with_style(KeyStyle::Pascal), &partition, model);
        }
    }
}

/// A non-empty literal secret: placeholders such as `${TOKEN}` or `{{ env "X" }}` are not secrets.
fn secret_range(value: &crate::syntax::Value) -> Option<TextRange> {
    let text = value.as_str()?;
    let placeholder = text.contains("${") || text.contains("{{");
    (!text.trim().is_empty() && !placeholder).then_some(value.range)
}

fn mode_of(obj: Obj<'_>) -> Option<ModeSetting> {
    let gateway = obj.object("mesh_gateway")?;
    let mode = gateway.string("mode")?;
    Some(ModeSetting { mode: mode.text.to_string(), range: mode.entry_range() })
}

fn read_service(obj: Obj<'_>, file_partition: &str, model: &mut FileModel, path_prefix: &str) {
    let name = obj.string("name").or_else(|| if obj.style == KeyStyle::Pascal { obj.string("service") } else { None });
    let kind = obj.string("kind");
    let partition: CompactString = obj.string("partition").map_or(file_partition.into(), |p| p.text);
    let namespace: CompactString = obj.string("namespace").map_or(DEFAULT.into(), |p| p.text);
    if let Some(entry) = obj.entry("token")
        && let Some(secret) = secret_range(&entry.value)
    {
        let service_name = name.as_ref().map_or("", |n| n.text.as_str());
        let path = if path_prefix.is_empty() {
            format!("service \"{service_name}\" token")
        } else {
            format!("{path_prefix} \"{service_name}\" token")
        };
        model.tokens.push(TokenSecret { path, range: secret });
    }
    let service_name: CompactString = name.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    let mut upstreams = Vec::new();
    let mut proxy_mode = None;
    let mut proxy_config = None;
    let is_connect_proxy = kind.as_ref().is_some_and(|k| k.text == "connect-proxy");
    // A connect-proxy registration carries its own proxy block; a typical service's sidecar carries one too.
    let mut proxies: Vec<(Obj<'_>, CompactString)> = Vec::new();
    if let Some(proxy) = obj.object("proxy") {
        let downstream = if is_connect_proxy {
            proxy.string("destination_service_name").map_or(service_name.clone(), |d| d.text)
        } else {
            service_name.clone()
        };
        proxy_config = proxy.value("config").filter(|v| v.is_object()).map(|v| v.range);
        proxies.push((proxy, downstream));
    }
    for connect in obj.objects("connect") {
        for sidecar in connect.objects("sidecar_service") {
            for proxy in sidecar.objects("proxy") {
                proxies.push((proxy, service_name.clone()));
            }
        }
    }
    for (proxy, downstream) in proxies {
        if proxy_mode.is_none() {
            proxy_mode = mode_of(proxy);
        }
        for upstream in proxy.objects("upstreams") {
            upstreams.push(Upstream {
                downstream: downstream.clone(),
                partition: partition.clone(),
                destination_name: upstream.string("destination_name"),
                destination_peer: upstream.string("destination_peer"),
                more: UpstreamMore {
                    destination_namespace: upstream.string("destination_namespace"),
                    destination_partition: upstream.string("destination_partition"),
                    datacenter: upstream.string("datacenter"),
                    destination_type: upstream.string("destination_type"),
                    mode: mode_of(upstream),
                }
                .boxed(),
                range: upstream.range,
                style: upstream.style,
            });
        }
    }
    let has_port = obj.value("port").is_some_and(|v| !matches!(v.kind, ValueKind::Null));
    upstreams.shrink_to_fit();
    model.services.push(Service {
        name,
        kind,
        has_port,
        partition,
        namespace,
        range: obj.range,
        style: obj.style,
        upstreams,
        proxy_mode,
        proxy_config,
    });
}

/// Entry kinds that route a service name inside the cluster (a virtual or redirected service).
const DISCOVERY_CHAIN_KINDS: &[&str] = &["service-resolver", "service-router", "service-splitter"];

fn read_entry(obj: Obj<'_>, file_partition: &str, model: &mut FileModel) {
    // `Kind` must be spelled exactly `Kind` or `kind` (consul-reference.md §1).
    let Some(kind_entry) = obj.entries.iter().find(|e| e.key.text == "Kind" || e.key.text == "kind") else { return };
    let Some(kind_text) = kind_entry.value.as_str() else { return };
    let kind = Str { text: kind_text.into(), range: kind_entry.value.range, key_range: kind_entry.key.range };
    let name = obj.string("name");
    let partition: CompactString = obj.string("partition").map_or(file_partition.into(), |p| p.text);
    let namespace: CompactString = obj.string("namespace").map_or(DEFAULT.into(), |p| p.text);
    let body = match kind_text {
        "exported-services" => {
            let mut services = Vec::new();
            for service in obj.objects("services") {
                let Some(service_name) = service.string("name") else { continue };
                let consumers = service
                    .objects("consumers")
                    .map(|c| Consumer {
                        peer: c.string_aliased("peer", &["peer_name", "PeerName"]),
                        partition: c.string("partition"),
                    })
                    .collect();
                services.push(ExportedService {
                    name: service_name,
                    namespace: service.string("namespace"),
                    consumers,
                });
            }
            EntryBody::ExportedServices(services)
        }
        "mesh" => {
            let peering = obj.object("peering");
            let through = peering.and_then(|p| p.bool("peer_through_mesh_gateways")).map(|(b, _)| b);
            EntryBody::Mesh { peer_through_mesh_gateways: through, peering: peering.map(|p| p.range) }
        }
        "proxy-defaults" => EntryBody::ProxyDefaults { mode: mode_of(obj) },
        "service-defaults" => EntryBody::ServiceDefaults { mode: mode_of(obj) },
        k if DISCOVERY_CHAIN_KINDS.contains(&k) => EntryBody::DiscoveryChain,
        _ => EntryBody::Other,
    };
    let mentions = read_mentions(obj, kind_text);
    model.entries.push(ConfigEntry { kind, name, partition, namespace, range: obj.range, body, mentions });
}

/// The services an entry names besides its own `Name` (see [`ServiceMention`]).
fn read_mentions(obj: Obj<'_>, kind: &str) -> Vec<ServiceMention> {
    let mut out = Vec::new();
    let mut push = |role, target: Obj<'_>, service_key: &'static str| {
        let service = target.string(service_key).filter(|s| !s.text.is_empty());
        let peer = target.string_aliased("peer", &["peer_name", "PeerName"]).filter(|p| !p.text.is_empty());
        if service.is_some() || peer.is_some() {
            out.push(ServiceMention { role, service, peer });
        }
    };
    match kind {
        "service-intentions" => {
            for source in obj.objects("sources") {
                push(MentionRole::IntentionSource, source, "name");
            }
        }
        "service-resolver" => {
            for redirect in obj.objects("redirect") {
                push(MentionRole::Redirect, redirect, "service");
            }
            for failover in obj.objects("failover") {
                // A map of subset name → failover policy.
                for subset in failover.entries {
                    for policy in object_values(&subset.value).filter_map(|v| Obj::new(v, obj.style)) {
                        push(MentionRole::Failover, policy, "service");
                        for target in policy.objects("targets") {
                            push(MentionRole::Failover, target, "service");
                        }
                    }
                }
            }
        }
        "service-router" => {
            for route in obj.objects("routes") {
                for destination in route.objects("destination") {
                    push(MentionRole::RouteDestination, destination, "service");
                }
            }
        }
        "service-splitter" => {
            for split in obj.objects("splits") {
                push(MentionRole::Split, split, "service");
            }
        }
        _ => {}
    }
    out.shrink_to_fit();
    out
}
