//! consul-k8s custom resources (`apiVersion: consul.hashicorp.com/v1alpha1`), as the API server validates them.
//!
//! Derived, not duplicated: a resource that becomes a config entry (consul-k8s-reference.md §1, "Field
//! mapping": `A:*_types.go` `ToConsul`) gets its `spec` table from the config entry's table in
//! [`super::entries`], converted once at first use: every field renamed to lowerCamel ([`to_camel`]:
//! `PeerThroughMeshGateways` → `peerThroughMeshGateways`, `TLSMinVersion` → `tlsMinVersion`), no aliases
//! (keys are case-sensitive), [`Casing::Camel`] blocks, the entry's identity fields dropped (`Kind`, `Name`,
//! `Namespace`, `Partition`, `Meta` come from `metadata` and the controller), and only the differences listed
//! by hand in an [`Overlay`] per resource: entry fields the resource does not have, fields only the resource
//! has (ServiceIntentions `spec.destination`, TerminatingGateway `services[].secretRef`, …). Resources that
//! are not config entries (PeeringAcceptor/PeeringDialer, MeshService, the API gateway kinds, Registration)
//! have tables of their own. The tests hold the result against the CRD schemas of consul-k8s
//! (`charts/consul/templates/crd-*.yaml`), both ways.
//!
//! Types are those of the entry table; Kubernetes decodes them strictly (a string is not an integer), which is
//! the rules' business ([`crate::schema::KeyStyle::Camel`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::entries;
use super::lookup::to_camel;
use super::types::*;

/// Differences between a resource's `spec` (or a block inside it) and the config entry block it is derived
/// from. Names in `omit` and `nested` are the entry table's PascalCase names.
pub struct Overlay {
    /// Entry fields the resource does not have.
    pub omit: &'static [&'static str],
    /// Fields only the resource has (lowerCamel names).
    pub extra: &'static [Field],
    /// Overlays of nested blocks, by the entry field that holds them.
    pub nested: &'static [(&'static str, &'static Overlay)],
}

const SAME: Overlay = Overlay { omit: &[], extra: &[], nested: &[] };

/// Entry fields that are never part of a resource's spec: the config entry's identity (from `metadata.name`,
/// the Kubernetes namespace and the install's partition), its metadata (set by the controller) and Consul's
/// bookkeeping.
pub const ENTRY_IDENTITY: &[&str] =
    &["Kind", "Name", "Namespace", "Partition", "Meta", "CreateIndex", "ModifyIndex", "Status"];

