//! The model of a YAML file: each Consul document read on its own into the same items as HCL and JSON —
//! custom resources into [`ConfigEntry`]s, annotated workloads into [`Service`]s with [`Upstream`]s (ranges
//! inside the annotation's string), Helm values into cluster facts (a mesh gateway registration and the policy
//! the chart writes for it, when the values say so) — plus what only Kubernetes has: peerings
//! (PeeringAcceptor/PeeringDialer) and the Helm facts themselves.
//!
//! Custom resources are decoded strictly, as the API server does: a value of the wrong type (`"true"` for a
//! boolean) makes no fact (the resource would be refused); the schema rules report it.

use super::annotation::{self, ItemForm, NamespacesMode, Part};
use super::helm::{HelmFacts, get};
use super::{K8sDocKind, classify_yaml_document, is_go_template, pod_annotations};
use crate::model::acl::{AclPolicy, AclRule, RulesSource};
use crate::model::{
    ConfigEntry, Consumer, DEFAULT, EntryBody, ExportedService, FileKind, FileModel, ModeSetting, Service, Str,
    Upstream, UpstreamMore,
};
use crate::schema::KeyStyle;
use crate::syntax::strings::OffsetMap;
use crate::syntax::yaml::{documents, scalar_source_map};
use crate::syntax::{CompactString, Parse, TextRange, Value};

/// What a YAML file's model depends on beyond its own text: its cluster's install (from the cluster's Helm
/// values) and whether the manifest lists it in `helm_values`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YamlContext {
    pub install: InstallContext,
    /// The manifest lists the file in a cluster's `helm_values`: every mapping document is Consul chart values.
    pub helm_values: bool,
}

/// The facts of a Consul install on Kubernetes that other files of the cluster are read with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallContext {
    /// The admin partition custom resources and workloads are in.
    pub partition: CompactString,
    /// Consul namespaces (or admin partitions) enabled; `None` when the cluster has no Helm values.
    pub namespaces: NamespacesMode,
    /// Admin partitions enabled; `None` when the cluster has no Helm values.
    pub partitions: Option<bool>,
    /// `global.peering.enabled` (the chart installs the PeeringAcceptor/PeeringDialer resources only then);
    /// `None` when the cluster has no Helm values.
    pub peering: Option<bool>,
    /// Namespace mirroring: the Consul namespace of a workload or resource is its Kubernetes namespace.
    pub mirroring: bool,
}

impl Default for InstallContext {
    fn default() -> Self {
        InstallContext { partition: DEFAULT.into(), namespaces: None, partitions: None, peering: None, mirroring: true }
    }
}

impl InstallContext {
    /// The install described by a cluster's Helm values documents (in path order): a setting any of them
    /// enables is on, the first non-default partition counts. No documents: the default (unknown install).
    pub fn from_helm_values(facts: &[&HelmFacts]) -> InstallContext {
        if facts.is_empty() {
            return InstallContext::default();
        }
        let partition = facts.iter().map(|f| &f.partition).find(|p| *p != DEFAULT).cloned();
        InstallContext {
            partition: partition.unwrap_or_else(|| DEFAULT.into()),
            namespaces: Some(facts.iter().any(|f| f.namespaces)),
            partitions: Some(facts.iter().any(|f| f.partitions)),
            peering: Some(facts.iter().any(|f| f.peering)),
            mirroring: facts.iter().all(|f| f.mirroring),
        }
    }
}

/// The Kubernetes part of a YAML file's model.
#[derive(Clone, Debug, Default)]
pub struct K8sModel {
    /// Every document of the stream, classified (the manifest's `helm_values` applied).
    pub documents: Vec<K8sDocument>,
    pub peerings: Vec<Peering>,
    /// One per Helm values document.
    pub helm: Vec<HelmFacts>,
    /// Workloads, with their upstream annotation.
    pub workloads: Vec<Workload>,
    /// What the model was built with.
    pub context: YamlContext,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sDocument {
    pub kind: K8sDocKind,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeeringRole {
    Acceptor,
    Dialer,
}

impl PeeringRole {
    pub fn kind(self) -> &'static str {
        match self {
            PeeringRole::Acceptor => "PeeringAcceptor",
            PeeringRole::Dialer => "PeeringDialer",
        }
    }
}

/// A PeeringAcceptor or PeeringDialer: the peer it names (its `metadata.name`) and its token secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peering {
    pub role: PeeringRole,
    /// `metadata.name`: the peer's name in this cluster.
    pub name: Str,
    /// `spec.peer.secret.name`.
    pub secret: Option<Str>,
    /// The document.
    pub range: TextRange,
}

