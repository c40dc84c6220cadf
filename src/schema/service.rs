//! Service definitions: the agent `ServiceDefinition` (agent config `service`/`services`, `consul services
//! register`) and the same shape in API payloads (`/v1/agent/service/register`, the `Service` of
//! `/v1/catalog/register`).
//!
//! Written once with snake_case names. Agent configuration matches them case-insensitively as written; API
//! payloads match the PascalCase form (underscores dropped) case-insensitively, so `destination_name` also
//! matches `DestinationName` and `tls_skip_verify` matches `TLSSkipVerify`.
//!
//! Sources: hashicorp/consul `agent/config/config.go` (`ServiceDefinition`, `CheckDefinition`, `ServiceProxy`,
//! `Upstream`, `ExposeConfig`, `TransparentProxyConfig`), `api/agent.go`, `api/config_entry.go`
//! (`AccessLogsConfig`), docs `reference/service`, `reference/proxy/connect-proxy`, `reference/proxy/envoy`.

use super::types::*;

const SERVICE_LINK: &str = "reference/service";
const CHECK_LINK: &str = "reference/service/health-check";
const PROXY_LINK: &str = "reference/proxy/connect-proxy";
const UPSTREAM_LINK: &str = "reference/proxy/connect-proxy#upstream-configuration-reference";
const SIDECAR_LINK: &str = "reference/proxy/sidecar";

/// Service kinds Consul knows; anything else is silently registered as a typical service.
pub static SERVICE_KINDS: &[&str] =
    &["", "typical", "connect-proxy", "mesh-gateway", "terminating-gateway", "ingress-gateway", "api-gateway"];

pub static MESH_GATEWAY_MODES: &[&str] = &["", "none", "local", "remote"];
pub static PROXY_MODES: &[&str] = &["", "direct", "transparent"];

/// A service definition (agent `ServiceDefinition` / API `AgentServiceRegistration`).
pub static SERVICE: Block = Block {
    name: "service definition",
    casing: Casing::Snake,
    link: SERVICE_LINK,
    fields: &[
        // Identity
        f("kind", Ty::Enum(SERVICE_KINDS)).doc(
            "Kind of service: empty for a typical service, or `connect-proxy`, `mesh-gateway`, `terminating-gateway`, `ingress-gateway`, `api-gateway`.",
        ),
        f("id", Ty::Str).doc("Unique ID of this service instance on the agent; defaults to `name`."),
        f("name", Ty::Str).doc("Logical service name; required (`Missing service name`)."),
        f("service", Ty::Str).api_only().doc(
            "Catalog API only (`/v1/catalog/register` `Service.Service`): the service name. Use `name` in agent configuration and `/v1/agent/service/register`.",
        ),
        f("tags", Ty::StrList).doc("Tags for filtering and DNS `<tag>.<service>.service.consul` lookups."),
        f("meta", Ty::Opaque).doc("Free-form string key/value metadata (max 64 pairs, keys up to 128 chars)."),
        f("enable_tag_override", Ty::Bool)
            .default("false")
            .doc("Let external agents update this service's tags in the catalog without anti-entropy reverting them."),
        // Addressing
        f("address", Ty::Str).doc("Service address; defaults to the node's address."),
        f("port", Ty::Int).doc("Service port number (TCP). Required and non-zero for a mesh gateway."),
        f("socket_path", Ty::Str).doc("Unix domain socket path of the service, instead of `address`/`port`."),
        f("ports", Ty::BlockList(&SERVICE_PORT)).doc(
            "Named ports of a multi-port service, instead of `port`; exactly one is the `default`.",
        ),
        f("tagged_addresses", Ty::Map(&SERVICE_ADDRESS)).doc(
            "Additional addresses by tag (`lan`, `wan`, `lan_ipv4`, `wan_ipv6`, …), each `{ address, port }`.",
        ),
        f("weights", Ty::Block(&WEIGHTS)).doc("DNS SRV weights by health state."),
        f("locality", Ty::Block(&LOCALITY)).doc("Region and zone of this instance, for locality-aware routing."),
        // Health checks
        f("check", Ty::Block(&CHECK)).doc("A single health check for this service."),
        f("checks", Ty::BlockList(&CHECK)).doc("Health checks for this service."),
        // Service mesh
        f("proxy", Ty::Block(&PROXY))
            .link(PROXY_LINK)
            .doc("Proxy configuration; for `kind = \"connect-proxy\"` and gateway services."),
        f("connect", Ty::Block(&CONNECT)).link(SIDECAR_LINK).doc("Service mesh settings: `native` or a `sidecar_service`."),
        // ACL and tenancy
        f("token", Ty::Str).doc(
            "ACL token used to register this service (secret; prefer `acl.tokens.config_file_service_registration`).",
        ),
        f("namespace", Ty::Str).enterprise().doc("Namespace of the service; defaults to `default`."),
        f("partition", Ty::Str).enterprise().doc("Admin partition of the service; defaults to the agent's partition."),
    ],
};

