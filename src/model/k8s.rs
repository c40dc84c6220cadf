//! Which YAML documents are Consul files (interface.md "Kubernetes (consul-k8s)"). Each document of a stream
//! stands alone; when in doubt, a document is not Consul's.
//!
//! - a consul-k8s custom resource: `apiVersion: consul.hashicorp.com/<version>` (any kind of that API group:
//!   config entries, PeeringAcceptor/Dialer, MeshService, gateway kinds, …; other `*.consul.hashicorp.com`
//!   groups such as `auth.consul.hashicorp.com` are not);
//! - a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) whose pod template carries a
//!   `consul.hashicorp.com/` annotation — a kustomize patch that carries nothing else counts too. Annotations on
//!   the workload's own metadata (not its pod template) do not count: consul-k8s reads the pod's;
//! - a values file of the Consul Helm chart: a top-level `global` map plus a key only the Consul chart has
//!   (`connectInject`, `meshGateway`, `syncCatalog`, `externalServers`), or plus `server`, `client` or `ui` when
//!   `global` itself has a Consul setting (`datacenter`, `peering`, `acls`, `tls`, …). The second condition keeps
//!   other charts out (Vault's chart also has `global`, `server` and `ui`).
//!
//! A file listed in the manifest's `helm_values` is Consul's whatever its content; that is the workspace's call.

pub mod annotation;
mod build;
pub mod helm;

pub use build::{
    INJECT_ANNOTATION, InstallContext, K8sDocument, K8sModel, Peering, PeeringRole, SERVICE_ANNOTATION,
    UPSTREAMS_ANNOTATION, Workload, YamlContext, build,
};
pub use helm::{HelmFacts, HelmGateway, HelmValues};

use crate::syntax::{Parse, Value, ValueKind};

/// The API group of consul-k8s's custom resources.
pub const CONSUL_API_GROUP: &str = "consul.hashicorp.com";

/// The prefix of the pod annotations consul-k8s reads.
pub const ANNOTATION_PREFIX: &str = "consul.hashicorp.com/";

/// Workload kinds whose pods consul-k8s injects.
pub const WORKLOAD_KINDS: &[&str] = &["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"];

/// Top-level keys only the Consul chart's values have.
const CHART_ONLY_KEYS: &[&str] = &["connectInject", "meshGateway", "syncCatalog", "externalServers"];

/// Top-level keys the Consul chart shares with other charts.
const CHART_SHARED_KEYS: &[&str] = &["server", "client", "ui"];

/// Keys of `global` that mark the Consul chart.
const CONSUL_GLOBAL_KEYS: &[&str] = &[
    "datacenter",
    "peering",
    "acls",
    "tls",
    "gossipEncryption",
    "adminPartitions",
    "enableConsulNamespaces",
    "federation",
    "imageK8S",
    "imageConsulDataplane",
    "consulAPITimeout",
    "secretsBackend",
    "cloud",
    "experiments",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum K8sDocKind {
    /// A consul-k8s custom resource; `kind` as written (empty when missing), `version` the API version
    /// (`v1alpha1`).
    CustomResource {
        kind: String,
        version: String,
    },
    /// A workload whose pod template has consul-k8s annotations.
    Workload {
        kind: String,
    },
    /// A values file of the Consul Helm chart.
    HelmValues,
    NotConsul,
}

impl K8sDocKind {
    pub fn is_consul(&self) -> bool {
        !matches!(self, K8sDocKind::NotConsul)
    }
}

/// What one YAML document (a document node of [`crate::syntax::yaml::documents`]) is.
pub fn classify_yaml_document(doc: &Value) -> K8sDocKind {
    let Some(entries) = doc.as_object() else { return K8sDocKind::NotConsul };
    let field = |name: &str| entries.iter().rev().find(|e| e.key.text == name).map(|e| &e.value);
    let api_version = field("apiVersion").and_then(Value::as_str);
    let kind = field("kind").and_then(Value::as_str);

    if let Some(api_version) = api_version
        && let Some((group, version)) = api_version.split_once('/')
        && group == CONSUL_API_GROUP
    {
        return K8sDocKind::CustomResource { kind: kind.unwrap_or_default().to_string(), version: version.into() };
    }
    if let Some(kind) = kind {
        if WORKLOAD_KINDS.contains(&kind) && pod_annotations(doc, kind).is_some_and(has_consul_annotation) {
            return K8sDocKind::Workload { kind: kind.to_string() };
        }
        return K8sDocKind::NotConsul;
    }
    if api_version.is_none() && is_consul_helm_values(doc) {
        return K8sDocKind::HelmValues;
    }
    K8sDocKind::NotConsul
}

/// Every document of a YAML file, classified. A Go template (a Helm chart's `templates/`, with `{{ }}`) is not
/// a Kubernetes object as written, so none of its documents is Consul's.
pub fn classify_yaml_file(parse: &Parse, text: &str) -> Vec<K8sDocKind> {
    let docs = crate::syntax::yaml::documents(parse);
    if is_go_template(text) {
        return vec![K8sDocKind::NotConsul; docs.len()];
    }
    docs.iter().map(classify_yaml_document).collect()
}

/// Whether the text is a Go/Helm template (`{{ .Values.x }}`, `{{- if ... }}`) rather than plain YAML.
pub fn is_go_template(text: &str) -> bool {
    text.contains("{{") && text.contains("}}")
}

/// The annotations of a workload's pods: `metadata.annotations` of a Pod, `spec.template.metadata.annotations`
/// of the controllers, `spec.jobTemplate.spec.template.metadata.annotations` of a CronJob.
pub fn pod_annotations<'a>(doc: &'a Value, kind: &str) -> Option<&'a Value> {
    let path: &[&str] = match kind {
        "Pod" => &["metadata", "annotations"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "metadata", "annotations"],
        _ => &["spec", "template", "metadata", "annotations"],
    };
    path.iter().try_fold(doc, |value, key| get(value, key))
}