/// An annotated workload: the service it registers (an index into the model's services) and its
/// `connect-service-upstreams` annotation.
#[derive(Clone, Debug)]
pub struct Workload {
    pub kind: String,
    pub service: Option<u32>,
    /// The annotation's value, and the items consul-k8s refuses (message, range in the file).
    pub upstreams: Option<TextRange>,
    pub errors: Vec<(String, TextRange)>,
    pub document: TextRange,
}

pub const UPSTREAMS_ANNOTATION: &str = "consul.hashicorp.com/connect-service-upstreams";
pub const SERVICE_ANNOTATION: &str = "consul.hashicorp.com/connect-service";
pub const INJECT_ANNOTATION: &str = "consul.hashicorp.com/connect-inject";

/// Reads a YAML file.
pub fn build(parse: &Parse, text: &str, context: &YamlContext) -> FileModel {
    let docs = documents(parse);
    let template = is_go_template(text);
    let mut model = FileModel::default();
    let mut k8s = K8sModel { context: context.clone(), ..K8sModel::default() };
    for doc in docs {
        let kind = if template {
            K8sDocKind::NotConsul
        } else if context.helm_values && doc.is_object() {
            K8sDocKind::HelmValues
        } else {
            classify_yaml_document(doc)
        };
        match &kind {
            K8sDocKind::CustomResource { kind, .. } => resource(doc, kind, context, &mut model, &mut k8s),
            K8sDocKind::Workload { kind } => workload(doc, kind, text, context, &mut model, &mut k8s),
            K8sDocKind::HelmValues => helm(doc, &mut model, &mut k8s),
            K8sDocKind::NotConsul => {}
        }
        k8s.documents.push(K8sDocument { kind, range: doc.range });
    }
    if k8s.documents.iter().any(|d| d.kind.is_consul()) {
        model.kind = FileKind::Kubernetes;
    }
    model.services.shrink_to_fit();
    model.entries.shrink_to_fit();
    model.k8s = Some(Box::new(k8s));
    model
}

/// A string value at a path of keys (`None` unless it is a string).
fn string_at(value: &Value, path: &[&str]) -> Option<Str> {
    let (last, parents) = path.split_last()?;
    let parent = parents.iter().try_fold(value, |v, key| get(v, key).map(|e| &e.value))?;
    let entry = get(parent, last)?;
    let text = entry.value.as_str()?;
    Some(Str { text: text.into(), range: entry.value.range, key_range: entry.key.range })
}

fn value_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| get(v, key).map(|e| &e.value))
}

/// The items of a list value (nothing for anything else).
fn items(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_list).unwrap_or(&[])
}

fn kind_str(doc: &Value, consul_kind: &str) -> Option<Str> {
    let entry = get(doc, "kind")?;
    Some(Str { text: consul_kind.into(), range: entry.value.range, key_range: entry.key.range })
}

/// The Consul namespace of a resource or workload in Kubernetes namespace `namespace` (mirroring when
/// namespaces are on, else `default`).
fn consul_namespace(context: &YamlContext, namespace: Option<&str>) -> CompactString {
    match (context.install.namespaces, namespace) {
        (Some(true), Some(ns)) if context.install.mirroring && !ns.is_empty() => ns.into(),
        _ => DEFAULT.into(),
    }
}

fn resource(doc: &Value, kind: &str, context: &YamlContext, model: &mut FileModel, k8s: &mut K8sModel) {
    let name = string_at(doc, &["metadata", "name"]);
    if let Some(role) = match kind {
        "PeeringAcceptor" => Some(PeeringRole::Acceptor),
        "PeeringDialer" => Some(PeeringRole::Dialer),
        _ => None,
    } {
        if let Some(name) = name {
            let secret = string_at(doc, &["spec", "peer", "secret", "name"]);
            k8s.peerings.push(Peering { role, name, secret, range: doc.range });
        }
        return;
    }
    let Some(entry_kind) = crate::schema::k8s::custom_resource(kind).and_then(|r| r.entry_kind()) else { return };
    let Some(kind_str) = kind_str(doc, entry_kind) else { return };
    let spec = value_at(doc, &["spec"]);
    let k8s_namespace = string_at(doc, &["metadata", "namespace"]);
    let (name, namespace) = if entry_kind == "service-intentions" {
        let destination = spec.and_then(|s| value_at(s, &["destination"]));
        let ns = destination.and_then(|d| string_at(d, &["namespace"])).map(|n| n.text);
        (destination.and_then(|d| string_at(d, &["name"])), ns.unwrap_or_else(|| DEFAULT.into()))
    } else if matches!(entry_kind, "proxy-defaults" | "mesh" | "exported-services" | "jwt-provider") {
        (name, DEFAULT.into())
    } else {
        (name, consul_namespace(context, k8s_namespace.as_ref().map(|n| n.text.as_str())))
    };
    let body = match entry_kind {
        "exported-services" => EntryBody::ExportedServices(exported_services(spec)),
        "mesh" => {
            let peering = spec.and_then(|s| get(s, "peering")).filter(|e| e.value.is_object());
            let through =
                peering.and_then(|p| get(&p.value, "peerThroughMeshGateways")).and_then(|e| e.value.as_bool());
            EntryBody::Mesh { peer_through_mesh_gateways: through, peering: peering.map(|p| p.value.range) }
        }
        "proxy-defaults" => EntryBody::ProxyDefaults { mode: spec.and_then(mode_of) },
        "service-defaults" => EntryBody::ServiceDefaults { mode: spec.and_then(mode_of) },
        "service-resolver" | "service-router" | "service-splitter" => EntryBody::DiscoveryChain,
        _ => EntryBody::Other,
    };
    model.entries.push(ConfigEntry {
        kind: kind_str,
        name,
        partition: context.install.partition.clone(),
        namespace,
        range: doc.range,
        body,
        mentions: Vec::new(),
    });
}