/// One of a multi-port service's `ports` (`agent/config/config.go` `ServicePort`, `structs.ServicePort`).
pub static SERVICE_PORT: Block = Block {
    name: "service port",
    casing: Casing::Snake,
    link: SERVICE_LINK,
    fields: &[
        f("name", Ty::Str).doc("Name of the port, unique within the service."),
        f("port", Ty::Int).doc("Port number; non-zero."),
        f("default", Ty::Bool).default("false").doc("The service's default port; exactly one port is the default."),
    ],
};

/// An entry of a service's `tagged_addresses`.
pub static SERVICE_ADDRESS: Block = Block {
    name: "tagged address",
    casing: Casing::Snake,
    link: SERVICE_LINK,
    fields: &[
        f("address", Ty::Str).doc("IP address or hostname for this tag."),
        f("port", Ty::Int).doc("Port number for this tag."),
    ],
};

pub static WEIGHTS: Block = Block {
    name: "service weights",
    casing: Casing::Snake,
    link: SERVICE_LINK,
    fields: &[
        f("passing", Ty::Int).default("1").doc("DNS SRV weight when the service is passing."),
        f("warning", Ty::Int).default("1").doc("DNS SRV weight when the service is in the warning state."),
    ],
};

/// `locality { region, zone }` (agent config, service definitions, catalog registrations).
pub static LOCALITY: Block = Block {
    name: "locality",
    casing: Casing::Snake,
    link: "reference/agent/configuration-file/service-mesh",
    fields: &[
        f("region", Ty::Str).doc("Region where the agent or service runs, e.g. `us-west-1`."),
        f("zone", Ty::Str).doc("Availability zone within the region, e.g. `us-west-1a`."),
    ],
};

/// `connect { }` of a service definition.
pub static CONNECT: Block = Block {
    name: "service connect",
    casing: Casing::Snake,
    link: SIDECAR_LINK,
    fields: &[
        f("native", Ty::Bool)
            .default("false")
            .doc("The service speaks mTLS natively (Connect-native) and needs no sidecar."),
        f("sidecar_service", Ty::Block(&SERVICE)).doc(
            "Register a sidecar proxy with this service; takes service fields, all optional (`{}` uses defaults).",
        ),
    ],
};

/// `proxy { }` of a service definition (`ServiceProxy` / `AgentServiceConnectProxyConfig`).
pub static PROXY: Block = Block {
    name: "proxy",
    casing: Casing::Snake,
    link: PROXY_LINK,
    fields: &[
        f("destination_service_name", Ty::Str)
            .doc("Name of the service this proxy represents; required for `connect-proxy` services."),
        f("destination_service_id", Ty::Str).doc("ID of the service instance this sidecar proxy fronts."),
        f("local_service_address", Ty::Str)
            .default("127.0.0.1")
            .doc("Address the proxy uses to reach the local service instance."),
        f("local_service_port", Ty::Int)
            .doc("Port the proxy uses to reach the local service instance; defaults to the service's port."),
        f("local_service_socket_path", Ty::Str).doc("Unix socket the proxy uses to reach the local service instance."),
        f("mode", Ty::Enum(PROXY_MODES))
            .doc("How the proxy's listeners are dialed: `direct`, `transparent`, or empty to inherit."),
        f("transparent_proxy", Ty::Block(&TRANSPARENT_PROXY))
            .doc("Transparent proxy settings (with `mode = \"transparent\"`)."),
        f("config", Ty::Opaque)
            .link("reference/proxy/envoy")
            .doc("Opaque proxy configuration passed to Envoy (`protocol`, `envoy_*` options, …)."),
        f("upstreams", Ty::BlockList(&UPSTREAM)).link(UPSTREAM_LINK).doc("Upstream services this proxy connects to."),
        f("mesh_gateway", Ty::Block(&MESH_GATEWAY_CONFIG)).doc("Default mesh gateway mode for this proxy's upstreams."),
        f("expose", Ty::Block(&EXPOSE)).doc("Paths exposed through the proxy without mTLS (e.g. for health checks)."),
        f("access_logs", Ty::Block(&ACCESS_LOGS)).api_only().doc(
            "Envoy access log settings for this proxy (API registrations only; agent configuration has no such key).",
        ),
    ],
};