/// Where a resource's `spec` schema comes from.
pub enum Spec {
    /// Derived from a config entry kind's table, with the listed differences.
    Entry { entry_kind: &'static str, overlay: &'static Overlay },
    /// A table of its own (the resource is not a config entry).
    Own(&'static Block),
}

pub struct CustomResource {
    pub kind: &'static str,
    pub spec: Spec,
    /// Cluster-scoped (no `metadata.namespace`).
    pub cluster_scoped: bool,
    /// Path under https://developer.hashicorp.com/consul/docs/ .
    pub link: &'static str,
}

impl CustomResource {
    /// The Consul config entry kind the resource becomes, if it is one.
    pub fn entry_kind(&self) -> Option<&'static str> {
        match self.spec {
            Spec::Entry { entry_kind, .. } => Some(entry_kind),
            Spec::Own(_) => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Differences from the config entries (A:*_types.go at consul-k8s a507b1d1e)
// ---------------------------------------------------------------------------------------------------------

/// `EnvoyExtension` in consul-k8s has no version constraints.
const ENVOY_EXTENSION: Overlay = Overlay { omit: &["ConsulVersion", "EnvoyVersion"], extra: &[], nested: &[] };
/// `ExposePath.ParsedFromCheck` is Consul's own bookkeeping.
const EXPOSE: Overlay = Overlay {
    omit: &[],
    extra: &[],
    nested: &[("Paths", &Overlay { omit: &["ParsedFromCheck"], extra: &[], nested: &[] })],
};
/// consul-k8s's `Upstream` has no outbound connection balancing.
const UPSTREAM: Overlay = Overlay { omit: &["BalanceOutboundConnections"], extra: &[], nested: &[] };

const SERVICE_DEFAULTS: Overlay = Overlay {
    // MaxRequestHeadersKB (Consul 1.22) is not in the consul-k8s CRD.
    omit: &["Connect", "MaxRequestHeadersKB"],
    extra: &[],
    nested: &[
        ("EnvoyExtensions", &ENVOY_EXTENSION),
        ("Expose", &EXPOSE),
        (
            "UpstreamConfig",
            &Overlay { omit: &[], extra: &[], nested: &[("Defaults", &UPSTREAM), ("Overrides", &UPSTREAM)] },
        ),
    ],
};

const PROXY_DEFAULTS: Overlay =
    Overlay { omit: &[], extra: &[], nested: &[("EnvoyExtensions", &ENVOY_EXTENSION), ("Expose", &EXPOSE)] };

const SERVICE_INTENTIONS: Overlay = Overlay {
    omit: &[],
    extra: &[f("destination", Ty::Block(&INTENTION_DESTINATION)).doc(
        "The service the intentions protect: the config entry's `Name` (and `Namespace`); `metadata.name` is free.",
    )],
    nested: &[(
        "Sources",
        &Overlay {
            // Consul's bookkeeping and legacy intentions have no place in the resource.
            omit: &["Precedence", "Type", "LegacyID", "LegacyMeta", "LegacyCreateTime", "LegacyUpdateTime"],
            extra: &[],
            nested: &[],
        },
    )],
};

pub static INTENTION_DESTINATION: Block = Block {
    name: "intention destination",
    casing: Casing::Camel,
    link: "k8s/crds",
    fields: &[
        f("name", Ty::Str).doc("Destination service; `*` for all services without intentions of their own."),
        f("namespace", Ty::Str).enterprise().doc("Namespace of the destination; `*` for all."),
    ],
};

const TERMINATING_GATEWAY: Overlay = Overlay {
    omit: &[],
    extra: &[f("deployment", Ty::Any).doc(
        "Deployment settings of the terminating gateway pods (consul-k8s 2.x: replicas, resources, affinity, …).",
    )],
    nested: &[(
        "Services",
        &Overlay {
            omit: &[],
            extra: &[f("secretRef", Ty::Block(&SECRET_REF))
                .doc("Kubernetes secret holding the TLS certificates for the linked service.")],
            nested: &[],
        },
    )],
};

pub static SECRET_REF: Block = Block {
    name: "secret reference",
    casing: Casing::Camel,
    link: "k8s/crds",
    fields: &[f("name", Ty::Str).doc("Name of the Kubernetes secret.")],
};

// ---------------------------------------------------------------------------------------------------------
// Resources that are not config entries
// ---------------------------------------------------------------------------------------------------------

pub static PEERING_SPEC: Block = Block {
    name: "peering spec",
    casing: Casing::Camel,
    link: "east-west/cluster-peering/establish/k8s",
    fields: &[f("peer", Ty::Block(&PEERING_PEER))
        .required()
        .doc("The peering token's secret (the peer is named after this resource's `metadata.name`).")],
};

pub static PEERING_PEER: Block = Block {
    name: "peer",
    casing: Casing::Camel,
    link: "east-west/cluster-peering/establish/k8s",
    fields: &[f("secret", Ty::Block(&PEERING_SECRET)).doc("Where the peering token is stored.")],
};

pub static PEERING_SECRET: Block = Block {
    name: "peering token secret",
    casing: Casing::Camel,
    link: "east-west/cluster-peering/establish/k8s",
    fields: &[
        f("name", Ty::Str).doc("Name of the Kubernetes secret holding the peering token."),
        f("key", Ty::Str).doc("Key of the token within the secret."),
        f("backend", Ty::Enum(&["kubernetes"])).doc("Secret backend; only `kubernetes`."),
    ],
};

pub static MESH_SERVICE_SPEC: Block = Block {
    name: "MeshService spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway",
    fields: &[
        f("name", Ty::Str).doc("Consul service the API gateway routes to."),
        f("peer", Ty::Str).doc("Cluster peer that exports the service."),
    ],
};

pub static RATE_LIMIT_SPEC: Block = Block {
    name: "RateLimit spec",
    casing: Casing::Camel,
    link: "agent/limits",
    fields: &[f("config", Ty::Block(&RATE_LIMIT_CONFIG)).doc("The rate limit.")],
};

pub static RATE_LIMIT_CONFIG: Block = Block {
    name: "rate limit config",
    casing: Casing::Camel,
    link: "agent/limits",
    fields: &[
        f("readRate", Ty::Float).doc("Read requests per second allowed."),
        f("writeRate", Ty::Float).doc("Write requests per second allowed."),
        f("priority", Ty::Bool).doc("Apply this limit before the others."),
        f("excludeEndpoints", Ty::StrList).doc("Endpoints the limit does not apply to."),
    ],
};

/// The API gateway's companion resources and catalog registrations: their top-level spec fields; what is
/// inside them is not checked key by key.
pub static GATEWAY_CLASS_CONFIG_SPEC: Block = Block {
    name: "GatewayClassConfig spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway/configuration/gatewayclassconfig",
    fields: &[
        f("serviceType", Ty::Str)
            .doc("Kubernetes Service type of the gateway: `ClusterIP`, `NodePort` or `LoadBalancer`."),
        f("nodeSelector", Ty::Opaque).doc("Node labels the gateway pods are scheduled on."),
        f("tolerations", Ty::Any).doc("Tolerations of the gateway pods."),
        f("deployment", Ty::Any).doc("Instances and resources of the gateway deployment."),
        f("copyAnnotations", Ty::Any).doc("Annotations copied from the Gateway to its Service."),
        f("openshiftSCCName", Ty::Str).doc("OpenShift security context constraints of the gateway pods."),
        f("podSecurityPolicy", Ty::Str).doc("Pod security policy of the gateway pods."),
        f("mapPrivilegedContainerPorts", Ty::Int).doc("Offset added to privileged container ports (below 1024)."),
        f("metrics", Ty::Any).doc("Prometheus metrics of the gateway: `enabled`, `path`, `port`."),
    ],
};

pub static GATEWAY_POLICY_SPEC: Block = Block {
    name: "GatewayPolicy spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway/configuration/gatewaypolicy",
    fields: &[
        f("targetRef", Ty::Any).doc("The Gateway listener the policy applies to."),
        f("override", Ty::Any).doc("Settings that override the route's (`jwt`)."),
        f("default", Ty::Any).doc("Settings the route may override (`jwt`)."),
    ],
};

pub static ROUTE_AUTH_FILTER_SPEC: Block = Block {
    name: "RouteAuthFilter spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway/configuration/routeauthfilter",
    fields: &[
        f("jwt", Ty::Any).doc("JWT providers the route's requests are verified against."),
        f("extAuthz", Ty::Any).doc("External authorization of the route's requests."),
    ],
};

pub static ROUTE_EXT_PROC_SPEC: Block = Block {
    name: "RouteExtProc spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway",
    fields: &[
        f("mode", Ty::Str).doc("External processing mode."),
        f("statPrefix", Ty::Str).doc("Prefix of the filter's statistics."),
        f("overrides", Ty::Any).doc("Per-route processing overrides."),
    ],
};

pub static ROUTE_RETRY_FILTER_SPEC: Block = Block {
    name: "RouteRetryFilter spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway",
    fields: &[
        f("numRetries", Ty::Int).doc("Number of retries."),
        f("retryOn", Ty::StrList).doc("Envoy retry conditions."),
        f("retryOnStatusCodes", Ty::Any).doc("HTTP status codes to retry on."),
        f("retryOnConnectFailure", Ty::Bool).doc("Retry on connection failure."),
    ],
};

pub static ROUTE_TIMEOUT_FILTER_SPEC: Block = Block {
    name: "RouteTimeoutFilter spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway",
    fields: &[
        f("requestTimeout", Ty::Duration).doc("Total request timeout, e.g. `10s`."),
        f("idleTimeout", Ty::Duration).doc("Stream idle timeout, e.g. `60s`."),
    ],
};

pub static ROUTE_TLS_SDS_FILTER_SPEC: Block = Block {
    name: "RouteTLSSDSFilter spec",
    casing: Casing::Camel,
    link: "north-south/api-gateway",
    fields: &[f("sds", Ty::Any).doc("SDS cluster and certificate resource for the route.")],
};

pub static REGISTRATION_SPEC: Block = Block {
    name: "Registration spec",
    casing: Casing::Camel,
    link: "k8s/deployment-configurations/external-service",
    fields: &[
        f("id", Ty::Str).doc("Node ID."),
        f("node", Ty::Str).doc("Node the external service is registered on."),
        f("address", Ty::Str).doc("Address of the node."),
        f("taggedAddresses", Ty::Opaque).doc("Tagged addresses of the node."),
        f("nodeMeta", Ty::Opaque).doc("Metadata of the node."),
        f("datacenter", Ty::Str).doc("Datacenter to register in."),
        f("service", Ty::Any).doc("The external service: `name`, `id`, `address`, `port`, `tags`, `meta`, …"),
        f("check", Ty::Any).doc("Health check of the external service."),
        f("skipNodeUpdate", Ty::Bool).doc("Do not update the node's own information."),
        f("partition", Ty::Str).enterprise().doc("Admin partition to register in."),
        f("locality", Ty::Any).doc("Region and zone of the node."),
    ],
};

/// Every custom resource of the `consul.hashicorp.com` group (C:templates/crd-*.yaml).
pub static CUSTOM_RESOURCES: &[CustomResource] = &[
    entry("ServiceDefaults", "service-defaults", &SERVICE_DEFAULTS, "k8s/crds"),
    entry("ProxyDefaults", "proxy-defaults", &PROXY_DEFAULTS, "k8s/crds"),
    entry("Mesh", "mesh", &SAME, "k8s/crds"),
    entry("ExportedServices", "exported-services", &SAME, "k8s/crds"),
    entry("ServiceIntentions", "service-intentions", &SERVICE_INTENTIONS, "k8s/crds"),
    entry("ServiceResolver", "service-resolver", &SAME, "k8s/crds"),
    entry("ServiceRouter", "service-router", &SAME, "k8s/crds"),
    entry("ServiceSplitter", "service-splitter", &SAME, "k8s/crds"),
    entry("IngressGateway", "ingress-gateway", &SAME, "k8s/crds"),
    entry("TerminatingGateway", "terminating-gateway", &TERMINATING_GATEWAY, "k8s/crds"),
    entry("SamenessGroup", "sameness-group", &SAME, "k8s/crds"),
    cluster(entry("JWTProvider", "jwt-provider", &SAME, "k8s/crds")),
    cluster(entry("ControlPlaneRequestLimit", "control-plane-request-limit", &SAME, "k8s/crds")),
    cluster(own("RateLimit", &RATE_LIMIT_SPEC)),
    own("PeeringAcceptor", &PEERING_SPEC),
    own("PeeringDialer", &PEERING_SPEC),
    own("MeshService", &MESH_SERVICE_SPEC),
    cluster(own("GatewayClassConfig", &GATEWAY_CLASS_CONFIG_SPEC)),
    own("GatewayPolicy", &GATEWAY_POLICY_SPEC),
    own("RouteAuthFilter", &ROUTE_AUTH_FILTER_SPEC),
    own("RouteExtProc", &ROUTE_EXT_PROC_SPEC),
    own("RouteRetryFilter", &ROUTE_RETRY_FILTER_SPEC),
    own("RouteTimeoutFilter", &ROUTE_TIMEOUT_FILTER_SPEC),
    own("RouteTLSSDSFilter", &ROUTE_TLS_SDS_FILTER_SPEC),
    own("Registration", &REGISTRATION_SPEC),
];

const fn entry(
    kind: &'static str,
    entry_kind: &'static str,
    overlay: &'static Overlay,
    link: &'static str,
) -> CustomResource {
    CustomResource { kind, spec: Spec::Entry { entry_kind, overlay }, cluster_scoped: false, link }
}

const fn own(kind: &'static str, spec: &'static Block) -> CustomResource {
    CustomResource { kind, spec: Spec::Own(spec), cluster_scoped: false, link: "k8s/crds" }
}

const fn cluster(mut resource: CustomResource) -> CustomResource {
    resource.cluster_scoped = true;
    resource
}

/// The custom resource of a `kind` (exact, case-sensitive).
pub fn custom_resource(kind: &str) -> Option<&'static CustomResource> {
    CUSTOM_RESOURCES.iter().find(|r| r.kind == kind)
}

/// The schema of a resource's `spec`.
pub fn spec_block(kind: &str) -> Option<&'static Block> {
    derived().iter().find(|(k, _, _)| *k == kind).map(|(_, spec, _)| *spec)
}

/// The schema of the whole resource: `apiVersion`, `kind`, `metadata`, `spec`, `status`.
pub fn resource_block(kind: &str) -> Option<&'static Block> {
    derived().iter().find(|(k, _, _)| *k == kind).map(|(_, _, resource)| *resource)
}