fn mode_of(spec: &Value) -> Option<ModeSetting> {
    let gateway = get(spec, "meshGateway")?;
    let mode = get(&gateway.value, "mode")?;
    let text = mode.value.as_str()?;
    Some(ModeSetting { mode: text.to_string(), range: mode.key.range.cover(mode.value.range) })
}

fn exported_services(spec: Option<&Value>) -> Vec<ExportedService> {
    let mut out = Vec::new();
    for service in items(spec.and_then(|s| value_at(s, &["services"]))) {
        let Some(name) = string_at(service, &["name"]) else { continue };
        let consumers = items(value_at(service, &["consumers"]))
            .iter()
            .filter(|c| c.is_object())
            .map(|c| Consumer { peer: string_at(c, &["peer"]), partition: string_at(c, &["partition"]) })
            .collect();
        out.push(ExportedService { name, namespace: string_at(service, &["namespace"]), consumers });
    }
    out
}

/// The names of the pod's container ports, `None` when the document does not list containers.
fn named_ports(doc: &Value, kind: &str) -> Option<Vec<String>> {
    let spec: &[&str] = match kind {
        "Pod" => &["spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => &["spec", "template", "spec"],
    };
    let spec = value_at(doc, spec)?;
    let mut names = Vec::new();
    let mut any = false;
    for key in ["containers", "initContainers"] {
        if let Some(list) = value_at(spec, &[key]).and_then(Value::as_list) {
            any = true;
            for container in list {
                for port in items(value_at(container, &["ports"])) {
                    if let Some(name) = value_at(port, &["name"]).and_then(Value::as_str) {
                        names.push(name.to_string());
                    }
                }
            }
        }
    }
    any.then_some(names)
}

/// Maps a part of a string value to file offsets (the whole value when the string cannot be mapped).
struct Mapper<'a> {
    text: &'a str,
    value: TextRange,
    map: Option<&'a OffsetMap>,
}

impl Mapper<'_> {
    fn range(&self, r: &std::ops::Range<usize>) -> TextRange {
        match self.map {
            Some(map) => {
                let start = map.source_offset(r.start);
                // The end: just after the last character of the part, as written (a character boundary).
                let end = if r.end > r.start {
                    let last = map.source_offset(r.end - 1);
                    let width = self.text.get(last as usize..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
                    last + width as u32
                } else {
                    start
                };
                TextRange::new(start, end.max(start).min(self.value.end))
            }
            None => self.value,
        }
    }

    fn str(&self, part: &Part, segment: Option<&std::ops::Range<usize>>) -> Str {
        let range = self.range(&part.range);
        let key_range = segment.map_or(range, |s| self.range(s));
        Str { text: part.text.as_str().into(), range, key_range }
    }
}

