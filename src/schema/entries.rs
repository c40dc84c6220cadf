//! Configuration entries (`consul config write`, `PUT /v1/config`, agent `config_entries.bootstrap`).
//!
//! PascalCase names from the Go structs in hashicorp/consul `api/config_entry.go`,
//! `api/config_entry_exports.go`, `api/config_entry_mesh.go`, `api/config_entry_discoverychain.go`,
//! `api/config_entry_intentions.go`, `api/config_entry_gateways.go`, `api/config_entry_jwt_provider.go`,
//! `api/config_entry_rate_limit_ip.go`, `api/config_entry_routes.go`, `api/config_entry_inline_certificate.go`,
//! `api/config_entry_sameness_group.go`. Matching is case-insensitive, plus the snake_case form of multi-word
//! names; `aliases` lists Consul `alias:"…"` tags that are not plain snake_case, and explicit snake forms of
//! names with acronyms or digits (`TLSMinVersion` → `tls_min_version`) so no conversion rule has to guess.
//! `Kind`, `CreateIndex` and `ModifyIndex` are accepted on every entry (Consul's decoder skips them).

use super::types::*;

pub static MESH_GATEWAY_MODES: &[&str] = &["", "none", "local", "remote"];
pub static PROXY_MODES: &[&str] = &["", "direct", "transparent"];
pub static MUTUAL_TLS_MODES: &[&str] = &["", "strict", "permissive"];
pub static INTENTION_ACTIONS: &[&str] = &["allow", "deny"];

// ---------------------------------------------------------------------------------------------------------
// Fields every entry shares
// ---------------------------------------------------------------------------------------------------------

const KIND: Field = f("Kind", Ty::Str)
    .required()
    .doc("Config entry kind; the key must be spelled `Kind` or `kind`, the value is case-sensitive.");
const NAME: Field = f("Name", Ty::Str).required().doc("Name of the config entry.");
const PARTITION: Field =
    f("Partition", Ty::Str).enterprise().doc("Admin partition the entry applies to; defaults to `default`.");
const NAMESPACE: Field =
    f("Namespace", Ty::Str).enterprise().doc("Namespace the entry applies to; defaults to `default`.");
const META: Field = f("Meta", Ty::Opaque).doc("Free-form string key/value metadata.");
const CREATE_INDEX: Field =
    f("CreateIndex", Ty::Int).read_only().doc("Raft index the entry was created at (read-only).");
const MODIFY_INDEX: Field =
    f("ModifyIndex", Ty::Int).read_only().doc("Raft index of the last change, for check-and-set (read-only).");
const STATUS: Field = f("Status", Ty::Any).read_only().doc("Status conditions reported by Consul (read-only).");

// ---------------------------------------------------------------------------------------------------------
// Shared nested blocks
// ---------------------------------------------------------------------------------------------------------

pub static MESH_GATEWAY: Block = Block {
    name: "mesh gateway config",
    casing: Casing::Pascal,
    link: "east-west/mesh-gateway",
    fields: &[f("Mode", Ty::Enum(MESH_GATEWAY_MODES))
        .doc("How upstream traffic uses mesh gateways: `local`, `remote`, `none`, or empty to inherit.")],
};

pub static TRANSPARENT_PROXY: Block = Block {
    name: "transparent proxy config",
    casing: Casing::Pascal,
    link: "reference/config-entry/proxy-defaults",
    fields: &[
        f("OutboundListenerPort", Ty::Int)
            .default("15001")
            .doc("Port of the listener that redirected outbound traffic arrives on."),
        f("DialedDirectly", Ty::Bool)
            .default("false")
            .doc("Let transparent proxies dial instances of this service directly."),
    ],
};

pub static EXPOSE: Block = Block {
    name: "expose config",
    casing: Casing::Pascal,
    link: "reference/proxy/connect-proxy#expose-paths-configuration-reference",
    fields: &[
        f("Checks", Ty::Bool).default("false").doc("Expose HTTP and gRPC check paths through the proxy."),
        f("Paths", Ty::BlockList(&EXPOSE_PATH)).doc("Individual paths to expose."),
    ],
};

pub static EXPOSE_PATH: Block = Block {
    name: "exposed path",
    casing: Casing::Pascal,
    link: "reference/proxy/connect-proxy#expose-paths-configuration-reference",
    fields: &[
        f("ListenerPort", Ty::Int).doc("Port of the proxy listener for this path."),
        f("Path", Ty::Str).doc("HTTP path to expose, e.g. `/metrics`."),
        f("LocalPathPort", Ty::Int).doc("Port the local service serves the path on."),
        f("Protocol", Ty::Enum(&["", "http", "http2"])).default("http").doc("`http` or `http2`."),
        f("ParsedFromCheck", Ty::Bool).doc("Set by Consul when the path comes from a registered check (read-only)."),
    ],
};

pub static ACCESS_LOGS: Block = Block {
    name: "access logs config",
    casing: Casing::Pascal,
    link: "reference/config-entry/proxy-defaults",
    fields: &[
        f("Enabled", Ty::Bool).default("false").doc("Turn Envoy access logging on for all proxies."),
        f("DisableListenerLogs", Ty::Bool)
            .default("false")
            .doc("Skip logs for connections rejected because no listener filter matched."),
        f("Type", Ty::Enum(&["", "file", "stderr", "stdout"]))
            .default("stdout")
            .doc("Log sink: `file`, `stderr` or `stdout`."),
        f("Path", Ty::Str).doc("Output file when `Type = \"file\"`."),
        f("JSONFormat", Ty::Str).aliases(&["json_format"]).doc("JSON access log format (exclusive with `TextFormat`)."),
        f("TextFormat", Ty::Str).doc("Text access log format (exclusive with `JSONFormat`)."),
    ],
};

pub static ENVOY_EXTENSION: Block = Block {
    name: "Envoy extension",
    casing: Casing::Pascal,
    link: "reference/proxy/extensions/property-override",
    fields: &[
        f("Name", Ty::Str)
            .required()
            .doc("Extension name, e.g. `builtin/lua`, `builtin/aws/lambda`, `builtin/ext-authz`."),
        f("Required", Ty::Bool)
            .default("false")
            .doc("Fail the proxy configuration if the extension cannot be applied."),
        f("Arguments", Ty::Any).doc("Extension-specific arguments."),
        f("ConsulVersion", Ty::Str).doc("Consul version constraint for applying the extension."),
        f("EnvoyVersion", Ty::Str).doc("Envoy version constraint for applying the extension."),
    ],
};

pub static HTTP_HEADER_MODIFIERS: Block = Block {
    name: "HTTP header modifiers",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[
        f("Add", Ty::Opaque).doc("Headers to append (name → value), keeping existing values."),
        f("Set", Ty::Opaque).doc("Headers to set (name → value), replacing existing values."),
        f("Remove", Ty::StrList).doc("Header names to remove."),
    ],
};

pub static PASSIVE_HEALTH_CHECK: Block = Block {
    name: "passive health check",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        f("Interval", Ty::Duration).doc("Time between outlier-detection sweeps, e.g. `\"10s\"`."),
        f("MaxFailures", Ty::Int).doc("Consecutive failures that eject a host from the pool."),
        f("EnforcingConsecutive5xx", Ty::Int)
            .aliases(&["enforcing_consecutive_5xx"])
            .default("100")
            .doc("Percent chance a host is actually ejected after consecutive 5xx responses."),
        f("MaxEjectionPercent", Ty::Int).default("10").doc("Maximum percent of hosts ejected at once."),
        f("BaseEjectionTime", Ty::Duration)
            .default("30s")
            .doc("Base ejection time, multiplied by the number of ejections."),
    ],
};