/// An element of `proxy.upstreams`.
pub static UPSTREAM: Block = Block {
    name: "upstream",
    casing: Casing::Snake,
    link: UPSTREAM_LINK,
    fields: &[
        // Destination
        f("destination_name", Ty::Str)
            .required()
            .doc("Name of the upstream service or prepared query; must not be empty or `*`."),
        f("destination_type", Ty::Enum(&["service", "prepared_query"]))
            .default("service")
            .doc("Whether `destination_name` is a `service` or a `prepared_query`."),
        f("destination_namespace", Ty::Str).enterprise().doc("Namespace of the upstream service."),
        f("destination_partition", Ty::Str)
            .enterprise()
            .doc("Admin partition of the upstream service; with `destination_peer` it must be the local partition."),
        f("destination_peer", Ty::Str)
            .doc("Cluster peer that exports the upstream service; cannot be combined with `datacenter`."),
        f("datacenter", Ty::Str)
            .doc("Datacenter to resolve the upstream in (WAN federation); defaults to the local datacenter."),
        // Local listener
        f("local_bind_address", Ty::Str).default("127.0.0.1").doc("Address the proxy listens on for this upstream."),
        f("local_bind_port", Ty::Int)
            .doc("Port the proxy listens on for this upstream; required unless `local_bind_socket_path` is set."),
        f("local_bind_socket_path", Ty::Str)
            .doc("Unix socket the proxy listens on for this upstream, instead of a port."),
        f("local_bind_socket_mode", Ty::Str)
            .doc("File mode (octal string, e.g. `\"0700\"`) of `local_bind_socket_path`."),
        // Behaviour
        f("config", Ty::Opaque).link("reference/proxy/envoy").doc(
            "Opaque per-upstream proxy configuration (`connect_timeout_ms`, `limits`, `passive_health_check`, …).",
        ),
        f("mesh_gateway", Ty::Block(&MESH_GATEWAY_CONFIG)).doc("Mesh gateway mode for this upstream."),
    ],
};

/// `mesh_gateway { mode }`.
pub static MESH_GATEWAY_CONFIG: Block = Block {
    name: "mesh gateway config",
    casing: Casing::Snake,
    link: "east-west/mesh-gateway",
    fields: &[f("mode", Ty::Enum(MESH_GATEWAY_MODES)).doc(
        "How traffic to upstreams uses mesh gateways: `local`, `remote`, `none`, or empty to inherit (peering defaults to `remote`).",
    )],
};

/// `proxy.expose`.
pub static EXPOSE: Block = Block {
    name: "expose",
    casing: Casing::Snake,
    link: "reference/proxy/connect-proxy#expose-paths-configuration-reference",
    fields: &[
        f("checks", Ty::Bool).default("false").doc("Expose the service's HTTP and gRPC check paths through the proxy."),
        f("port", Ty::Int).doc("Listener port for exposed paths (agent configuration only)."),
        f("paths", Ty::BlockList(&EXPOSE_PATH)).doc("Individual paths to expose."),
    ],
};

pub static EXPOSE_PATH: Block = Block {
    name: "exposed path",
    casing: Casing::Snake,
    link: "reference/proxy/connect-proxy#expose-paths-configuration-reference",
    fields: &[
        f("path", Ty::Str).doc("HTTP path to expose, e.g. `/metrics`."),
        f("local_path_port", Ty::Int).doc("Port the local service serves the path on."),
        f("listener_port", Ty::Int).doc("Port of the proxy listener for this path."),
        // Not an enumeration: Consul lower-cases it first (`HTTP` is fine); `rules::agent` checks the value.
        f("protocol", Ty::Str)
            .default("http")
            .doc("Protocol of the exposed path: `http` or `http2` (any letter case)."),
    ],
};