fn workload(doc: &Value, kind: &str, text: &str, context: &YamlContext, model: &mut FileModel, k8s: &mut K8sModel) {
    let mut record =
        Workload { kind: kind.to_string(), service: None, upstreams: None, errors: Vec::new(), document: doc.range };
    let Some(annotations) = pod_annotations(doc, kind) else {
        k8s.workloads.push(record);
        return;
    };
    let inject = get(annotations, INJECT_ANNOTATION).and_then(|e| e.value.as_str());
    if inject.is_some_and(|v| matches!(v, "false" | "0" | "f" | "F" | "FALSE" | "False")) {
        k8s.workloads.push(record);
        return;
    }
    let metadata_name = string_at(doc, &["metadata", "name"]);
    let name = match get(annotations, SERVICE_ANNOTATION) {
        Some(entry) if entry.value.as_str().is_some_and(|s| !s.trim().is_empty()) => {
            let value = entry.value.as_str().unwrap_or_default();
            // Multi-port pods name several services; upstreams belong to the first.
            let first = value.split(',').next().unwrap_or_default();
            let map = scalar_source_map(text, &entry.value);
            let mapper = Mapper { text, value: entry.value.range, map: map.as_ref() };
            let start = first.len() - first.trim_start().len();
            let part = Part { text: first.trim().to_string(), range: start..start + first.trim().len() };
            Some(mapper.str(&part, None))
        }
        _ => metadata_name,
    };
    let k8s_namespace = string_at(doc, &["metadata", "namespace"]);
    let namespace = consul_namespace(context, k8s_namespace.as_ref().map(|n| n.text.as_str()));
    let service_name: CompactString = name.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    let partition = context.install.partition.clone();
    let mut upstreams = Vec::new();
    if let Some(entry) = get(annotations, UPSTREAMS_ANNOTATION)
        && let Some(value) = entry.value.as_str()
    {
        record.upstreams = Some(entry.value.range);
        let map = scalar_source_map(text, &entry.value);
        let mapper = Mapper { text, value: entry.value.range, map: map.as_ref() };
        let ports = named_ports(doc, kind);
        for item in annotation::parse(value, context.install.namespaces, ports.as_deref()) {
            if let Some((message, at)) = &item.error {
                record.errors.push((message.clone(), mapper.range(at)));
                continue;
            }
            let Some(service) = &item.service else { continue };
            let setting = |s: &Option<annotation::Setting>| s.as_ref().map(|s| mapper.str(&s.value, Some(&s.segment)));
            let prepared = item.form == Some(ItemForm::PreparedQuery);
            let item_range = mapper.range(&item.range);
            upstreams.push(Upstream {
                downstream: service_name.clone(),
                partition: partition.clone(),
                destination_name: Some(mapper.str(service, None)),
                destination_peer: setting(&item.peer),
                more: UpstreamMore {
                    destination_namespace: setting(&item.namespace),
                    destination_partition: setting(&item.partition),
                    datacenter: setting(&item.datacenter),
                    destination_type: prepared.then(|| Str {
                        text: "prepared_query".into(),
                        range: item_range,
                        key_range: item_range,
                    }),
                    mode: item
                        .mesh_gateway_mode
                        .as_ref()
                        .map(|m| ModeSetting { mode: m.value.text.clone(), range: mapper.range(&m.segment) }),
                }
                .boxed(),
                range: item_range,
                style: KeyStyle::Camel,
            });
        }
    }
    record.service = Some(model.services.len() as u32);
    model.services.push(Service {
        name,
        kind: None,
        has_port: true,
        partition,
        namespace,
        range: doc.range,
        style: KeyStyle::Camel,
        upstreams,
        proxy_mode: None,
        proxy_config: None,
    });
    k8s.workloads.push(record);
}

/// A values document: its facts, and what the chart registers from them — the mesh gateway, and (with managed
/// ACLs) the policy the chart writes for it, which grants everything the `acl-gateway-*` checks ask for.
fn helm(doc: &Value, model: &mut FileModel, k8s: &mut K8sModel) {
    let facts = HelmFacts::read(doc);
    if let Some(gateway) = &facts.mesh_gateway {
        let at = Str { text: gateway.name.clone(), range: gateway.value, key_range: gateway.key };
        let kind = Str { text: "mesh-gateway".into(), range: gateway.value, key_range: gateway.key };
        model.services.push(Service {
            name: Some(at),
            kind: Some(kind),
            has_port: true,
            partition: facts.partition.clone(),
            namespace: DEFAULT.into(),
            range: gateway.key.cover(gateway.value),
            style: KeyStyle::Camel,
            upstreams: Vec::new(),
            proxy_mode: None,
            proxy_config: None,
        });
        if let Some(acls) = facts.acls_managed {
            let rule = |resource: &str, segment: Option<&str>, access: &str| AclRule {
                resource: resource.to_string(),
                segment: segment.map(str::to_string),
                segment_range: None,
                access: access.to_string(),
                range: acls,
                access_range: acls,
                partition_scope: None,
            };
            model.policies.push(AclPolicy {
                name: Some(format!("{} (written by the Consul chart)", gateway.name)),
                rules: vec![
                    rule("service", Some(&gateway.name), "write"),
                    rule("service_prefix", Some(""), "read"),
                    rule("node_prefix", Some(""), "read"),
                    rule("mesh", None, "write"),
                    rule("peering", None, "read"),
                ],
                range: acls,
                source: RulesSource::Generated,
            });
        }
    }
    if facts.acls_managed.is_some() {
        model.acl_enabled = Some(true);
    }
    k8s.helm.push(facts);
}