pub static UPSTREAM_LIMITS: Block = Block {
    name: "upstream limits",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        f("MaxConnections", Ty::Int).doc("Maximum connections the local proxy opens to the upstream."),
        f("MaxPendingRequests", Ty::Int).doc("Maximum requests queued waiting for a connection (HTTP/1.1)."),
        f("MaxConcurrentRequests", Ty::Int).doc("Maximum in-flight requests to the upstream (HTTP/2)."),
    ],
};

pub static FAILOVER_POLICY: Block = Block {
    name: "failover policy",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Mode", Ty::Enum(&["", "sequential", "order-by-locality"]))
            .default("sequential")
            .doc("Failover target ordering: `sequential` or `order-by-locality`."),
        f("Regions", Ty::StrList).doc("Region order used with `order-by-locality`."),
    ],
};

pub static PRIORITIZE_BY_LOCALITY: Block = Block {
    name: "prioritize by locality",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[f("Mode", Ty::Enum(&["", "none", "failover"]))
        .default("none")
        .doc("`failover` prefers instances in the same locality; `none` disables it.")],
};

pub static JWT_REQUIREMENT: Block = Block {
    name: "JWT requirement",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[f("Providers", Ty::BlockList(&JWT_PROVIDER_REF)).doc("JWT providers to verify tokens against.")],
};

pub static JWT_PROVIDER_REF: Block = Block {
    name: "JWT provider reference",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[
        f("Name", Ty::Str).doc("Name of a `jwt-provider` config entry."),
        f("VerifyClaims", Ty::BlockList(&JWT_CLAIM)).doc("Additional claims the token must carry."),
    ],
};