/// Kubernetes object metadata (`ObjectMeta`).
pub static OBJECT_META: Block = Block {
    name: "object metadata",
    casing: Casing::Camel,
    link: "k8s/crds",
    fields: &[
        f("name", Ty::Str).doc("Name of the resource; for most config entries also the Consul entry's `Name`."),
        f("namespace", Ty::Str)
            .doc("Kubernetes namespace; with namespace mirroring (Enterprise) also the Consul namespace."),
        f("labels", Ty::Opaque).doc("Kubernetes labels."),
        f("annotations", Ty::Opaque).doc("Kubernetes annotations, e.g. `consul.hashicorp.com/migrate-entry`."),
        f("generateName", Ty::Str).doc("Prefix of a generated name."),
        f("finalizers", Ty::StrList).doc("Finalizers (consul-k8s adds its own)."),
        f("ownerReferences", Ty::Any).doc("Owning objects."),
        f("uid", Ty::Str).doc("Set by Kubernetes (read-only)."),
        f("resourceVersion", Ty::Str).doc("Set by Kubernetes (read-only)."),
        f("generation", Ty::Int).doc("Set by Kubernetes (read-only)."),
        f("creationTimestamp", Ty::Any).doc("Set by Kubernetes (read-only)."),
        f("deletionTimestamp", Ty::Any).doc("Set by Kubernetes (read-only)."),
        f("deletionGracePeriodSeconds", Ty::Int).doc("Set by Kubernetes (read-only)."),
        f("managedFields", Ty::Any).doc("Set by Kubernetes (read-only)."),
        f("selfLink", Ty::Str).doc("Deprecated; set by Kubernetes (read-only)."),
    ],
};