pub static TRANSPARENT_PROXY: Block = Block {
    name: "transparent proxy",
    casing: Casing::Snake,
    link: PROXY_LINK,
    fields: &[
        f("outbound_listener_port", Ty::Int)
            .default("15001")
            .doc("Port of the listener that redirected outbound traffic arrives on."),
        f("dialed_directly", Ty::Bool)
            .default("false")
            .doc("Let downstream transparent proxies dial this instance's address directly."),
    ],
};

pub static ACCESS_LOGS: Block = Block {
    name: "access logs",
    casing: Casing::Snake,
    link: "reference/config-entry/proxy-defaults",
    fields: &[
        f("enabled", Ty::Bool).default("false").doc("Turn Envoy access logging on."),
        f("disable_listener_logs", Ty::Bool)
            .default("false")
            .doc("Skip logs for connections rejected because no listener filter matched."),
        f("type", Ty::Enum(&["", "file", "stderr", "stdout"]))
            .default("stdout")
            .doc("Log sink: `file`, `stderr` or `stdout`."),
        f("path", Ty::Str).doc("Output file when `type = \"file\"`."),
        f("json_format", Ty::Str).doc("JSON log format string (exclusive with `text_format`)."),
        f("text_format", Ty::Str).doc("Text log format string (exclusive with `json_format`)."),
    ],
};

/// A health check (agent `CheckDefinition` / API `AgentServiceCheck`).
pub static CHECK: Block = Block {
    name: "health check",
    casing: Casing::Snake,
    link: CHECK_LINK,
    fields: &[
        // Identity
        f("id", Ty::Str)
            .aliases(&["checkid"])
            .doc("Unique check ID on the agent (`CheckID` in the API); defaults to `name`."),
        f("name", Ty::Str).doc("Human-readable check name; required."),
        f("notes", Ty::Str).doc("Free-form notes for humans."),
        f("service_id", Ty::Str)
            .aliases(&["serviceid"])
            .doc("ID of the service this check belongs to (top-level checks only)."),
        f("status", Ty::Enum(&["", "passing", "warning", "critical"]))
            .default("critical")
            .doc("Initial status: `passing`, `warning` or `critical`."),
        f("token", Ty::Str).doc("ACL token used to register the check (secret)."),
        // Scheduling
        f("interval", Ty::Duration).doc(
            "How often the check runs, e.g. `\"10s\"`; required for script/HTTP/TCP/UDP/gRPC/H2 ping/Docker checks.",
        ),
        f("timeout", Ty::Duration).default("10s").doc("Per-run timeout, e.g. `\"5s\"`."),
        f("ttl", Ty::Duration).doc("TTL check: time after which the check turns critical unless updated."),
        f("deregister_critical_service_after", Ty::Duration)
            .aliases(&["deregistercriticalserviceafter"])
            .doc("Deregister the service after the check has been critical this long (minimum 1m)."),
        f("success_before_passing", Ty::Int)
            .default("0")
            .doc("Consecutive successes before the status becomes passing."),
        f("failures_before_warning", Ty::Int)
            .doc("Consecutive failures before the status becomes warning; defaults to `failures_before_critical`."),
        f("failures_before_critical", Ty::Int)
            .default("0")
            .doc("Consecutive failures before the status becomes critical."),
        f("output_max_size", Ty::Int).default("4096").doc("Maximum bytes of check output kept."),
        // Script / Docker
        f("args", Ty::StrList)
            .aliases(&["scriptargs"])
            .doc("Script check command and arguments (needs `enable_script_checks` or `enable_local_script_checks`)."),
        f("docker_container_id", Ty::Str)
            .aliases(&["dockercontainerid"])
            .doc("Docker container to run `args` in (Docker check)."),
        f("shell", Ty::Str).doc("Shell for Docker checks; defaults to `/bin/sh`."),
        // HTTP
        f("http", Ty::Str).doc("URL to GET (HTTP check); 2xx is passing, 429 warning."),
        f("header", Ty::Opaque).doc("HTTP headers: map of header name to list of values."),
        f("method", Ty::Str).default("GET").doc("HTTP method of the HTTP check."),
        f("body", Ty::Str).doc("HTTP request body of the HTTP check."),
        f("disable_redirects", Ty::Bool).default("false").doc("Do not follow HTTP redirects."),
        // TCP / UDP
        f("tcp", Ty::Str).doc("`host:port` to open a TCP connection to (TCP check)."),
        f("tcp_use_tls", Ty::Bool).default("false").doc("Perform a TLS handshake in the TCP check."),
        f("udp", Ty::Str).doc("`host:port` to send a UDP datagram to (UDP check)."),
        // gRPC / H2
        f("grpc", Ty::Str).doc("`host:port[/service]` for the gRPC health checking protocol."),
        f("grpc_use_tls", Ty::Bool).default("false").doc("Use TLS for the gRPC check."),
        f("h2ping", Ty::Str).doc("`host:port` to send an HTTP/2 PING to (H2 ping check)."),
        f("h2ping_use_tls", Ty::Bool).default("true").doc("Use TLS for the H2 ping check."),
        f("tls_server_name", Ty::Str).doc("SNI server name for HTTPS/gRPC/TCP TLS checks."),
        f("tls_skip_verify", Ty::Bool)
            .aliases(&["tlsskipverify"])
            .default("false")
            .doc("Skip TLS certificate verification in the check."),
        // Alias / OS service
        f("alias_node", Ty::Str).doc("Alias check: node whose health this check mirrors."),
        f("alias_service", Ty::Str).doc("Alias check: service ID whose health this check mirrors."),
        f("os_service", Ty::Str).doc("Name of an OS service (Windows service or systemd unit) to check."),
        // Tenancy
        f("namespace", Ty::Str).enterprise().doc("Namespace of the check."),
        f("partition", Ty::Str).enterprise().doc("Admin partition of the check."),
    ],
};