fn has_consul_annotation(annotations: &Value) -> bool {
    annotations.as_object().is_some_and(|entries| entries.iter().any(|e| e.key.text.starts_with(ANNOTATION_PREFIX)))
}

/// The value of `key` in an object (the last one when repeated, as Kubernetes' decoder keeps it).
fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.as_object()?.iter().rev().find(|e| e.key.text == key).map(|e| &e.value)
}

fn is_consul_helm_values(doc: &Value) -> bool {
    let Some(global) = get(doc, "global") else { return false };
    let global_is_map = matches!(global.kind, ValueKind::Object(_) | ValueKind::Null);
    if !global_is_map {
        return false;
    }
    let has = |key: &str| get(doc, key).is_some();
    if CHART_ONLY_KEYS.iter().any(|k| has(k)) {
        return true;
    }
    let consul_global = global.as_object().is_some_and(|entries| {
        entries.iter().any(|e| {
            CONSUL_GLOBAL_KEYS.contains(&e.key.text.as_str())
                || (matches!(e.key.text.as_str(), "name" | "image")
                    && e.value.as_str().is_some_and(|s| s.contains("consul")))
        })
    });
    consul_global && CHART_SHARED_KEYS.iter().any(|k| has(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{SourceKind, parse};

    fn classify(text: &str) -> Vec<K8sDocKind> {
        let p = parse(text, SourceKind::Yaml);
        assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
        classify_yaml_file(&p, text)
    }

    fn cr(kind: &str) -> K8sDocKind {
        K8sDocKind::CustomResource { kind: kind.into(), version: "v1alpha1".into() }
    }

    #[test]
    fn custom_resources_of_the_consul_group() {
        assert_eq!(
            classify("apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata: {name: mesh}\n"),
            [cr("Mesh")]
        );
        assert_eq!(
            classify(
                "apiVersion: consul.hashicorp.com/v1alpha1\nkind: PeeringDialer\n---\napiVersion: v1\nkind: Secret\n"
            ),
            [cr("PeeringDialer"), K8sDocKind::NotConsul]
        );
        // A resource being written (no kind yet) is still Consul's: the group says so.
        assert_eq!(classify("apiVersion: consul.hashicorp.com/v1alpha1\n"), [cr("")]);
        for text in [
            "apiVersion: auth.consul.hashicorp.com/v2beta1\nkind: TrafficPermissions\n",
            "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: HTTPRoute\n",
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: consul.hashicorp.com\n",
            "apiVersion: consul.hashicorp.com\nkind: Mesh\n",
        ] {
            assert_eq!(classify(text), [K8sDocKind::NotConsul], "{text}");
        }
    }

    #[test]
    fn workloads_with_consul_annotations_on_their_pods() {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        consul.hashicorp.com/connect-inject: \"true\"\n";
        assert_eq!(classify(deployment), [K8sDocKind::Workload { kind: "Deployment".into() }]);
        let pod =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    consul.hashicorp.com/connect-service: web\n";
        assert_eq!(classify(pod), [K8sDocKind::Workload { kind: "Pod".into() }]);
        let cron = "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          annotations: {consul.hashicorp.com/connect-inject: \"true\"}\n";
        assert_eq!(classify(cron), [K8sDocKind::Workload { kind: "CronJob".into() }]);
        // Not on the pod template: consul-k8s never sees it.
        let on_deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    consul.hashicorp.com/connect-inject: \"true\"\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n";
        assert_eq!(classify(on_deployment), [K8sDocKind::NotConsul]);
        let other = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    metadata:\n      annotations:\n        prometheus.io/scrape: \"true\"\n        service.consul.hashicorp.com/x: y\n";
        assert_eq!(classify(other), [K8sDocKind::NotConsul]);
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    consul.hashicorp.com/service-sync: \"true\"\n";
        assert_eq!(classify(service), [K8sDocKind::NotConsul]);
    }

    #[test]
    fn consul_helm_values_but_not_other_charts() {
        assert_eq!(classify("global:\n  name: consul\nconnectInject:\n  enabled: true\n"), [K8sDocKind::HelmValues]);
        assert_eq!(classify("global:\n  datacenter: dc2\nserver:\n  replicas: 1\n"), [K8sDocKind::HelmValues]);
        assert_eq!(classify("global:\nmeshGateway:\n  enabled: true\n"), [K8sDocKind::HelmValues]);
        for text in [
            // Vault's chart.
            "global:\n  enabled: true\n  tlsDisable: false\ninjector:\n  enabled: true\nserver:\n  ha:\n    enabled: true\nui:\n  enabled: true\n",
            // No `global`.
            "server:\n  replicas: 3\nconnectInject:\n  enabled: true\n",
            "global: 3\nconnectInject: {}\n",
            // Compose.
            "services:\n  web:\n    image: nginx\n",
            // A GitHub workflow: `on` is the key "true".
            "name: CI\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  global: x\n  connectInject: y\n",
        ] {
            assert_eq!(classify(text), [K8sDocKind::NotConsul], "{text}");
        }
    }

    #[test]
    fn helm_templates_are_not_consul() {
        let text = "apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata:\n  name: {{ .Values.name }}\n";
        let p = parse(text, SourceKind::Yaml);
        assert_eq!(classify_yaml_file(&p, text), [K8sDocKind::NotConsul]);
    }

    #[test]
    fn scalars_lists_and_empty_documents_are_not_consul() {
        assert_eq!(
            classify("---\n- a\n--- text\n---\n"),
            [K8sDocKind::NotConsul, K8sDocKind::NotConsul, K8sDocKind::NotConsul]
        );
        assert!(classify("").is_empty());
    }

    /// Every document under `fixtures/k8s-classify/consul/` is Consul's (with the kind its file's first-line
    /// comment `# expect: ...` names, one per document); every document under `not-consul/` is not.
    #[test]
    fn classification_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/k8s-classify");
        let mut n_docs = 0;
        for (dir, consul) in [("consul", true), ("not-consul", false)] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
            paths.sort();
            assert!(paths.len() >= 5, "{dir}: too few fixtures");
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                let p = parse(&text, SourceKind::Yaml);
                assert!(p.errors.is_empty(), "{}: {:?}", path.display(), p.errors);
                let kinds = classify_yaml_file(&p, &text);
                assert!(!kinds.is_empty(), "{}: no document", path.display());
                n_docs += kinds.len();
                let expected: Vec<String> = text
                    .lines()
                    .find_map(|l| l.strip_prefix("# expect: "))
                    .map(|l| l.split(", ").map(str::to_string).collect())
                    .unwrap_or_default();
                let got: Vec<String> = kinds
                    .iter()
                    .map(|k| match k {
                        K8sDocKind::CustomResource { kind, .. } => format!("CustomResource {kind}"),
                        K8sDocKind::Workload { kind } => format!("Workload {kind}"),
                        K8sDocKind::HelmValues => "HelmValues".into(),
                        K8sDocKind::NotConsul => "NotConsul".into(),
                    })
                    .collect();
                if consul {
                    assert_eq!(got, expected, "{}", path.display());
                } else {
                    assert!(kinds.iter().all(|k| !k.is_consul()), "{}: {got:?}", path.display());
                }
            }
        }
        assert!(n_docs >= 30, "{n_docs} documents");
    }
}