/// The pod annotations consul-k8s reads (consul-k8s-reference.md §3; `annotations_and_labels.go`), for hover and
/// completion on a workload's pod template. Values are strings (Kubernetes annotations are).
pub static POD_ANNOTATIONS: Block = Block {
    name: "consul-k8s pod annotations",
    casing: Casing::Camel,
    link: "k8s/annotations-and-labels",
    fields: &[
        f("consul.hashicorp.com/connect-inject", Ty::Enum(&["true", "false"]))
            .doc("Inject the Consul sidecar into the pod (`strconv.ParseBool`). Needed unless Helm `connectInject.default` is true."),
        f("consul.hashicorp.com/connect-service", Ty::Str).doc(
            "The pod's Consul service name (several, comma-separated, on a multi-port pod). Default: the Kubernetes Service's name; with ACLs it must match the ServiceAccount.",
        ),
        f("consul.hashicorp.com/connect-service-port", Ty::Str)
            .doc("The port (name or number) the service listens on; default: the first container port."),
        f("consul.hashicorp.com/connect-service-upstreams", Ty::Str).doc(
            "Upstreams, comma-separated: `SVC.svc[.NS.ns][.PEER.peer|.AP.ap|.DC.dc]:PORT[:opts]` (labeled; `.ns` first when Consul namespaces or admin partitions are enabled), `SVC[.NS[.AP]]:PORT[:DC]` (unlabeled), or `prepared_query:NAME:PORT`. Options: `destination_port`, `local_bind_address`, `mesh_gateway_mode`, `dc`.",
        ),
        f("consul.hashicorp.com/transparent-proxy", Ty::Enum(&["true", "false"]))
            .doc("Transparent proxy for this pod (over the namespace label and Helm `connectInject.transparentProxy.defaultEnabled`)."),
        f("consul.hashicorp.com/transparent-proxy-exclude-inbound-ports", Ty::Str)
            .doc("Inbound ports not redirected to the proxy, comma-separated."),
        f("consul.hashicorp.com/transparent-proxy-exclude-outbound-ports", Ty::Str)
            .doc("Outbound ports not redirected to the proxy, comma-separated."),
        f("consul.hashicorp.com/transparent-proxy-exclude-outbound-cidrs", Ty::Str)
            .doc("Outbound CIDRs not redirected to the proxy, comma-separated."),
        f("consul.hashicorp.com/transparent-proxy-exclude-uids", Ty::Str)
            .doc("User IDs whose traffic is not redirected, comma-separated."),
        f("consul.hashicorp.com/transparent-proxy-overwrite-probes", Ty::Enum(&["true", "false"]))
            .doc("Rewrite the pod's HTTP probes to go through the proxy's exposed paths."),
        f("consul.hashicorp.com/kubernetes-service", Ty::Str)
            .doc("The Kubernetes Service of the pod, when several select it."),
        f("consul.hashicorp.com/service-tags", Ty::Str).doc("Consul service tags, comma-separated."),
        f("consul.hashicorp.com/service-meta-", Ty::Str).doc("`service-meta-<key>`: a Consul service metadata entry."),
        f("consul.hashicorp.com/enable-metrics", Ty::Enum(&["true", "false"])).doc("Envoy metrics for the pod."),
        f("consul.hashicorp.com/enable-metrics-merging", Ty::Enum(&["true", "false"]))
            .doc("Merge the application's metrics with Envoy's."),
        f("consul.hashicorp.com/service-metrics-port", Ty::Str).doc("Port of the application's metrics."),
        f("consul.hashicorp.com/service-metrics-path", Ty::Str).doc("Path of the application's metrics."),
        f("consul.hashicorp.com/use-proxy-health-check", Ty::Enum(&["true", "false"]))
            .doc("A readiness probe on the proxy's health endpoint."),
        f("consul.hashicorp.com/sidecar-proxy-cpu-limit", Ty::Str).doc("CPU limit of the sidecar proxy."),
        f("consul.hashicorp.com/sidecar-proxy-cpu-request", Ty::Str).doc("CPU request of the sidecar proxy."),
        f("consul.hashicorp.com/sidecar-proxy-memory-limit", Ty::Str).doc("Memory limit of the sidecar proxy."),
        f("consul.hashicorp.com/sidecar-proxy-memory-request", Ty::Str).doc("Memory request of the sidecar proxy."),
        f("consul.hashicorp.com/enable-sidecar-proxy-lifecycle", Ty::Enum(&["true", "false"]))
            .doc("Graceful startup and shutdown of the sidecar proxy."),
        f("consul.hashicorp.com/envoy-extra-args", Ty::Str).doc("Extra command-line arguments of Envoy."),
        f("consul.hashicorp.com/consul-namespace", Ty::Str).enterprise().doc("Consul namespace of the pod's service."),
        f("consul.hashicorp.com/peering-version", Ty::Str)
            .doc("On a PeeringAcceptor/PeeringDialer: raise the (quoted) number to regenerate or re-dial the token."),
        f("consul.hashicorp.com/migrate-entry", Ty::Enum(&["true", "false"]))
            .doc("On a config-entry resource: take over an entry that already exists in Consul."),
    ],
};

