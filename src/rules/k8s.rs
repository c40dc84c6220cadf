//! Kubernetes (consul-k8s) rules for one YAML file, document by document (interface.md "Kubernetes"):
//!
//! - custom resources: the resource's schema (lowerCamel keys, case-sensitive; strict types) through the schema
//!   walker, and the consul-k8s webhook's checks with its messages (consul-k8s-reference.md §1, §2:
//!   `control-plane/api/v1alpha1/*_types.go` `Validate`, the `*_webhook.go` name rules);
//! - annotated workloads: the `connect-service-upstreams` grammar (the endpoints controller's errors, on the
//!   item inside the annotation's string), boolean annotations (`strconv.ParseBool`), annotation values that are
//!   not strings (Kubernetes refuses them), near misses of consul-k8s's annotation names;
//! - Consul Helm chart values: keys the chart does not have (Helm ignores them silently), types, and the chart's
//!   `fail` conditions (§4) — a setting that requires another is `missing-required` on its key.
//!
//! Checks that depend on the install (namespaces, partitions) run only when the cluster's Helm values say how it
//! is installed.

use super::schema::walk;
use super::{Code, Diagnostic, FixHint};
use crate::model::k8s::annotation::go_quote;
use crate::model::k8s::helm::{HelmValues, get};
use crate::model::k8s::{ANNOTATION_PREFIX, CONSUL_API_GROUP, InstallContext, K8sDocKind, pod_annotations};
use crate::schema::{self, KeyStyle};
use crate::syntax::{Entry, TextRange, Value, ValueKind};
use crate::workspace::SourceFile;

pub fn check_file(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(k8s) = file.model.k8s.as_deref() else { return };
    let docs = crate::syntax::yaml::documents(&file.parse);
    let install = &k8s.context.install;
    let known = install.namespaces.is_some();
    for (doc, info) in docs.iter().zip(&k8s.documents) {
        match &info.kind {
            K8sDocKind::CustomResource { kind, version } => {
                Resource { file, doc, kind, install, known, out: &mut *out }.check(version)
            }
            K8sDocKind::Workload { kind } => workload(file, doc, kind, out),
            K8sDocKind::HelmValues => helm(file, doc, out),
            K8sDocKind::NotConsul => {}
        }
    }
    for workload in &k8s.workloads {
        for (message, range) in &workload.errors {
            out.push(Diagnostic::new(Code::InvalidValue, *range, message.clone()));
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Custom resources

/// `path: Invalid value: "v": detail` (Kubernetes' field error), the value shown when it is a scalar.
fn invalid_message(path: &str, value: Option<&Value>, detail: &str) -> String {
    match value.and_then(scalar_text) {
        Some(text) => format!("{path}: Invalid value: {}: {detail}", go_quote(&text)),
        None => format!("{path}: Invalid value: {detail}"),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::String(s) => Some(s.text.to_string()),
        ValueKind::Bool(b) => Some(b.to_string()),
        ValueKind::Number(n) if n.is_integer => Some(format!("{}", n.value as i64)),
        ValueKind::Number(n) => Some(n.value.to_string()),
        _ => None,
    }
}

/// A string at `key` of an object (`""` when absent or not a string, as Go's zero value).
fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    get(value, key).and_then(|e| e.value.as_str()).unwrap_or("")
}

fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    get(value, key).and_then(|e| e.value.as_list()).unwrap_or(&[])
}

struct Resource<'a> {
    file: &'a SourceFile,
    doc: &'a Value,
    kind: &'a str,
    install: &'a InstallContext,
    /// The install is known (the cluster has Helm values).
    known: bool,
    out: &'a mut Vec<Diagnostic>,
}