/// Envoy proxy `config` option names known to Consul (D:reference/proxy/envoy, consul-reference.md §4).
pub static MESH_GATEWAY_ENVOY_CONFIG_KEYS: &[&str] = &[
    // Gateway options
    "connect_timeout_ms",
    "envoy_gateway_bind_tagged_addresses",
    "envoy_gateway_bind_addresses",
    "envoy_gateway_no_default_bind",
    "envoy_dns_discovery_type",
    "envoy_gateway_remote_tcp_enable_keepalive",
    "envoy_gateway_remote_tcp_keepalive_time",
    "envoy_gateway_remote_tcp_keepalive_interval",
    "envoy_gateway_remote_tcp_keepalive_probes",
    // Older names of the gateway options, still accepted
    "envoy_mesh_gateway_bind_tagged_addresses",
    "envoy_mesh_gateway_bind_addresses",
    "envoy_mesh_gateway_no_default_bind",
    // General proxy options
    "protocol",
    "bind_address",
    "bind_port",
    "local_connect_timeout_ms",
    "local_request_timeout_ms",
    "max_inbound_connections",
    "envoy_statsd_url",
    "envoy_dogstatsd_url",
    "envoy_prometheus_bind_addr",
    "envoy_stats_bind_addr",
    "envoy_stats_tags",
    "envoy_stats_flush_interval",
    "envoy_hcp_metrics_bind_socket_dir",
    "envoy_telemetry_collector_bind_socket_dir",
    "local_idle_timeout_ms",
    "balance_inbound_connections",
    "xds_fetch_timeout_ms",
    // Escape hatches
    "envoy_extra_static_clusters_json",
    "envoy_extra_static_listeners_json",
    "envoy_extra_stats_sinks_json",
    "envoy_stats_config_json",
    "envoy_tracing_json",
    "envoy_bootstrap_json_tpl",
    "envoy_public_listener_json",
    "envoy_listener_tracing_json",
    "envoy_local_cluster_json",
    // Per-upstream escape hatches
    "envoy_listener_json",
    "envoy_cluster_json",
];

/// Helpers shared by the schema tests of the sibling modules.
#[cfg(test)]
pub(crate) mod testutil {
    use super::super::lookup::KeyStyle;
    use super::super::types::*;
    use std::collections::HashSet;

    fn norm(s: &str) -> String {
        s.to_ascii_lowercase().replace('_', "")
    }