type DerivedTables = Vec<(&'static str, &'static Block, &'static Block)>;

/// The spec and resource tables of every custom resource, built once. The tables are leaked: they live as long
/// as the program, like the static ones.
fn derived() -> &'static DerivedTables {
    static TABLES: OnceLock<DerivedTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut memo = HashMap::new();
        CUSTOM_RESOURCES
            .iter()
            .map(|resource| {
                let spec = match resource.spec {
                    Spec::Own(block) => block,
                    Spec::Entry { entry_kind, overlay } => {
                        let Some(block) = entries::entry_block(entry_kind) else {
                            unreachable!("custom resource {} names an unknown entry kind", resource.kind)
                        };
                        let name: &'static str = Box::leak(format!("{} spec", resource.kind).into_boxed_str());
                        derive(block, overlay, Some(name), &mut memo)
                    }
                };
                (resource.kind, spec, resource_table(resource, spec))
            })
            .collect()
    })
}

type Memo = HashMap<(usize, usize), &'static Block>;

/// A config entry block (or one nested in it) as a resource sees it.
fn derive(
    block: &'static Block,
    overlay: &'static Overlay,
    top: Option<&'static str>,
    memo: &mut Memo,
) -> &'static Block {
    let memo_key = (block as *const Block as usize, overlay as *const Overlay as usize);
    if top.is_none()
        && let Some(done) = memo.get(&memo_key)
    {
        return done;
    }
    let mut fields = Vec::with_capacity(block.fields.len() + overlay.extra.len());
    for field in block.fields {
        if overlay.omit.contains(&field.name) || (top.is_some() && ENTRY_IDENTITY.contains(&field.name)) {
            continue;
        }
        let nested = overlay.nested.iter().find(|(name, _)| *name == field.name).map_or(&SAME, |(_, o)| *o);
        let ty = match field.ty {
            Ty::Block(b) => Ty::Block(derive(b, nested, None, memo)),
            Ty::BlockList(b) => Ty::BlockList(derive(b, nested, None, memo)),
            Ty::Map(b) => Ty::Map(derive(b, nested, None, memo)),
            other => other,
        };
        let name: &'static str = Box::leak(to_camel(field.name).into_boxed_str());
        fields.push(Field { name, aliases: &[], ty, ..*field });
    }
    fields.extend(overlay.extra.iter().copied());
    let derived: &'static Block = Box::leak(Box::new(Block {
        name: top.unwrap_or(block.name),
        casing: Casing::Camel,
        fields: Box::leak(fields.into_boxed_slice()),
        link: block.link,
    }));
    if top.is_none() {
        memo.insert(memo_key, derived);
    }
    derived
}