impl Resource<'_> {
    fn invalid(&mut self, range: TextRange, message: String) {
        self.out.push(Diagnostic::new(Code::InvalidValue, range, message));
    }

    /// `invalid-value` on `value` (or on `fallback` when absent).
    fn invalid_at(&mut self, path: &str, entry: Option<&Entry>, fallback: TextRange, detail: &str) {
        let range = entry.map_or(fallback, |e| e.value.range);
        let message = invalid_message(path, entry.map(|e| &e.value), detail);
        self.invalid(range, message);
    }

    fn missing(&mut self, object: TextRange, message: String) {
        let range = super::schema::object_first_line(&self.file.text, &self.file.parse.root, object);
        self.out.push(Diagnostic::new(Code::MissingRequired, range, message));
    }

    fn check(mut self, version: &str) {
        let kind_entry = get(self.doc, "kind");
        let Some(kind_entry) = kind_entry.filter(|_| !self.kind.is_empty()) else {
            self.missing(self.doc.range, "custom resource is missing the required field \"kind\"".to_string());
            return;
        };
        if schema::k8s::custom_resource(self.kind).is_none() {
            // Another kind of the group (a newer consul-k8s): checked only when it is a near miss of a known one.
            let kinds = schema::k8s::CUSTOM_RESOURCES.iter().map(|r| r.kind.to_string());
            if let Some(suggestion) = schema::suggest(self.kind, kinds) {
                let message = format!(
                    "no matches for kind {} in version \"{CONSUL_API_GROUP}/{version}\"; did you mean {}?",
                    go_quote(self.kind),
                    go_quote(&suggestion)
                );
                self.out.push(
                    Diagnostic::new(Code::InvalidValue, kind_entry.value.range, message)
                        .with_fix(FixHint::ReplaceValue { with: suggestion }),
                );
            }
            return;
        }
        if version != "v1alpha1" {
            let message = format!(
                "no matches for kind {} in version \"{CONSUL_API_GROUP}/{version}\": consul-k8s serves v1alpha1",
                go_quote(self.kind)
            );
            let at = get(self.doc, "apiVersion").map_or(self.doc.range, |e| e.value.range);
            self.out.push(
                Diagnostic::new(Code::InvalidValue, at, message)
                    .with_fix(FixHint::ReplaceValue { with: format!("{CONSUL_API_GROUP}/v1alpha1") }),
            );
        }
        if matches!(self.kind, "PeeringAcceptor" | "PeeringDialer") && self.install.peering == Some(false) {
            self.invalid(
                kind_entry.value.range,
                format!(
                    "no matches for kind {} in version \"{CONSUL_API_GROUP}/{version}\": the Consul chart installs the peering resources only with global.peering.enabled, which this cluster's Helm values do not set",
                    go_quote(self.kind)
                ),
            );
        }
        if let Some(block) = schema::k8s::resource_block(self.kind) {
            walk(self.file, self.doc, block, KeyStyle::Camel, &[], self.out);
        }
        let name_entry = get(self.doc, "metadata").and_then(|m| get(&m.value, "name"));
        let name = name_entry.and_then(|e| e.value.as_str()).unwrap_or("");
        let spec = get(self.doc, "spec").map(|e| &e.value).filter(|v| v.is_object());
        let lower = self.kind.to_ascii_lowercase();
        let kind_range = kind_entry.value.range;
        // The webhook's name rules.
        let required_name = match self.kind {
            "ProxyDefaults" => Some("global".to_string()),
            "Mesh" => Some("mesh".to_string()),
            // The partition is known only from the cluster's Helm values.
            "ExportedServices" if self.known => Some(self.install.partition.to_string()),
            "ControlPlaneRequestLimit" => Some("controlplanerequestlimit".to_string()),
            _ => None,
        };
        if let Some(required) = required_name
            && name_entry.is_some()
            && name != required
        {
            let detail = if self.kind == "ExportedServices" && required != crate::model::DEFAULT {
                format!("{lower} resource name must be the same name as the partition, \"{required}\"")
            } else {
                format!("{lower} resource name must be \"{required}\"")
            };
            let entry = name_entry.expect("checked above");
            let message = invalid_message("metadata.name", Some(&entry.value), &detail);
            self.out.push(
                Diagnostic::new(Code::InvalidValue, entry.value.range, message)
                    .with_fix(FixHint::ReplaceValue { with: required }),
            );
        }
        let Some(spec) = spec else {
            if matches!(self.kind, "PeeringAcceptor" | "PeeringDialer") && get(self.doc, "spec").is_some() {
                self.invalid(kind_range, "spec.peer: Invalid value: peer must be specified".into());
            }
            return;
        };
        match self.kind {
            "ProxyDefaults" | "ServiceDefaults" => self.defaults(spec),
            "Mesh" => self.mesh(spec),
            "ExportedServices" => self.exported_services(spec),
            "ServiceIntentions" => self.intentions(spec),
            "ServiceResolver" => self.resolver(spec),
            "PeeringAcceptor" | "PeeringDialer" => self.peering(spec),
            "SamenessGroup" => self.sameness_group(spec),
            _ => {}
        }
    }

    fn defaults(&mut self, spec: &Value) {
        if let Some(mode) = get(spec, "mode") {
            self.invalid(
                mode.key.range.cover(mode.value.range),
                "spec.mode: Invalid value: use the annotation `consul.hashicorp.com/transparent-proxy` to configure the Transparent Proxy Mode".into(),
            );
        }
        if let Some(port) = get(spec, "transparentProxy").and_then(|t| get(&t.value, "outboundListenerPort")) {
            self.invalid_at(
                "spec.transparentProxy.outboundListenerPort",
                Some(port),
                port.value.range,
                "use the annotation `consul.hashicorp.com/transparent-proxy-outbound-listener-port` to configure the Outbound Listener Port",
            );
        }
        if self.kind != "ServiceDefaults" {
            return;
        }
        if let Some(protocol) = get(spec, "protocol")
            && let Some(p) = protocol.value.as_str()
            && !p.is_empty()
            && !["tcp", "http", "http2", "grpc"].contains(&p)
        {
            let closest = super::schema::closest_allowed(p, &["tcp", "http", "http2", "grpc"]);
            let message = invalid_message(
                "spec.protocol",
                Some(&protocol.value),
                r#"must be one of "tcp", "http", "http2", "grpc""#,
            );
            let d = Diagnostic::new(Code::InvalidValue, protocol.value.range, message);
            self.out.push(match closest {
                Some(with) => d.with_fix(FixHint::ReplaceValue { with }),
                None => d,
            });
        }
        let Some(upstreams) = get(spec, "upstreamConfig").map(|e| &e.value) else { return };
        if let Some(defaults) = get(upstreams, "defaults").map(|e| &e.value) {
            for key in ["name", "namespace", "partition", "peer"] {
                if let Some(entry) = get(defaults, key).filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty())) {
                    let detail = format!("upstream.{key} for a default upstream must be \"\"");
                    self.invalid_at(
                        &format!("spec.upstreamConfig.defaults.{key}"),
                        Some(entry),
                        entry.value.range,
                        &detail,
                    );
                }
            }
        }
        for (i, o) in list(upstreams, "overrides").iter().enumerate() {
            let path = format!("spec.upstreamConfig.overrides[{i}]");
            if text(o, "name").is_empty() {
                let entry = get(o, "name");
                self.invalid_at(
                    &format!("{path}.name"),
                    entry,
                    o.range,
                    "upstream.name for an override upstream cannot be \"\"",
                );
            }
            if !text(o, "peer").is_empty() {
                for key in ["namespace", "partition"] {
                    if let Some(other) = get(o, key).filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty())) {
                        let range = other.key.range.cover(other.value.range);
                        self.invalid(range, format!("{path}: Invalid value: both {key} and peer cannot be specified."));
                    }
                }
            }
            if self.known
                && self.install.partitions == Some(false)
                && let Some(partition) = get(o, "partition").filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()))
            {
                self.invalid_at(
                    &format!("{path}.partition"),
                    Some(partition),
                    partition.value.range,
                    "Consul Enterprise Admin Partitions must be enabled to set upstream.partition",
                );
            }
        }
    }

    fn mesh(&mut self, spec: &Value) {
        let Some(through) = get(spec, "peering").and_then(|p| get(&p.value, "peerThroughMeshGateways")) else { return };
        if through.value.as_bool() == Some(true)
            && self.install.partitions == Some(true)
            && self.install.partition != crate::model::DEFAULT
        {
            self.invalid(
                through.key.range.cover(through.value.range),
                "spec.peering.peerThroughMeshGateways: Forbidden: \"peerThroughMeshGateways\" is only valid in the \"default\" partition".into(),
            );
        }
    }

    fn exported_services(&mut self, spec: &Value) {
        let services = get(spec, "services");
        if services.is_none_or(|s| s.value.as_list().is_none_or(<[Value]>::is_empty)) {
            let at = services.map_or(spec.range, |s| s.key.range.cover(s.value.range));
            self.invalid(at, "spec.services: Invalid value: at least one service must be exported".into());
            return;
        }
        for (i, service) in list(spec, "services").iter().enumerate() {
            let path = format!("spec.services[{i}]");
            let consumers = list(service, "consumers");
            if consumers.is_empty() {
                let at = get(service, "consumers").map_or(service.range, |c| c.key.range.cover(c.value.range));
                self.invalid(at, format!("{path}: Invalid value: service must have at least 1 consumer."));
            }
            if self.install.namespaces == Some(false)
                && let Some(ns) = get(service, "namespace").filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()))
            {
                let range = ns.key.range.cover(ns.value.range);
                let message = invalid_message(
                    &path,
                    Some(&ns.value),
                    "Consul Namespaces must be enabled to specify service namespace.",
                );
                self.invalid(range, message);
            }
            for (j, consumer) in consumers.iter().enumerate() {
                let path = format!("{path}.consumers[{j}]");
                let set: Vec<&Entry> = ["peer", "partition", "samenessGroup"]
                    .iter()
                    .filter_map(|k| get(consumer, k))
                    .filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()))
                    .collect();
                if set.len() > 1 {
                    let range = set[0].key.range.cover(set[set.len() - 1].value.range);
                    self.invalid(
                        range,
                        format!("{path}: Invalid value: service consumer must define at most one of Peer, Partition, or SamenessGroup"),
                    );
                    continue;
                }
                let Some(one) = set.first() else {
                    self.invalid(
                        consumer.range,
                        format!("{path}: Invalid value: service consumer must define at least one of Peer, Partition, or SamenessGroup"),
                    );
                    continue;
                };
                let key = one.key.text.as_str();
                if key == "partition" && self.install.partitions == Some(false) {
                    self.invalid_at(
                        &format!("{path}.partition"),
                        Some(one),
                        one.value.range,
                        "Consul Admin Partitions need to be enabled to specify partition.",
                    );
                } else if one.value.as_str() == Some("*") {
                    let what = match key {
                        "peer" => "peers",
                        "partition" => "partitions",
                        _ => "sameness groups",
                    };
                    let field = if key == "samenessGroup" { "samenessgroup" } else { key };
                    self.invalid(
                        one.value.range,
                        format!(
                            "{path}.{field}: Invalid value: \"\": exporting to all {what} (wildcard) is not supported"
                        ),
                    );
                }
            }
        }
    }

    fn intentions(&mut self, spec: &Value) {
        let sources = list(spec, "sources");
        if sources.is_empty() {
            let at = get(spec, "sources").map_or(spec.range, |s| s.key.range.cover(s.value.range));
            self.out.push(Diagnostic::new(
                Code::MissingRequired,
                super::schema::first_line(&self.file.text, at),
                "spec.sources: Required value: at least one source must be specified".to_string(),
            ));
        }
        for (i, source) in sources.iter().enumerate() {
            let path = format!("spec.sources[{i}]");
            let has_permissions = !list(source, "permissions").is_empty();
            let action = get(source, "action");
            if has_permissions && action.is_some_and(|a| a.value.as_str().is_some_and(|v| !v.is_empty())) {
                let a = action.expect("checked above");
                self.invalid(
                    a.key.range.cover(a.value.range),
                    format!("{path}: Invalid value: action and permissions are mutually exclusive and only one of them can be specified"),
                );
            } else if !has_permissions {
                let value = action.and_then(|a| a.value.as_str()).unwrap_or("");
                if !matches!(value, "allow" | "deny") && action.is_none_or(|a| a.value.as_str().is_some()) {
                    match action {
                        // A wrong value is reported by the schema (the action's allowed values).
                        Some(_) => {}
                        None => self.missing(
                            source.range,
                            format!("{path}.action: Invalid value: \"\": must be one of \"allow\", \"deny\""),
                        ),
                    }
                }
            }
            if text(source, "name").is_empty() && get(source, "name").is_none() {
                self.missing(source.range, format!("{path}.name: Required value: name is required."));
            }
            for key in ["partition", "peer", "samenessGroup"] {
                if let Some(entry) = get(source, key).filter(|e| e.value.as_str().is_some_and(|v| v.contains('*'))) {
                    let field = if key == "samenessGroup" { "samenessgroup" } else { key };
                    let detail = format!("{field} cannot use or contain wildcard '*'");
                    self.invalid_at(&format!("{path}.{field}"), Some(entry), entry.value.range, &detail);
                }
            }
            let peer = !text(source, "peer").is_empty();
            let partition = get(source, "partition").filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()));
            if let Some(partition) = partition {
                let range = partition.key.range.cover(partition.value.range);
                if peer {
                    self.invalid(
                        range,
                        format!("{path}: Invalid value: cannot set peer and partition at the same time."),
                    );
                } else if !text(source, "samenessGroup").is_empty() {
                    self.invalid(
                        range,
                        format!("{path}: Invalid value: cannot set samenessgroup and partition at the same time."),
                    );
                } else if self.install.partitions == Some(false) {
                    self.invalid_at(
                        &format!("{path}.partition"),
                        Some(partition),
                        partition.value.range,
                        "Consul Enterprise Admin Partitions must be enabled to set source.partition",
                    );
                }
            }
            if peer
                && let Some(group) =
                    get(source, "samenessGroup").filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()))
            {
                self.invalid(
                    group.key.range.cover(group.value.range),
                    format!("{path}: Invalid value: cannot set samenessgroup and peer at the same time."),
                );
            }
            if self.install.namespaces == Some(false)
                && let Some(ns) = get(source, "namespace").filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()))
            {
                self.invalid_at(
                    &format!("{path}.namespace"),
                    Some(ns),
                    ns.value.range,
                    "Consul Enterprise namespaces must be enabled to set source.namespace",
                );
            }
        }
        if self.install.namespaces == Some(false)
            && let Some(ns) = get(spec, "destination")
                .and_then(|d| get(&d.value, "namespace"))
                .filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()))
        {
            self.invalid_at(
                "spec.destination.namespace",
                Some(ns),
                ns.value.range,
                "Consul Enterprise namespaces must be enabled to set destination.namespace",
            );
        }
    }

    fn resolver(&mut self, spec: &Value) {
        if let Some(redirect) = get(spec, "redirect").map(|e| &e.value).filter(|v| v.is_object()) {
            let path = "spec.redirect";
            let set = |k: &str| get(redirect, k).filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()));
            if let Some(peer) = set("peer") {
                if let Some(dc) = set("datacenter") {
                    self.invalid(
                        dc.key.range.cover(dc.value.range),
                        format!("{path}: Invalid value: peer cannot be set with datacenter"),
                    );
                }
                if let Some(partition) = set("partition") {
                    self.invalid(
                        partition.key.range.cover(partition.value.range),
                        format!("{path}: Invalid value: partition cannot be set with peer"),
                    );
                }
                if set("service").is_none() {
                    self.invalid(
                        peer.key.range.cover(peer.value.range),
                        format!("{path}: Invalid value: peer defined without service"),
                    );
                }
            }
        }
        let Some(failover) = get(spec, "failover").and_then(|e| e.value.as_object()) else { return };
        for entry in failover {
            for (i, target) in list(&entry.value, "targets").iter().enumerate() {
                let set = |k: &str| get(target, k).filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()));
                if set("peer").is_some()
                    && let Some(dc) = set("datacenter")
                {
                    self.invalid(
                        dc.key.range.cover(dc.value.range),
                        format!(
                            "spec.failover[{}].targets[{i}]: Invalid value: target.peer cannot be set with target.datacenter",
                            entry.key.text
                        ),
                    );
                }
            }
        }
    }

    fn peering(&mut self, spec: &Value) {
        let Some(peer) = get(spec, "peer").map(|e| &e.value).filter(|v| v.is_object()) else {
            // A missing `spec.peer` is the schema's `missing-required`.
            return;
        };
        let Some(secret) = get(peer, "secret").map(|e| &e.value).filter(|v| v.is_object()) else {
            self.missing(peer.range, "spec.peer.secret: Invalid value: secret must be specified".into());
            return;
        };
        if get(secret, "backend").is_none() {
            self.missing(
                secret.range,
                "spec.peer.secret.backend: Invalid value: \"\": backend must be \"kubernetes\"".into(),
            );
        }
    }

    fn sameness_group(&mut self, spec: &Value) {
        for (i, member) in list(spec, "members").iter().enumerate() {
            let peer = get(member, "peer").filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()));
            let partition = get(member, "partition").filter(|e| e.value.as_str().is_some_and(|v| !v.is_empty()));
            let path = format!("spec.members[{i}]");
            match (peer, partition) {
                (None, None) => self.invalid(
                    member.range,
                    format!("{path}: Invalid value: sameness group members must specify either partition or peer"),
                ),
                (Some(p), Some(_)) => self.invalid(
                    p.key.range.cover(p.value.range),
                    format!("{path}: Invalid value: sameness group members cannot specify both partition and peer in the same entry"),
                ),
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Workloads

/// Annotations consul-k8s reads (1.x and 2.x), for near-miss detection.
const KNOWN_ANNOTATIONS: &[&str] = &[
    "connect-inject",
    "connect-inject-status",
    "connect-inject-mount-volume",
    "connect-service",
    "connect-service-port",
    "connect-service-default-port",
    "connect-service-upstreams",
    "connect-service-protocol",
    "connect-sync-period",
    "connect-k8s-version",
    "consul-k8s-version",
    "consul-namespace",
    "consul-dns",
    "consul-envoy-proxy-concurrency",
    "consul-sidecar-access-log-enabled",
    "consul-sidecar-access-log-path",
    "consul-sidecar-user-volume",
    "consul-sidecar-user-volume-mount",
    "consul-sidecar-cpu-limit",
    "consul-sidecar-cpu-request",
    "consul-sidecar-memory-limit",
    "consul-sidecar-memory-request",
    "dual-stack",
    "enable-consul-dataplane-as-sidecar",
    "enable-metrics",
    "enable-metrics-merging",
    "enable-sidecar-proxy-lifecycle",
    "enable-sidecar-proxy-lifecycle-shutdown-drain-listeners",
    "envoy-extra-args",
    "kubernetes-service",
    "merged-metrics-port",
    "mesh-inject",
    "original-pod",
    "prometheus-ca-file",
    "prometheus-ca-path",
    "prometheus-cert-file",
    "prometheus-key-file",
    "prometheus-scrape-path",
    "prometheus-scrape-port",
    "proxy-config-map",
    "redirect-traffic-config",
    "service-metrics-path",
    "service-metrics-port",
    "service-tags",
    "service-ignore",
    "sidecar-initial-probe-check-delay-seconds",
    "sidecar-probe-check-timeout-seconds",
    "sidecar-probe-failure-threshold",
    "sidecar-probe-period-seconds",
    "sidecar-proxy-cpu-limit",
    "sidecar-proxy-cpu-request",
    "sidecar-proxy-lifecycle-graceful-port",
    "sidecar-proxy-lifecycle-graceful-shutdown-path",
    "sidecar-proxy-lifecycle-graceful-startup-path",
    "sidecar-proxy-lifecycle-shutdown-grace-period-seconds",
    "sidecar-proxy-lifecycle-startup-grace-period-seconds",
    "sidecar-proxy-liveness-failure-seconds",
    "sidecar-proxy-memory-limit",
    "sidecar-proxy-memory-request",
    "sidecar-proxy-startup-failure-seconds",
    "transparent-proxy",
    "transparent-proxy-exclude-inbound-ports",
    "transparent-proxy-exclude-outbound-cidrs",
    "transparent-proxy-exclude-outbound-ports",
    "transparent-proxy-exclude-uids",
    "transparent-proxy-outbound-listener-port",
    "transparent-proxy-overwrite-probes",
    "transparent-proxy-status",
    "use-proxy-health-check",
    "gateway-kind",
    "gateway-consul-service-name",
    "gateway-namespace",
    "gateway-wan-address-source",
    "gateway-wan-address-static",
    "gateway-wan-port",
    "mesh-gateway-container-port",
];

/// Annotations consul-k8s reads with `strconv.ParseBool`.
const BOOL_ANNOTATIONS: &[&str] = &[
    "connect-inject",
    "transparent-proxy",
    "transparent-proxy-overwrite-probes",
    "enable-metrics",
    "enable-metrics-merging",
    "use-proxy-health-check",
    "enable-sidecar-proxy-lifecycle",
    "enable-sidecar-proxy-lifecycle-shutdown-drain-listeners",
    "consul-sidecar-access-log-enabled",
];

fn workload(file: &SourceFile, doc: &Value, kind: &str, out: &mut Vec<Diagnostic>) {
    let Some(annotations) = pod_annotations(doc, kind).and_then(Value::as_object) else { return };
    for entry in annotations {
        let Some(name) = entry.key.text.strip_prefix(ANNOTATION_PREFIX) else { continue };
        // Kubernetes annotations are strings: `true` or `8080` unquoted is refused.
        if matches!(entry.value.kind, ValueKind::Bool(_) | ValueKind::Number(_)) {
            let raw = file.text.get(entry.value.range.as_usize()).unwrap_or("").trim();
            let quoted = go_quote(raw);
            out.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    entry.value.range,
                    format!(
                        "annotation \"{}\" must be a string: Kubernetes refuses {raw} (annotations are strings); write {quoted}",
                        entry.key.text
                    ),
                )
                .with_fix(FixHint::ReplaceLiteral { with: quoted }),
            );
            continue;
        }
        let known = KNOWN_ANNOTATIONS.contains(&name) || name.starts_with("service-meta-");
        if !known {
            let close = KNOWN_ANNOTATIONS
                .iter()
                .copied()
                .filter(|k| strsim::levenshtein(k, name) <= 2.max(name.len() / 8))
                .min_by_key(|k| strsim::levenshtein(k, name));
            if let Some(suggestion) = close {
                let to = format!("{ANNOTATION_PREFIX}{suggestion}");
                out.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        entry.key.range,
                        format!(
                            "unknown annotation \"{}\": consul-k8s does not read it; did you mean \"{to}\"?",
                            entry.key.text
                        ),
                    )
                    .with_fix(FixHint::RenameKey { to }),
                );
            }
            continue;
        }
        if BOOL_ANNOTATIONS.contains(&name)
            && let Some(value) = entry.value.as_str()
            && !matches!(
                value,
                "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
            )
        {
            let d = Diagnostic::new(
                Code::InvalidValue,
                entry.value.range,
                format!(
                    "annotation \"{}\": strconv.ParseBool: parsing {}: invalid syntax (consul-k8s reads \"true\" or \"false\")",
                    entry.key.text,
                    go_quote(value)
                ),
            );
            let with = match value.to_ascii_lowercase().as_str() {
                "yes" | "y" | "on" | "enabled" => Some("\"true\""),
                "no" | "n" | "off" | "disabled" => Some("\"false\""),
                _ => None,
            };
            out.push(match with {
                Some(with) => d.with_fix(FixHint::ReplaceLiteral { with: with.to_string() }),
                None => d,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Helm values

fn helm(file: &SourceFile, doc: &Value, out: &mut Vec<Diagnostic>) {
    if !doc.is_object() {
        return;
    }
    walk(file, doc, &schema::helm::HELM_VALUES, KeyStyle::Camel, &[], out);
    let values = HelmValues::new(doc);
    let key_range = |path: &str| values.setting(path).entry().map(|e| e.key.range);
    let requires = |out: &mut Vec<Diagnostic>, at: Option<TextRange>, message: &str| {
        if let Some(at) = at {
            out.push(Diagnostic::new(Code::MissingRequired, at, message.to_string()));
        }
    };
    let connect_inject = values.enabled("connectInject.enabled");
    if values.enabled("global.peering.enabled") {
        let at = key_range("global.peering.enabled");
        if !connect_inject {
            requires(out, at, "setting global.peering.enabled to true requires connectInject.enabled to be true");
        }
        if !values.enabled("global.tls.enabled") {
            requires(out, at, "setting global.peering.enabled to true requires global.tls.enabled to be true");
        }
        if !values.enabled("meshGateway.enabled") {
            requires(out, at, "setting global.peering.enabled to true requires meshGateway.enabled to be true");
        }
    }
    for path in ["meshGateway.enabled", "ingressGateways.enabled", "terminatingGateways.enabled"] {
        if values.enabled(path) && !connect_inject {
            requires(out, key_range(path), "connectInject.enabled must be true");
        }
    }
    if values.enabled("connectInject.cni.enabled") && !connect_inject {
        requires(
            out,
            key_range("connectInject.cni.enabled"),
            "connectInject.enabled must be true if connectInject.cni.enabled is true",
        );
    }
    let partitions = values.enabled("global.adminPartitions.enabled");
    if partitions && !values.enabled("global.enableConsulNamespaces") {
        requires(
            out,
            key_range("global.adminPartitions.enabled"),
            "global.enableConsulNamespaces must be true if global.adminPartitions.enabled=true",
        );
    }
    let partition_name = values.setting("global.adminPartitions.name");
    let non_default = partition_name.text().is_some_and(|n| n != crate::model::DEFAULT);
    let server = values.component_enabled("server.enabled");
    if partitions && non_default {
        if let Some(entry) = partition_name.entry() {
            if server {
                out.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        entry.value.range,
                        "global.adminPartitions.name has to be \"default\" in the server cluster".to_string(),
                    )
                    .with_fix(FixHint::ReplaceValue { with: crate::model::DEFAULT.to_string() }),
                );
            } else if !values.enabled("externalServers.enabled") {
                requires(
                    out,
                    Some(entry.key.range),
                    "externalServers.enabled needs to be true and configured to create a non-default partition.",
                );
            }
        }
    }
    if server && values.enabled("externalServers.enabled") {
        requires(
            out,
            key_range("externalServers.enabled"),
            "only one of server.enabled or externalServers.enabled can be set",
        );
    }
    if values.enabled("externalServers.enabled")
        && values
            .setting("externalServers.hosts")
            .entry()
            .is_none_or(|e| e.value.as_list().is_none_or(<[Value]>::is_empty))
    {
        requires(
            out,
            key_range("externalServers.enabled"),
            "externalServers.hosts must be set if externalServers.enabled is true",
        );
    }
    if values.enabled("global.federation.enabled") {
        let at = key_range("global.federation.enabled");
        if partitions {
            requires(
                out,
                at,
                "If global.federation.enabled is true, global.adminPartitions.enabled must be false because they are mutually exclusive",
            );
        }
        if !values.enabled("global.tls.enabled") {
            requires(
                out,
                at,
                "If global.federation.enabled is true, global.tls.enabled must be true because federation is only supported with TLS enabled",
            );
        }
        if !values.enabled("meshGateway.enabled") {
            requires(
                out,
                at,
                "If global.federation.enabled is true, meshGateway.enabled must be true because mesh gateways are required for federation",
            );
        }
    }
    if values.enabled("meshGateway.enabled")
        && values.enabled("global.acls.manageSystemACLs")
        && let Some(name) = values.setting("meshGateway.consulServiceName").entry()
        && name.value.as_str().is_some_and(|n| !n.is_empty() && n != "mesh-gateway")
    {
        out.push(Diagnostic::new(
            Code::InvalidValue,
            name.value.range,
            "if global.acls.manageSystemACLs is true, meshGateway.consulServiceName cannot be set".to_string(),
        ));
    }
    if values.enabled("global.acls.createReplicationToken") && !values.enabled("global.acls.manageSystemACLs") {
        requires(
            out,
            key_range("global.acls.createReplicationToken"),
            "if global.acls.createReplicationToken is true, global.acls.manageSystemACLs must be true",
        );
    }
}