    pub(crate) fn children(ty: &Ty) -> Option<&'static Block> {
        match *ty {
            Ty::Block(b) | Ty::BlockList(b) | Ty::Map(b) => Some(b),
            _ => None,
        }
    }

    /// Walks every block reachable from `root`: no two fields of a block share a spelling (lowercased,
    /// underscores removed; aliases included), every enum has values, every field has a doc.
    pub(crate) fn check_tree(root: &'static Block) -> usize {
        let mut seen: HashSet<*const Block> = HashSet::new();
        let mut stack = vec![root];
        let mut fields = 0;
        while let Some(b) = stack.pop() {
            if !seen.insert(b as *const Block) {
                continue;
            }
            let mut names: HashSet<String> = HashSet::new();
            for fl in b.fields {
                fields += 1;
                assert!(!fl.doc.is_empty(), "{}: field {} has no doc", b.name, fl.name);
                let mut own: HashSet<String> = HashSet::new();
                own.insert(norm(fl.name));
                for a in fl.aliases {
                    own.insert(norm(a));
                }
                for n in own {
                    assert!(names.insert(n.clone()), "{}: duplicate field spelling {n}", b.name);
                }
                if let Ty::Enum(vals) = fl.ty {
                    assert!(!vals.is_empty(), "{}: enum {} is empty", b.name, fl.name);
                }
                if let Some(c) = children(&fl.ty) {
                    stack.push(c);
                }
            }
        }
        fields
    }

    /// Resolves a dotted key path (`services.connect.sidecar_service.proxy`) with the real key matcher
    /// ([`Block::field`]); `Map` fields consume one label segment; `Opaque`/`Any` accept everything below them.
    pub(crate) fn resolve(root: &'static Block, path: &str, style: KeyStyle) -> Result<(), String> {
        let segs: Vec<&str> = path.split('.').collect();
        let mut b = root;
        let mut i = 0;
        while i < segs.len() {
            let key = segs[i];
            let Some(fl) = b.field(key, style) else {
                return Err(format!("{path}: no field {key:?} in {}", b.name));
            };
            i += 1;
            match fl.ty {
                Ty::Opaque | Ty::Any | Ty::ConfigEntries => return Ok(()),
                Ty::Block(c) | Ty::BlockList(c) => b = c,
                Ty::Map(c) => {
                    i += 1; // the user-chosen label
                    b = c;
                }
                _ => {
                    if i < segs.len() {
                        return Err(format!("{path}: {key:?} is a scalar in {}", b.name));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::lookup::KeyStyle;
    use super::testutil::*;
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        for root in [&SERVICE, &CHECK, &UPSTREAM, &PROXY] {
            assert!(check_tree(root) > 0);
        }
    }

    #[test]
    fn api_pascal_spellings_resolve() {
        for p in [
            "Name",
            "ID",
            "Kind",
            "TaggedAddresses.lan.Address",
            "EnableTagOverride",
            "SocketPath",
            "Connect.SidecarService.Proxy.Upstreams.DestinationName",
            "Proxy.Upstreams.DestinationPeer",
            "Proxy.Upstreams.LocalBindSocketMode",
            "Proxy.MeshGateway.Mode",
            "Proxy.DestinationServiceName",
            "Proxy.LocalServiceSocketPath",
            "Proxy.TransparentProxy.DialedDirectly",
            "Proxy.AccessLogs.JSONFormat",
            "Proxy.Expose.Paths.LocalPathPort",
            "Check.CheckID",
            "Checks.TLSSkipVerify",
            "Checks.GRPCUseTLS",
            "Checks.DeregisterCriticalServiceAfter",
            "Checks.ScriptArgs",
            "Checks.H2PingUseTLS",
            "Checks.TCPUseTLS",
            "Checks.OSService",
            "Service",
        ] {
            resolve(&SERVICE, p, KeyStyle::Pascal).unwrap();
        }
    }

    #[test]
    fn legacy_check_aliases() {
        for p in ["serviceid", "scriptargs", "dockercontainerid", "tlsskipverify", "deregistercriticalserviceafter"] {
            resolve(&CHECK, p, KeyStyle::Snake).unwrap();
        }
    }

    #[test]
    fn reference_upstream_keys() {
        for k in [
            "destination_type",
            "destination_name",
            "destination_namespace",
            "destination_partition",
            "destination_peer",
            "datacenter",
            "local_bind_address",
            "local_bind_port",
            "local_bind_socket_path",
            "local_bind_socket_mode",
            "config",
            "mesh_gateway.mode",
        ] {
            resolve(&UPSTREAM, k, KeyStyle::Snake).unwrap();
        }
        assert!(resolve(&UPSTREAM, "centrally_configured", KeyStyle::Snake).is_err());
        assert!(UPSTREAM.fields.iter().any(|f| f.name == "destination_name" && f.required));
    }

    #[test]
    fn envoy_keys_unique() {
        let mut v = MESH_GATEWAY_ENVOY_CONFIG_KEYS.to_vec();
        v.sort_unstable();
        let n = v.len();
        v.dedup();
        assert_eq!(n, v.len());
    }
}