fn resource_table(resource: &CustomResource, spec: &'static Block) -> &'static Block {
    let kind_doc = match resource.entry_kind() {
        Some(entry_kind) => format!("`{}`: becomes a Consul `{entry_kind}` config entry.", resource.kind),
        None => format!("`{}`.", resource.kind),
    };
    let spec_field = f("spec", Ty::Block(spec)).doc("The desired state.");
    let spec_field =
        if matches!(resource.kind, "PeeringAcceptor" | "PeeringDialer") { spec_field.required() } else { spec_field };
    let fields = vec![
        f("apiVersion", Ty::Str).required().doc("`consul.hashicorp.com/v1alpha1`."),
        f("kind", Ty::Str).required().doc(Box::leak(kind_doc.into_boxed_str())),
        f("metadata", Ty::Block(&OBJECT_META)).doc("Name, namespace, labels and annotations."),
        spec_field,
        f("status", Ty::Any).doc("Written by the consul-k8s controller (`Synced` condition; read-only)."),
    ];
    Box::leak(Box::new(Block {
        name: Box::leak(format!("{} resource", resource.kind).into_boxed_str()),
        casing: Casing::Camel,
        fields: Box::leak(fields.into_boxed_slice()),
        link: resource.link,
    }))
}

#[cfg(test)]
mod tests;