pub static JWT_CLAIM: Block = Block {
    name: "JWT claim verification",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[
        f("Path", Ty::StrList).doc("Path to the claim in the token JSON."),
        f("Value", Ty::Str).doc("Expected value (or list member) at the path."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// service-defaults
// ---------------------------------------------------------------------------------------------------------

pub static SERVICE_DEFAULTS: Block = Block {
    name: "service-defaults config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        KIND,
        NAME.doc("Service the defaults apply to; must not be `*`."),
        PARTITION,
        NAMESPACE,
        f("Protocol", Ty::Str).default("tcp").doc("Service protocol: `tcp`, `http`, `http2` or `grpc`."),
        f("Mode", Ty::Enum(PROXY_MODES)).doc("Proxy mode: `direct`, `transparent`, or empty to inherit."),
        f("TransparentProxy", Ty::Block(&TRANSPARENT_PROXY)).doc("Transparent proxy settings."),
        f("MutualTLSMode", Ty::Enum(MUTUAL_TLS_MODES))
            .aliases(&["mutual_tls_mode"])
            .doc("`strict`, `permissive` (needs mesh `AllowEnablingPermissiveMutualTLS`), or empty to inherit."),
        f("MeshGateway", Ty::Block(&MESH_GATEWAY)).doc("Mesh gateway mode for this service's upstreams."),
        f("Expose", Ty::Block(&EXPOSE)).doc("Paths exposed through the proxy without mTLS."),
        f("ExternalSNI", Ty::Str)
            .aliases(&["external_sni"])
            .doc("SNI for an external service reached through a terminating gateway."),
        f("UpstreamConfig", Ty::Block(&UPSTREAM_CONFIGURATION))
            .doc("Defaults and per-upstream overrides for this service's upstreams."),
        f("Destination", Ty::Block(&DESTINATION))
            .doc("Makes this a destination for an external service (transparent proxy)."),
        f("MaxInboundConnections", Ty::Int)
            .doc("Maximum concurrent inbound connections to each instance (0 = unlimited)."),
        f("LocalConnectTimeoutMs", Ty::Int)
            .default("5000")
            .doc("Timeout for the proxy to connect to the local app, in milliseconds."),
        f("LocalRequestTimeoutMs", Ty::Int)
            .default("15000")
            .doc("Timeout for HTTP requests to the local app, in milliseconds."),
        f("MaxRequestHeadersKB", Ty::Int).aliases(&["max_request_headers_kb"]).doc(
            "Maximum size of request headers, in kilobytes, Envoy accepts for this service (terminating gateways).",
        ),
        f("BalanceInboundConnections", Ty::Enum(&["", "exact_balance"]))
            .doc("Inbound connection balancing across Envoy worker threads: `exact_balance` or empty."),
        f("RateLimits", Ty::Block(&RATE_LIMITS)).enterprise().doc("Inbound request rate limits per instance."),
        f("EnvoyExtensions", Ty::BlockList(&ENVOY_EXTENSION))
            .doc("Envoy extensions applied to this service's proxies."),
        f("Connect", Ty::Any)
            .deprecated()
            .doc("Removed (Consul 1.5 `Connect { SidecarProxy }`); current Consul rejects it — delete it."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static UPSTREAM_CONFIGURATION: Block = Block {
    name: "upstream configuration",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        f("Defaults", Ty::Block(&UPSTREAM_CONFIG))
            .doc("Defaults for all upstreams; must not set `Name`, `Namespace`, `Partition` or `Peer`."),
        f("Overrides", Ty::BlockList(&UPSTREAM_CONFIG)).doc("Per-upstream settings; each needs `Name`."),
    ],
};

pub static UPSTREAM_CONFIG: Block = Block {
    name: "upstream config",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        f("Name", Ty::Str).doc("Upstream service name (overrides only; required there)."),
        f("Partition", Ty::Str).enterprise().doc("Upstream's admin partition (overrides only)."),
        f("Namespace", Ty::Str).enterprise().doc("Upstream's namespace (overrides only)."),
        f("Peer", Ty::Str).doc("Cluster peer of the upstream (overrides only)."),
        f("EnvoyListenerJSON", Ty::Str)
            .aliases(&["envoy_listener_json"])
            .doc("Escape hatch: complete Envoy listener JSON for the upstream (ignored with a discovery chain)."),
        f("EnvoyClusterJSON", Ty::Str)
            .aliases(&["envoy_cluster_json"])
            .doc("Escape hatch: complete Envoy cluster JSON for the upstream (ignored with a discovery chain)."),
        f("Protocol", Ty::Str)
            .doc("Upstream protocol: `tcp`, `http`, `http2` or `grpc` (prefer the upstream's own service-defaults)."),
        f("ConnectTimeoutMs", Ty::Int)
            .default("5000")
            .doc("Timeout for new connections to the upstream, in milliseconds."),
        f("Limits", Ty::Block(&UPSTREAM_LIMITS)).doc("Circuit-breaker limits for the upstream."),
        f("PassiveHealthCheck", Ty::Block(&PASSIVE_HEALTH_CHECK)).doc("Outlier detection for upstream instances."),
        f("MeshGateway", Ty::Block(&MESH_GATEWAY)).doc("Mesh gateway mode for the upstream."),
        f("BalanceOutboundConnections", Ty::Enum(&["", "exact_balance"]))
            .doc("Outbound connection balancing across Envoy worker threads: `exact_balance` or empty."),
    ],
};

pub static DESTINATION: Block = Block {
    name: "destination",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        f("Addresses", Ty::StrList).doc("Hostnames or IPs of the external destination."),
        f("Port", Ty::Int).doc("Port of the external destination."),
    ],
};

pub static RATE_LIMITS: Block = Block {
    name: "rate limits",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[f("InstanceLevel", Ty::Block(&INSTANCE_LEVEL_RATE_LIMITS)).doc("Limits applied per service instance.")],
};

pub static INSTANCE_LEVEL_RATE_LIMITS: Block = Block {
    name: "instance-level rate limits",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        f("RequestsPerSecond", Ty::Int).doc("Average requests per second allowed."),
        f("RequestsMaxBurst", Ty::Int).doc("Maximum burst of requests; defaults to `RequestsPerSecond`."),
        f("Routes", Ty::BlockList(&ROUTE_RATE_LIMIT)).doc("Per-route limits; the first matching route applies."),
    ],
};

pub static ROUTE_RATE_LIMIT: Block = Block {
    name: "route rate limit",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-defaults",
    fields: &[
        f("PathExact", Ty::Str).doc("Exact path to match."),
        f("PathPrefix", Ty::Str).doc("Path prefix to match."),
        f("PathRegex", Ty::Str).doc("Path regular expression to match."),
        f("RequestsPerSecond", Ty::Int).doc("Average requests per second allowed on the route."),
        f("RequestsMaxBurst", Ty::Int).doc("Maximum burst of requests on the route."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// proxy-defaults
// ---------------------------------------------------------------------------------------------------------

pub static PROXY_DEFAULTS: Block = Block {
    name: "proxy-defaults config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/proxy-defaults",
    fields: &[
        KIND,
        f("Name", Ty::Str)
            .default("global")
            .doc("Must be `global` or empty (`invalid name (\"x\"), only \"global\" is supported`)."),
        PARTITION,
        NAMESPACE,
        f("Mode", Ty::Enum(PROXY_MODES)).doc("Proxy mode for all proxies: `direct`, `transparent`, or empty."),
        f("TransparentProxy", Ty::Block(&TRANSPARENT_PROXY)).doc("Transparent proxy settings."),
        f("MutualTLSMode", Ty::Enum(MUTUAL_TLS_MODES))
            .aliases(&["mutual_tls_mode"])
            .doc("`strict`, `permissive` (needs mesh `AllowEnablingPermissiveMutualTLS`), or empty."),
        f("Config", Ty::Opaque)
            .link("reference/proxy/envoy")
            .doc("Opaque proxy configuration for all proxies (`protocol`, `envoy_*` options, …)."),
        f("MeshGateway", Ty::Block(&MESH_GATEWAY)).doc("Default mesh gateway mode for all upstreams."),
        f("Expose", Ty::Block(&EXPOSE)).doc("Paths exposed through every proxy without mTLS."),
        f("AccessLogs", Ty::Block(&ACCESS_LOGS)).doc("Envoy access logs for all proxies."),
        f("EnvoyExtensions", Ty::BlockList(&ENVOY_EXTENSION)).doc("Envoy extensions applied to all proxies."),
        f("FailoverPolicy", Ty::Block(&FAILOVER_POLICY)).doc("Default failover policy for all services."),
        f("PrioritizeByLocality", Ty::Block(&PRIORITIZE_BY_LOCALITY))
            .doc("Default locality-aware routing for all services."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

// ---------------------------------------------------------------------------------------------------------
// mesh
// ---------------------------------------------------------------------------------------------------------

pub static MESH: Block = Block {
    name: "mesh config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[
        KIND,
        PARTITION,
        NAMESPACE.doc("Namespace of the entry; must be `default`."),
        f("TransparentProxy", Ty::Block(&MESH_TRANSPARENT_PROXY)).doc("Mesh-wide transparent proxy settings."),
        f("AllowEnablingPermissiveMutualTLS", Ty::Bool)
            .aliases(&["allow_enabling_permissive_mutual_tls"])
            .default("false")
            .doc("Allow `MutualTLSMode = \"permissive\"` in service-defaults and proxy-defaults."),
        f("ValidateClusters", Ty::Bool)
            .default("false")
            .doc("Reject route tables that refer to clusters that do not exist."),
        f("TLS", Ty::Block(&MESH_TLS)).aliases(&["tls"]).doc("Mesh-wide TLS versions and cipher suites."),
        f("HTTP", Ty::Block(&MESH_HTTP)).aliases(&["http"]).doc("Mesh-wide HTTP settings."),
        f("Peering", Ty::Block(&MESH_PEERING)).doc("Cluster peering settings."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static MESH_TRANSPARENT_PROXY: Block = Block {
    name: "mesh transparent proxy",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[f("MeshDestinationsOnly", Ty::Bool)
        .default("false")
        .doc("Let transparent proxies reach only destinations known to the mesh.")],
};

pub static MESH_TLS: Block = Block {
    name: "mesh TLS",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[
        f("Incoming", Ty::Block(&MESH_DIRECTIONAL_TLS)).doc("TLS settings for inbound mesh traffic."),
        f("Outgoing", Ty::Block(&MESH_DIRECTIONAL_TLS)).doc("TLS settings for outbound mesh traffic."),
    ],
};

pub static MESH_DIRECTIONAL_TLS: Block = Block {
    name: "mesh directional TLS",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[
        f("TLSMinVersion", Ty::Str)
            .aliases(&["tls_min_version"])
            .doc("Minimum TLS version: `TLS_AUTO`, `TLSv1_0` … `TLSv1_3`."),
        f("TLSMaxVersion", Ty::Str)
            .aliases(&["tls_max_version"])
            .doc("Maximum TLS version: `TLS_AUTO`, `TLSv1_0` … `TLSv1_3`."),
        f("CipherSuites", Ty::StrList).doc("Allowed cipher suites (TLS 1.2 and earlier)."),
    ],
};

pub static MESH_HTTP: Block = Block {
    name: "mesh HTTP",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[
        f("SanitizeXForwardedClientCert", Ty::Bool)
            .aliases(&["sanitize_x_forwarded_client_cert"])
            .default("false")
            .doc("Strip the `X-Forwarded-Client-Cert` header instead of appending to it."),
        f("Incoming", Ty::Block(&MESH_DIRECTIONAL_HTTP)).doc("Settings for incoming HTTP traffic."),
    ],
};

pub static MESH_DIRECTIONAL_HTTP: Block = Block {
    name: "mesh directional HTTP",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[
        f("RequestNormalization", Ty::Block(&MESH_REQUEST_NORMALIZATION)).doc("Request path and header normalization.")
    ],
};

pub static MESH_REQUEST_NORMALIZATION: Block = Block {
    name: "request normalization",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[
        f("InsecureDisablePathNormalization", Ty::Bool)
            .default("false")
            .doc("Disable RFC 3986 path normalization (weakens L7 intention path matching)."),
        f("MergeSlashes", Ty::Bool).default("false").doc("Merge consecutive `/` in request paths."),
        f("PathWithEscapedSlashesAction", Ty::Str)
            .doc("Envoy action for escaped slashes in paths, e.g. `UNESCAPE_AND_REDIRECT`, `REJECT_REQUEST`."),
        f("HeadersWithUnderscoresAction", Ty::Str)
            .doc("Envoy action for header names with underscores: `ALLOW`, `REJECT_REQUEST`, `DROP_HEADER`."),
    ],
};

pub static MESH_PEERING: Block = Block {
    name: "mesh peering",
    casing: Casing::Pascal,
    link: "reference/config-entry/mesh",
    fields: &[f("PeerThroughMeshGateways", Ty::Bool)
        .default("false")
        .doc("Route control-plane peering traffic through mesh gateways (default partition only).")],
};

// ---------------------------------------------------------------------------------------------------------
// exported-services
// ---------------------------------------------------------------------------------------------------------

pub static EXPORTED_SERVICES: Block = Block {
    name: "exported-services config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/exported-services",
    fields: &[
        KIND,
        NAME.doc("Admin partition whose services are exported: `default` in Consul CE."),
        PARTITION,
        f("Services", Ty::BlockList(&EXPORTED_SERVICE)).doc("Services to export and their consumers."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static EXPORTED_SERVICE: Block = Block {
    name: "exported service",
    casing: Casing::Pascal,
    link: "reference/config-entry/exported-services",
    fields: &[
        f("Name", Ty::Str).required().doc("Service to export; `*` exports all services of the namespace."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace to export from; `*` for all."),
        f("Consumers", Ty::BlockList(&SERVICE_CONSUMER)).doc("Who may consume the service; at least one."),
    ],
};

pub static SERVICE_CONSUMER: Block = Block {
    name: "service consumer",
    casing: Casing::Pascal,
    link: "reference/config-entry/exported-services",
    fields: &[
        f("Peer", Ty::Str)
            .aliases(&["peer_name"])
            .doc("Cluster peer to export to (not `*`); set exactly one of `Peer`, `Partition`, `SamenessGroup`."),
        f("Partition", Ty::Str).enterprise().doc("Local admin partition to export to."),
        f("SamenessGroup", Ty::Str).enterprise().doc("Sameness group to export to."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// service-resolver
// ---------------------------------------------------------------------------------------------------------

pub static SERVICE_RESOLVER: Block = Block {
    name: "service-resolver config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        KIND,
        NAME.doc("Service the resolver applies to."),
        PARTITION,
        NAMESPACE,
        f("DefaultSubset", Ty::Str).doc("Subset used when no subset is requested."),
        f("Subsets", Ty::Map(&RESOLVER_SUBSET)).doc("Named subsets of service instances, by filter."),
        f("Redirect", Ty::Block(&RESOLVER_REDIRECT))
            .doc("Send all traffic to another service, datacenter, partition or peer."),
        f("Failover", Ty::Map(&RESOLVER_FAILOVER)).doc("Failover per subset name (`*` for all)."),
        f("ConnectTimeout", Ty::Duration)
            .default("5s")
            .doc("Timeout for new connections to instances, e.g. `\"15s\"`."),
        f("RequestTimeout", Ty::Duration).doc("Timeout for HTTP requests (L7 only), e.g. `\"30s\"`."),
        f("PrioritizeByLocality", Ty::Block(&PRIORITIZE_BY_LOCALITY)).doc("Prefer instances in the same locality."),
        f("LoadBalancer", Ty::Block(&LOAD_BALANCER)).doc("Load-balancing policy."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static RESOLVER_SUBSET: Block = Block {
    name: "resolver subset",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Filter", Ty::Str).doc("Filter expression over service instances, e.g. `Service.Meta.version == v2`."),
        f("OnlyPassing", Ty::Bool).default("false").doc("Treat instances with warning checks as unhealthy."),
    ],
};

pub static RESOLVER_REDIRECT: Block = Block {
    name: "resolver redirect",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Service", Ty::Str).doc("Service to redirect to; required with `Peer`."),
        f("ServiceSubset", Ty::Str).doc("Subset of the target service; not with `Peer`."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the target service."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the target; not with `Peer`."),
        f("Datacenter", Ty::Str).doc("Datacenter of the target; not with `Peer`."),
        f("Peer", Ty::Str).doc("Cluster peer that exports the target service."),
        f("SamenessGroup", Ty::Str).enterprise().doc("Sameness group to redirect to."),
    ],
};

pub static RESOLVER_FAILOVER: Block = Block {
    name: "resolver failover",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Service", Ty::Str).doc("Service to fail over to."),
        f("ServiceSubset", Ty::Str).doc("Subset to fail over to."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace to fail over to."),
        f("Datacenters", Ty::StrList).doc("Datacenters to fail over to, in order."),
        f("Targets", Ty::BlockList(&FAILOVER_TARGET))
            .doc("Ordered failover targets (exclusive with the fields above)."),
        f("Policy", Ty::Block(&FAILOVER_POLICY)).doc("How targets are ordered."),
        f("SamenessGroup", Ty::Str).enterprise().doc("Sameness group to fail over to."),
    ],
};

pub static FAILOVER_TARGET: Block = Block {
    name: "failover target",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Service", Ty::Str).doc("Target service."),
        f("ServiceSubset", Ty::Str).doc("Target subset; not with `Peer`."),
        f("Partition", Ty::Str).enterprise().doc("Target admin partition; not with `Peer`."),
        f("Namespace", Ty::Str).enterprise().doc("Target namespace."),
        f("Datacenter", Ty::Str).doc("Target datacenter; not with `Peer`."),
        f("Peer", Ty::Str).doc("Cluster peer that exports the target service."),
    ],
};

pub static LOAD_BALANCER: Block = Block {
    name: "load balancer",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Policy", Ty::Enum(&["", "random", "round_robin", "least_request", "ring_hash", "maglev"]))
            .default("round_robin")
            .doc("Load-balancing policy: `random`, `round_robin`, `least_request`, `ring_hash`, `maglev`."),
        f("RingHashConfig", Ty::Block(&RING_HASH_CONFIG)).doc("Settings for `ring_hash`."),
        f("LeastRequestConfig", Ty::Block(&LEAST_REQUEST_CONFIG)).doc("Settings for `least_request`."),
        f("HashPolicies", Ty::BlockList(&HASH_POLICY)).doc("What hash-based policies hash on."),
    ],
};

pub static RING_HASH_CONFIG: Block = Block {
    name: "ring hash config",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("MinimumRingSize", Ty::Int).default("1024").doc("Minimum entries in the hash ring."),
        f("MaximumRingSize", Ty::Int).default("8192").doc("Maximum entries in the hash ring."),
    ],
};

pub static LEAST_REQUEST_CONFIG: Block = Block {
    name: "least request config",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[f("ChoiceCount", Ty::Int).default("2").doc("Random healthy hosts compared per pick.")],
};

pub static HASH_POLICY: Block = Block {
    name: "hash policy",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Field", Ty::Enum(&["", "header", "cookie", "query_parameter"]))
            .doc("Attribute to hash: `header`, `cookie` or `query_parameter`; not with `SourceIP`."),
        f("FieldValue", Ty::Str).doc("Header, cookie or query parameter name to hash."),
        f("CookieConfig", Ty::Block(&COOKIE_CONFIG)).doc("Cookie generation for `Field = \"cookie\"`."),
        f("SourceIP", Ty::Bool).aliases(&["source_ip"]).default("false").doc("Hash the source IP address."),
        f("Terminal", Ty::Bool).default("false").doc("Stop evaluating later policies when this one yields a hash."),
    ],
};

pub static COOKIE_CONFIG: Block = Block {
    name: "cookie config",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-resolver",
    fields: &[
        f("Session", Ty::Bool).default("false").doc("Generate a session cookie (no expiry)."),
        f("TTL", Ty::Duration).aliases(&["ttl"]).doc("Lifetime of generated cookies; not with `Session`."),
        f("Path", Ty::Str).doc("Path attribute of the cookie."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// service-router
// ---------------------------------------------------------------------------------------------------------

pub static SERVICE_ROUTER: Block = Block {
    name: "service-router config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[
        KIND,
        NAME.doc("Service the routes apply to (needs an HTTP-like protocol)."),
        PARTITION,
        NAMESPACE,
        f("Routes", Ty::BlockList(&SERVICE_ROUTE)).doc("Routes, matched in order."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static SERVICE_ROUTE: Block = Block {
    name: "route",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[
        f("Match", Ty::Block(&ROUTE_MATCH)).doc("Which requests the route applies to; omitted matches all."),
        f("Destination", Ty::Block(&ROUTE_DESTINATION)).doc("Where matching requests go."),
    ],
};

pub static ROUTE_MATCH: Block = Block {
    name: "route match",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[f("HTTP", Ty::Block(&ROUTE_HTTP_MATCH)).aliases(&["http"]).doc("HTTP request criteria.")],
};

pub static ROUTE_HTTP_MATCH: Block = Block {
    name: "route HTTP match",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[
        f("PathExact", Ty::Str).doc("Exact path to match (starts with `/`)."),
        f("PathPrefix", Ty::Str).doc("Path prefix to match (starts with `/`)."),
        f("PathRegex", Ty::Str).doc("Path regular expression (RE2) to match."),
        f("CaseInsensitive", Ty::Bool).default("false").doc("Match paths case-insensitively."),
        f("Header", Ty::BlockList(&ROUTE_HEADER_MATCH)).doc("Header criteria; all must match."),
        f("QueryParam", Ty::BlockList(&ROUTE_QUERY_PARAM_MATCH)).doc("Query parameter criteria; all must match."),
        f("Methods", Ty::StrList).doc("HTTP methods to match, e.g. `[\"GET\", \"PUT\"]`."),
    ],
};

pub static ROUTE_HEADER_MATCH: Block = Block {
    name: "header match",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[
        f("Name", Ty::Str).required().doc("Header name."),
        f("Present", Ty::Bool).doc("Match when the header is present with any value."),
        f("Exact", Ty::Str).doc("Match this exact value."),
        f("Prefix", Ty::Str).doc("Match values with this prefix."),
        f("Suffix", Ty::Str).doc("Match values with this suffix."),
        f("Regex", Ty::Str).doc("Match values against this regular expression."),
        f("Invert", Ty::Bool).doc("Invert the match."),
    ],
};

pub static ROUTE_QUERY_PARAM_MATCH: Block = Block {
    name: "query parameter match",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[
        f("Name", Ty::Str).required().doc("Query parameter name."),
        f("Present", Ty::Bool).doc("Match when the parameter is present with any value."),
        f("Exact", Ty::Str).doc("Match this exact value."),
        f("Regex", Ty::Str).doc("Match values against this regular expression."),
    ],
};

pub static ROUTE_DESTINATION: Block = Block {
    name: "route destination",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-router",
    fields: &[
        f("Service", Ty::Str).doc("Service to send requests to; defaults to the router's service."),
        f("ServiceSubset", Ty::Str).doc("Subset of the target service."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the target service."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the target service."),
        f("PrefixRewrite", Ty::Str).doc("Replace the matched path prefix (or exact path) with this."),
        f("RequestTimeout", Ty::Duration).doc("Total request timeout, e.g. `\"10s\"`."),
        f("IdleTimeout", Ty::Duration).doc("Stream idle timeout, e.g. `\"60s\"`."),
        f("NumRetries", Ty::Int).doc("Number of retries."),
        f("RetryOnConnectFailure", Ty::Bool).doc("Retry on connection failure."),
        f("RetryOnStatusCodes", Ty::Any).doc("HTTP status codes to retry on (list of numbers)."),
        f("RetryOn", Ty::StrList).doc("Envoy retry conditions, e.g. `reset`, `gateway-error`, `5xx`."),
        f("RequestHeaders", Ty::Block(&HTTP_HEADER_MODIFIERS)).doc("Request header changes."),
        f("ResponseHeaders", Ty::Block(&HTTP_HEADER_MODIFIERS)).doc("Response header changes."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// service-splitter
// ---------------------------------------------------------------------------------------------------------

pub static SERVICE_SPLITTER: Block = Block {
    name: "service-splitter config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-splitter",
    fields: &[
        KIND,
        NAME.doc("Service whose traffic is split (needs an HTTP-like protocol)."),
        PARTITION,
        NAMESPACE,
        f("Splits", Ty::BlockList(&SERVICE_SPLIT)).doc("Traffic shares; weights must add up to 100."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static SERVICE_SPLIT: Block = Block {
    name: "split",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-splitter",
    fields: &[
        f("Weight", Ty::Float).doc("Percentage of traffic (0–100, up to two decimals)."),
        f("Service", Ty::Str).doc("Target service; defaults to the splitter's service."),
        f("ServiceSubset", Ty::Str).doc("Subset of the target service."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the target service."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the target service."),
        f("RequestHeaders", Ty::Block(&HTTP_HEADER_MODIFIERS)).doc("Request header changes for this split."),
        f("ResponseHeaders", Ty::Block(&HTTP_HEADER_MODIFIERS)).doc("Response header changes for this split."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// service-intentions
// ---------------------------------------------------------------------------------------------------------

pub static SERVICE_INTENTIONS: Block = Block {
    name: "service-intentions config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[
        KIND,
        NAME.doc("Destination service the intentions protect; `*` for all."),
        PARTITION,
        NAMESPACE,
        f("Sources", Ty::BlockList(&SOURCE_INTENTION)).doc("Source services and what they may do."),
        f("JWT", Ty::Block(&JWT_REQUIREMENT)).aliases(&["jwt"]).doc("JWT verification required for all requests."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static SOURCE_INTENTION: Block = Block {
    name: "intention source",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[
        f("Name", Ty::Str).required().doc("Source service name; `*` for all."),
        f("Peer", Ty::Str).doc("Cluster peer of the source (not `*`, not with `Partition`)."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the source."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the source."),
        f("SamenessGroup", Ty::Str).enterprise().doc("Sameness group of the source."),
        f("Action", Ty::Enum(INTENTION_ACTIONS)).doc("`allow` or `deny` (L4); omit when `Permissions` is set."),
        f("Permissions", Ty::BlockList(&INTENTION_PERMISSION)).doc("L7 permissions, evaluated in order."),
        f("Precedence", Ty::Int).doc("Computed precedence (read-only)."),
        f("Type", Ty::Enum(&["", "consul"])).default("consul").doc("Source type; only `consul`."),
        f("Description", Ty::Str).doc("Free-form description."),
        f("LegacyID", Ty::Str).aliases(&["legacy_id"]).doc("ID of a migrated legacy intention (read-only)."),
        f("LegacyMeta", Ty::Opaque).doc("Metadata of a migrated legacy intention."),
        f("LegacyCreateTime", Ty::Str).doc("Creation time of a migrated legacy intention (read-only)."),
        f("LegacyUpdateTime", Ty::Str).doc("Update time of a migrated legacy intention (read-only)."),
    ],
};

pub static INTENTION_PERMISSION: Block = Block {
    name: "intention permission",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[
        f("Action", Ty::Enum(INTENTION_ACTIONS)).required().doc("`allow` or `deny` for matching requests."),
        f("HTTP", Ty::Block(&INTENTION_HTTP)).aliases(&["http"]).doc("HTTP request criteria."),
        f("JWT", Ty::Block(&JWT_REQUIREMENT)).aliases(&["jwt"]).doc("JWT verification for matching requests."),
    ],
};

pub static INTENTION_HTTP: Block = Block {
    name: "intention HTTP permission",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[
        f("PathExact", Ty::Str).doc("Exact path to match."),
        f("PathPrefix", Ty::Str).doc("Path prefix to match."),
        f("PathRegex", Ty::Str).doc("Path regular expression to match."),
        f("Header", Ty::BlockList(&INTENTION_HEADER)).doc("Header criteria; all must match."),
        f("Methods", Ty::StrList).doc("HTTP methods to match."),
    ],
};

pub static INTENTION_HEADER: Block = Block {
    name: "intention header permission",
    casing: Casing::Pascal,
    link: "reference/config-entry/service-intentions",
    fields: &[
        f("Name", Ty::Str).required().doc("Header name."),
        f("Present", Ty::Bool).doc("Match when the header is present."),
        f("Exact", Ty::Str).doc("Match this exact value."),
        f("Prefix", Ty::Str).doc("Match values with this prefix."),
        f("Suffix", Ty::Str).doc("Match values with this suffix."),
        f("Contains", Ty::Str).doc("Match values containing this string."),
        f("Regex", Ty::Str).doc("Match values against this regular expression."),
        f("Invert", Ty::Bool).doc("Invert the match."),
        f("IgnoreCase", Ty::Bool).doc("Compare values case-insensitively."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// ingress-gateway, terminating-gateway
// ---------------------------------------------------------------------------------------------------------

pub static INGRESS_GATEWAY: Block = Block {
    name: "ingress-gateway config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/ingress-gateway",
    fields: &[
        KIND,
        NAME.doc("Name of the ingress gateway service this entry configures."),
        PARTITION,
        NAMESPACE,
        f("TLS", Ty::Block(&GATEWAY_TLS)).aliases(&["tls"]).doc("TLS for all listeners."),
        f("Listeners", Ty::BlockList(&INGRESS_LISTENER))
            .doc("Ports the gateway listens on and the services behind them."),
        f("Defaults", Ty::Block(&INGRESS_SERVICE_DEFAULTS)).doc("Defaults for all upstream services."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static GATEWAY_TLS: Block = Block {
    name: "gateway TLS",
    casing: Casing::Pascal,
    link: "reference/config-entry/ingress-gateway",
    fields: &[
        f("Enabled", Ty::Bool).default("false").doc("Serve TLS with Consul-issued certificates."),
        f("SDS", Ty::Block(&GATEWAY_SDS)).aliases(&["sds"]).doc("Certificates from an SDS service."),
        f("TLSMinVersion", Ty::Str).aliases(&["tls_min_version"]).doc("Minimum TLS version, e.g. `TLSv1_2`."),
        f("TLSMaxVersion", Ty::Str).aliases(&["tls_max_version"]).doc("Maximum TLS version, e.g. `TLSv1_3`."),
        f("CipherSuites", Ty::StrList).doc("Allowed cipher suites (TLS 1.2 and earlier)."),
    ],
};

pub static GATEWAY_SERVICE_TLS: Block = Block {
    name: "gateway service TLS",
    casing: Casing::Pascal,
    link: "reference/config-entry/ingress-gateway",
    fields: &[f("SDS", Ty::Block(&GATEWAY_SDS)).aliases(&["sds"]).doc("Certificates from an SDS service.")],
};

pub static GATEWAY_SDS: Block = Block {
    name: "gateway SDS",
    casing: Casing::Pascal,
    link: "reference/config-entry/ingress-gateway",
    fields: &[
        f("ClusterName", Ty::Str).doc("Envoy cluster name of the SDS service."),
        f("CertResource", Ty::Str).doc("Certificate resource name to request."),
    ],
};

pub static INGRESS_LISTENER: Block = Block {
    name: "ingress listener",
    casing: Casing::Pascal,
    link: "reference/config-entry/ingress-gateway",
    fields: &[
        f("Port", Ty::Int).doc("Port the listener binds."),
        f("Protocol", Ty::Str).default("tcp").doc("Listener protocol: `tcp`, `http`, `http2` or `grpc`."),
        f("Services", Ty::BlockList(&INGRESS_SERVICE)).doc("Services reachable through this listener (one for `tcp`)."),
        f("TLS", Ty::Block(&GATEWAY_TLS)).aliases(&["tls"]).doc("TLS for this listener."),
    ],
};

pub static INGRESS_SERVICE: Block = Block {
    name: "ingress service",
    casing: Casing::Pascal,
    link: "reference/config-entry/ingress-gateway",
    fields: &[
        f("Name", Ty::Str).required().doc("Service to route to; `*` for all (HTTP listeners only)."),
        f("Hosts", Ty::StrList).doc("Host names routed to this service (L7 listeners only)."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the service."),
        f("Partition", Ty::Str).enterprise().doc("Admin partition of the service."),
        f("TLS", Ty::Block(&GATEWAY_SERVICE_TLS)).aliases(&["tls"]).doc("TLS certificate for this service."),
        f("RequestHeaders", Ty::Block(&HTTP_HEADER_MODIFIERS)).doc("Request header changes."),
        f("ResponseHeaders", Ty::Block(&HTTP_HEADER_MODIFIERS)).doc("Response header changes."),
        f("MaxConnections", Ty::Int).doc("Maximum connections to the service."),
        f("MaxPendingRequests", Ty::Int).doc("Maximum queued requests."),
        f("MaxConcurrentRequests", Ty::Int).doc("Maximum in-flight requests."),
        f("PassiveHealthCheck", Ty::Block(&PASSIVE_HEALTH_CHECK)).doc("Outlier detection for the service's instances."),
    ],
};

pub static INGRESS_SERVICE_DEFAULTS: Block = Block {
    name: "ingress service defaults",
    casing: Casing::Pascal,
    link: "reference/config-entry/ingress-gateway",
    fields: &[
        f("MaxConnections", Ty::Int).doc("Default maximum connections per upstream service."),
        f("MaxPendingRequests", Ty::Int).doc("Default maximum queued requests."),
        f("MaxConcurrentRequests", Ty::Int).doc("Default maximum in-flight requests."),
        f("PassiveHealthCheck", Ty::Block(&PASSIVE_HEALTH_CHECK)).doc("Default outlier detection."),
    ],
};

pub static TERMINATING_GATEWAY: Block = Block {
    name: "terminating-gateway config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/terminating-gateway",
    fields: &[
        KIND,
        NAME.doc("Name of the terminating gateway service this entry configures."),
        PARTITION,
        NAMESPACE,
        f("Services", Ty::BlockList(&LINKED_SERVICE)).doc("External services the gateway represents."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static LINKED_SERVICE: Block = Block {
    name: "linked service",
    casing: Casing::Pascal,
    link: "reference/config-entry/terminating-gateway",
    fields: &[
        f("Name", Ty::Str).required().doc("Service name as registered in the catalog; `*` for all in the namespace."),
        f("Namespace", Ty::Str).enterprise().doc("Namespace of the service."),
        f("CAFile", Ty::Str).aliases(&["ca_file"]).doc("CA certificate file for TLS to the service."),
        f("CertFile", Ty::Str).doc("Client certificate file for TLS to the service."),
        f("KeyFile", Ty::Str).doc("Client private key file for TLS to the service."),
        f("SNI", Ty::Str).aliases(&["sni"]).doc("SNI name for TLS to the service."),
        f("DisableAutoHostRewrite", Ty::Bool).default("false").doc("Keep the original Host header."),
    ],
};

// ---------------------------------------------------------------------------------------------------------
// Remaining kinds: top-level fields only
// ---------------------------------------------------------------------------------------------------------

pub static API_GATEWAY: Block = Block {
    name: "api-gateway config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/api-gateway",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        NAMESPACE,
        f("Listeners", Ty::Any).doc("Listeners: `Name`, `Hostname`, `Port`, `Protocol`, `TLS`, `Override`, `Default`."),
        STATUS,
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static HTTP_ROUTE: Block = Block {
    name: "http-route config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/http-route",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        NAMESPACE,
        f("Parents", Ty::Any).doc("Gateways and listeners the route attaches to."),
        f("Rules", Ty::Any).doc("Matching rules, filters and backend services."),
        f("Hostnames", Ty::StrList).doc("Host names the route applies to."),
        STATUS,
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static TCP_ROUTE: Block = Block {
    name: "tcp-route config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/tcp-route",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        NAMESPACE,
        f("Parents", Ty::Any).doc("Gateways and listeners the route attaches to."),
        f("Services", Ty::Any).doc("Backend services for the route."),
        STATUS,
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static INLINE_CERTIFICATE: Block = Block {
    name: "inline-certificate config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/inline-certificate",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        NAMESPACE,
        f("Certificate", Ty::Str).required().doc("PEM-encoded public certificate chain."),
        f("PrivateKey", Ty::Str).required().doc("PEM-encoded private key (secret)."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static FILE_SYSTEM_CERTIFICATE: Block = Block {
    name: "file-system-certificate config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/file-system-certificate",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        NAMESPACE,
        f("Certificate", Ty::Str).required().doc("Path of the PEM certificate file on the gateway's file system."),
        f("PrivateKey", Ty::Str).required().doc("Path of the PEM private key file on the gateway's file system."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static JWT_PROVIDER: Block = Block {
    name: "jwt-provider config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/jwt-provider",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        NAMESPACE,
        f("JSONWebKeySet", Ty::Any)
            .aliases(&["json_web_key_set"])
            .doc("Key set: `Local { JWKS | Filename }` or `Remote { URI, … }`."),
        f("Issuer", Ty::Str).doc("Required `iss` claim value."),
        f("Audiences", Ty::StrList).doc("Accepted `aud` claim values."),
        f("Locations", Ty::Any).doc("Where tokens are read from: `Header`, `QueryParam` or `Cookie`."),
        f("Forwarding", Ty::Any).doc("Forward the verified payload: `HeaderName`, `PadForwardPayloadHeader`."),
        f("ClockSkewSeconds", Ty::Int).default("30").doc("Allowed clock skew for `exp`/`nbf`, in seconds."),
        f("CacheConfig", Ty::Any).doc("Verification result cache: `Size`."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static SAMENESS_GROUP: Block = Block {
    name: "sameness-group config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/sameness-group",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        f("DefaultForFailover", Ty::Bool).default("false").doc("Use the group as failover target for all services."),
        f("IncludeLocal", Ty::Bool).default("false").doc("Treat the local partition as the first member."),
        f("Members", Ty::BlockList(&SAMENESS_GROUP_MEMBER))
            .doc("Partitions and peers in the group, in failover order."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

pub static SAMENESS_GROUP_MEMBER: Block = Block {
    name: "sameness group member",
    casing: Casing::Pascal,
    link: "reference/config-entry/sameness-group",
    fields: &[
        f("Partition", Ty::Str).doc("A local admin partition member."),
        f("Peer", Ty::Str).doc("A cluster peer member."),
    ],
};

pub static CONTROL_PLANE_REQUEST_LIMIT: Block = Block {
    name: "control-plane-request-limit config entry",
    casing: Casing::Pascal,
    link: "reference/config-entry/control-plane-request-limit",
    fields: &[
        KIND,
        NAME,
        PARTITION,
        NAMESPACE,
        f("Mode", Ty::Str).default("permissive").doc("`permissive`, `enforcing` or `disabled`."),
        f("ReadRate", Ty::Float).doc("Overall read requests per second allowed per source IP."),
        f("WriteRate", Ty::Float).doc("Overall write requests per second allowed per source IP."),
        f("ACL", Ty::Any).aliases(&["acl"]).doc("ACL endpoint limits: `ReadRate`, `WriteRate`."),
        f("Catalog", Ty::Any).doc("Catalog endpoint limits."),
        f("ConfigEntry", Ty::Any).doc("Config entry endpoint limits."),
        f("ConnectCA", Ty::Any).aliases(&["connect_ca"]).doc("Connect CA endpoint limits."),
        f("Coordinate", Ty::Any).doc("Coordinate endpoint limits."),
        f("DiscoveryChain", Ty::Any).doc("Discovery chain endpoint limits."),
        f("Health", Ty::Any).doc("Health endpoint limits."),
        f("Intention", Ty::Any).doc("Intention endpoint limits."),
        f("KV", Ty::Any).aliases(&["kv"]).doc("KV endpoint limits."),
        f("Tenancy", Ty::Any).doc("Tenancy endpoint limits."),
        f("PreparedQuery", Ty::Any).doc("Prepared query endpoint limits."),
        f("Session", Ty::Any).doc("Session endpoint limits."),
        f("Txn", Ty::Any).doc("Transaction endpoint limits."),
        META,
        CREATE_INDEX,
        MODIFY_INDEX,
    ],
};

/// Every config entry kind Consul knows (`api/config_entry.go` `makeConfigEntry`), with its schema.
pub static CONFIG_ENTRY_KINDS: &[(&str, &Block)] = &[
    ("service-defaults", &SERVICE_DEFAULTS),
    ("proxy-defaults", &PROXY_DEFAULTS),
    ("service-router", &SERVICE_ROUTER),
    ("service-splitter", &SERVICE_SPLITTER),
    ("service-resolver", &SERVICE_RESOLVER),
    ("ingress-gateway", &INGRESS_GATEWAY),
    ("terminating-gateway", &TERMINATING_GATEWAY),
    ("service-intentions", &SERVICE_INTENTIONS),
    ("mesh", &MESH),
    ("exported-services", &EXPORTED_SERVICES),
    ("sameness-group", &SAMENESS_GROUP),
    ("control-plane-request-limit", &CONTROL_PLANE_REQUEST_LIMIT),
    ("api-gateway", &API_GATEWAY),
    ("tcp-route", &TCP_ROUTE),
    ("http-route", &HTTP_ROUTE),
    ("inline-certificate", &INLINE_CERTIFICATE),
    ("file-system-certificate", &FILE_SYSTEM_CERTIFICATE),
    ("jwt-provider", &JWT_PROVIDER),
];

/// The schema of a config entry kind (exact, case-sensitive kind string).
pub fn entry_block(kind: &str) -> Option<&'static Block> {
    CONFIG_ENTRY_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::super::lookup::KeyStyle;
    use super::super::service::testutil::*;
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        for (kind, b) in CONFIG_ENTRY_KINDS {
            check_tree(b);
            assert!(b.fields.iter().any(|f| f.name == "Kind" && f.required), "{kind}");
            assert!(b.fields.iter().any(|f| f.name == "Meta"), "{kind}");
            assert!(b.link.starts_with("reference/config-entry/"), "{kind}");
            let name = b.fields.iter().find(|f| f.name == "Name");
            match *kind {
                "mesh" => assert!(name.is_none()),
                "proxy-defaults" => assert!(!name.unwrap().required),
                _ => assert!(name.unwrap().required, "{kind}"),
            }
        }
        let mut kinds: Vec<_> = CONFIG_ENTRY_KINDS.iter().map(|(k, _)| *k).collect();
        kinds.sort_unstable();
        let n = kinds.len();
        kinds.dedup();
        assert_eq!(n, kinds.len());
    }

    #[test]
    fn mode_enums() {
        resolve(&PROXY_DEFAULTS, "MeshGateway.Mode", KeyStyle::Pascal).unwrap();
        let mode = MESH_GATEWAY.fields[0];
        let Ty::Enum(v) = mode.ty else { panic!() };
        assert_eq!(v, &["", "none", "local", "remote"]);
    }

    #[test]
    fn irregular_aliases() {
        resolve(&EXPORTED_SERVICES, "services.consumers.peer_name", KeyStyle::Pascal).unwrap();
        resolve(&MESH, "peering.peer_through_mesh_gateways", KeyStyle::Pascal).unwrap();
        resolve(&SERVICE_DEFAULTS, "upstream_config.overrides.connect_timeout_ms", KeyStyle::Pascal).unwrap();
        resolve(&SERVICE_DEFAULTS, "mesh_gateway.mode", KeyStyle::Pascal).unwrap();
        resolve(&SERVICE_DEFAULTS, "transparent_proxy.dialed_directly", KeyStyle::Pascal).unwrap();
        resolve(
            &SERVICE_DEFAULTS,
            "upstream_config.defaults.passive_health_check.enforcing_consecutive_5xx",
            KeyStyle::Pascal,
        )
        .unwrap();
        resolve(&SERVICE_ROUTER, "routes.destination.service_subset", KeyStyle::Pascal).unwrap();
        resolve(&MESH, "tls.incoming.tls_min_version", KeyStyle::Pascal).unwrap();
        assert!(resolve(&MESH, "Name", KeyStyle::Pascal).is_err());
    }

    /// Every key used in config entries of the corpus (/work/shared/corpus, `consul-envoy` and
    /// `consul-envoy-variants`), as (kind, path); `Map` labels appear as a path segment.
    const CORPUS: &[(&str, &str)] = &[
        ("exported-services", "kind"),
        ("exported-services", "name"),
        ("exported-services", "services"),
        ("exported-services", "services.consumers"),
        ("exported-services", "services.consumers.peer"),
        ("exported-services", "services.consumers.peer_name"),
        ("exported-services", "services.name"),
        ("ingress-gateway", "kind"),
        ("ingress-gateway", "listeners"),
        ("ingress-gateway", "listeners.port"),
        ("ingress-gateway", "listeners.protocol"),
        ("ingress-gateway", "listeners.services"),
        ("ingress-gateway", "listeners.services.hosts"),
        ("ingress-gateway", "listeners.services.name"),
        ("ingress-gateway", "name"),
        ("mesh", "kind"),
        ("mesh", "peering"),
        ("mesh", "peering.peer_through_mesh_gateways"),
        ("proxy-defaults", "config"),
        ("proxy-defaults", "config.envoy_prometheus_bind_addr"),
        ("proxy-defaults", "config.protocol"),
        ("proxy-defaults", "kind"),
        ("proxy-defaults", "mesh_gateway"),
        ("proxy-defaults", "mesh_gateway.mode"),
        ("proxy-defaults", "name"),
        ("proxy-defaults", "partition"),
        ("service-defaults", "EnvoyExtensions"),
        ("service-defaults", "EnvoyExtensions.Arguments"),
        ("service-defaults", "EnvoyExtensions.Arguments.ARN"),
        ("service-defaults", "EnvoyExtensions.Name"),
        ("service-defaults", "Kind"),
        ("service-defaults", "Meta"),
        ("service-defaults", "Name"),
        ("service-defaults", "Protocol"),
        ("service-defaults", "connect"),
        ("service-defaults", "connect.sidecarproxy"),
        ("service-defaults", "kind"),
        ("service-defaults", "mesh_gateway"),
        ("service-defaults", "mesh_gateway.mode"),
        ("service-defaults", "name"),
        ("service-defaults", "protocol"),
        ("service-intentions", "kind"),
        ("service-intentions", "name"),
        ("service-intentions", "sources"),
        ("service-intentions", "sources.name"),
        ("service-intentions", "sources.permissions"),
        ("service-intentions", "sources.permissions.action"),
        ("service-intentions", "sources.permissions.http"),
        ("service-intentions", "sources.permissions.http.header"),
        ("service-intentions", "sources.permissions.http.header.exact"),
        ("service-intentions", "sources.permissions.http.header.name"),
        ("service-intentions", "sources.permissions.http.header.prefix"),
        ("service-intentions", "sources.permissions.http.header.present"),
        ("service-intentions", "sources.permissions.http.header.regex"),
        ("service-intentions", "sources.permissions.http.header.suffix"),
        ("service-intentions", "sources.permissions.http.methods"),
        ("service-intentions", "sources.permissions.http.path_exact"),
        ("service-intentions", "sources.permissions.http.path_prefix"),
        ("service-intentions", "sources.permissions.http.path_regex"),
        ("service-resolver", "default_subset"),
        ("service-resolver", "failover"),
        ("service-resolver", "failover.*.datacenters"),
        ("service-resolver", "failover.*.targets"),
        ("service-resolver", "failover.*.targets.peer"),
        ("service-resolver", "kind"),
        ("service-resolver", "name"),
        ("service-resolver", "redirect"),
        ("service-resolver", "redirect.datacenter"),
        ("service-resolver", "redirect.peer"),
        ("service-resolver", "redirect.service"),
        ("service-resolver", "subsets"),
        ("service-resolver", "subsets.v1.filter"),
        ("service-resolver", "subsets.v2.filter"),
        ("service-router", "kind"),
        ("service-router", "name"),
        ("service-router", "routes"),
        ("service-router", "routes.destination"),
        ("service-router", "routes.destination.prefix_rewrite"),
        ("service-router", "routes.destination.request_headers"),
        ("service-router", "routes.destination.request_headers.remove"),
        ("service-router", "routes.destination.request_headers.set"),
        ("service-router", "routes.destination.request_headers.set.x-foo"),
        ("service-router", "routes.destination.response_headers"),
        ("service-router", "routes.destination.response_headers.add"),
        ("service-router", "routes.destination.response_headers.remove"),
        ("service-router", "routes.destination.retry_on"),
        ("service-router", "routes.destination.retry_on_connect_failure"),
        ("service-router", "routes.destination.retry_on_status_codes"),
        ("service-router", "routes.destination.service"),
        ("service-router", "routes.destination.service_subset"),
        ("service-router", "routes.match"),
        ("service-router", "routes.match.http"),
        ("service-router", "routes.match.http.header"),
        ("service-router", "routes.match.http.header.exact"),
        ("service-router", "routes.match.http.header.invert"),
        ("service-router", "routes.match.http.header.name"),
        ("service-router", "routes.match.http.header.prefix"),
        ("service-router", "routes.match.http.header.present"),
        ("service-router", "routes.match.http.header.regex"),
        ("service-router", "routes.match.http.header.suffix"),
        ("service-router", "routes.match.http.methods"),
        ("service-router", "routes.match.http.path_exact"),
        ("service-router", "routes.match.http.path_prefix"),
        ("service-router", "routes.match.http.path_regex"),
        ("service-router", "routes.match.http.query_param"),
        ("service-router", "routes.match.http.query_param.exact"),
        ("service-router", "routes.match.http.query_param.name"),
        ("service-router", "routes.match.http.query_param.present"),
        ("service-router", "routes.match.http.query_param.regex"),
        ("service-splitter", "kind"),
        ("service-splitter", "name"),
        ("service-splitter", "splits"),
        ("service-splitter", "splits.ResponseHeaders"),
        ("service-splitter", "splits.ResponseHeaders.Set"),
        ("service-splitter", "splits.ResponseHeaders.Set.x-test-split"),
        ("service-splitter", "splits.Service"),
        ("service-splitter", "splits.Weight"),
        ("service-splitter", "splits.request_headers"),
        ("service-splitter", "splits.request_headers.remove"),
        ("service-splitter", "splits.request_headers.set"),
        ("service-splitter", "splits.response_headers"),
        ("service-splitter", "splits.response_headers.add"),
        ("service-splitter", "splits.response_headers.remove"),
        ("service-splitter", "splits.service_subset"),
        ("service-splitter", "splits.weight"),
        ("terminating-gateway", "kind"),
        ("terminating-gateway", "name"),
        ("terminating-gateway", "services"),
        ("terminating-gateway", "services.name"),
    ];

    #[test]
    fn corpus_keys_are_known() {
        for (kind, path) in CORPUS {
            let b = entry_block(kind).unwrap_or_else(|| panic!("kind {kind}"));
            resolve(b, path, KeyStyle::Pascal).unwrap_or_else(|e| panic!("{kind}: {e}"));
        }
    }
}
