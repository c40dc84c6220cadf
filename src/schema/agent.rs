//! Agent configuration files (`consul agent -config-file/-config-dir`): snake_case keys.
//!
//! Sources: hashicorp/consul `agent/config/config.go` (`Config` and nested structs, `mapstructure` tags),
//! `agent/config/deprecated.go` (`DeprecatedConfig`), `agent/config/default.go` (defaults), and the docs
//! `reference/agent/configuration-file/*` (for keys newer than the source revision read:
//! `disable_kv_key_validation`, `enable_xds_load_balancing`, `reporting.snapshot_retention_time`,
//! `telemetry.enable_host_metrics`, `telemetry.disable_per_tenancy_usage_metrics`, `acl.tokens.dns`,
//! `performance.grpc_keepalive_*`).

use super::service::{CHECK, LOCALITY, SERVICE};
use super::types::*;

const GENERAL: &str = "reference/agent/configuration-file/general";
const ACL: &str = "reference/agent/configuration-file/acl";
const ADDRESS: &str = "reference/agent/configuration-file/address";
const AUTO_CONFIG: &str = "reference/agent/configuration-file/auto-config";
const BOOTSTRAP: &str = "reference/agent/configuration-file/bootstrap";
const DNS: &str = "reference/agent/configuration-file/dns";
const ENCRYPTION: &str = "reference/agent/configuration-file/encryption";
const GOSSIP: &str = "reference/agent/configuration-file/gossip";
const HCP: &str = "reference/agent/configuration-file/hcp";
const JOIN: &str = "reference/agent/configuration-file/join";
const LOG: &str = "reference/agent/configuration-file/log";
const NODE: &str = "reference/agent/configuration-file/node";
const RAFT: &str = "reference/agent/configuration-file/raft";
const SERF: &str = "reference/agent/configuration-file/serf";
const MESH: &str = "reference/agent/configuration-file/service-mesh";
const TELEMETRY: &str = "reference/agent/configuration-file/telemetry";
const TLS: &str = "reference/agent/configuration-file/tls";
const UI: &str = "reference/agent/configuration-file/ui";
const XDS: &str = "reference/agent/configuration-file/xds";

const INTERNAL: &str = "Internal: not a user setting (Consul overrides it); do not set it.";

/// The top level of an agent configuration file.
pub static AGENT: Block = Block {
    name: "agent configuration",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        // ---- Identity and placement
        f("datacenter", Ty::Str).default("dc1").doc("Datacenter of the agent; lowercased, must match `^[a-z0-9_-]+$`."),
        f("primary_datacenter", Ty::Str)
            .doc("Datacenter authoritative for ACLs, intentions and the service mesh CA; all datacenters must agree."),
        f("node_name", Ty::Str).link(NODE).doc("Node name; defaults to the hostname."),
        f("node_id", Ty::Str).link(NODE).doc("Unique node ID (UUID); generated and persisted in `data_dir` if unset."),
        f("node_meta", Ty::Opaque).link(NODE).doc("Free-form node metadata (string key/value pairs)."),
        f("partition", Ty::Str)
            .enterprise()
            .doc("Admin partition of a client agent; empty means `default`. Not allowed on servers or with `segment`."),
        f("segment", Ty::Str).enterprise().doc("Network segment of the agent; not with `partition`."),
        f("segments", Ty::BlockList(&SEGMENT)).enterprise().doc("User-defined network segments (servers only)."),
        f("locality", Ty::Block(&LOCALITY))
            .link(MESH)
            .doc("Region and zone of the agent, applied to services it registers."),
        f("server", Ty::Bool).default("false").doc("Run the agent in server mode."),
        f("server_name", Ty::Str).link(TLS).doc("Server name to present and verify in TLS; defaults to `node_name`."),
        f("server_rejoin_age_max", Ty::Duration)
            .default("168h")
            .doc("Maximum age of a stale server's data for it to rejoin the cluster (minimum 6h)."),
        f("read_replica", Ty::Bool)
            .aliases(&["non_voting_server"])
            .enterprise()
            .doc("Make this server a read replica that does not vote in Raft."),
        f("bootstrap", Ty::Bool)
            .link(BOOTSTRAP)
            .default("false")
            .doc("Bootstrap a single server (legacy; prefer `bootstrap_expect`)."),
        f("bootstrap_expect", Ty::Int)
            .link(BOOTSTRAP)
            .default("0")
            .doc("Number of servers to wait for before bootstrapping the cluster."),
        f("data_dir", Ty::Str).doc("Directory for agent state; required for all agents."),
        f("pid_file", Ty::Str).doc("File to write the agent's PID to."),
        f("license_path", Ty::Str).enterprise().doc("Path of the Consul Enterprise license file."),
        f("protocol", Ty::Int).default("2").doc("Consul protocol version; set only when upgrading."),
        f("experiments", Ty::StrList)
            .doc("Experimental features to enable (e.g. `resource-apis`); not for production."),
        // ---- Network addresses
        f("bind_addr", Ty::Str)
            .link(ADDRESS)
            .default("0.0.0.0")
            .doc("Address for internal cluster communication (go-sockaddr template allowed)."),
        f("client_addr", Ty::Str)
            .link(ADDRESS)
            .default("127.0.0.1")
            .doc("Address for client interfaces (HTTP, DNS, gRPC); space-separated list allowed."),
        f("advertise_addr", Ty::Str)
            .link(ADDRESS)
            .doc("LAN address advertised to other nodes; defaults to `bind_addr`."),
        f("advertise_addr_ipv4", Ty::Str)
            .link(ADDRESS)
            .doc("IPv4 LAN address advertised as tagged address `lan_ipv4`."),
        f("advertise_addr_ipv6", Ty::Str)
            .link(ADDRESS)
            .doc("IPv6 LAN address advertised as tagged address `lan_ipv6`."),
        f("advertise_addr_wan", Ty::Str).link(ADDRESS).doc("WAN address advertised to servers of other datacenters."),
        f("advertise_addr_wan_ipv4", Ty::Str)
            .link(ADDRESS)
            .doc("IPv4 WAN address advertised as tagged address `wan_ipv4`."),
        f("advertise_addr_wan_ipv6", Ty::Str)
            .link(ADDRESS)
            .doc("IPv6 WAN address advertised as tagged address `wan_ipv6`."),
        f("advertise_reconnect_timeout", Ty::Duration)
            .link(SERF)
            .doc("Per-agent reconnect timeout advertised to others (client agents), e.g. `\"8h\"`."),
        f("serf_lan", Ty::Str).link(SERF).doc("Bind address for Serf LAN gossip; defaults to `bind_addr`."),
        f("serf_wan", Ty::Str).link(SERF).doc("Bind address for Serf WAN gossip; defaults to `bind_addr`."),
        f("serf_lan_allowed_cidrs", Ty::StrList).link(SERF).doc("Networks allowed to send Serf LAN gossip."),
        f("serf_wan_allowed_cidrs", Ty::StrList).link(SERF).doc("Networks allowed to send Serf WAN gossip."),
        f("addresses", Ty::Block(&ADDRESSES)).link(ADDRESS).doc("Bind addresses per client interface."),
        f("ports", Ty::Block(&PORTS)).doc("Bind ports of the agent's listeners."),
        f("tagged_addresses", Ty::Opaque).link(NODE).doc("Additional node addresses by tag (string values)."),
        f("translate_wan_addrs", Ty::Bool)
            .default("false")
            .doc("Answer for remote-datacenter nodes with their WAN address."),
        f("unix_sockets", Ty::Block(&UNIX_SOCKETS)).doc("Ownership and mode of Unix domain sockets Consul creates."),
        // ---- Joining
        f("retry_join", Ty::StrList)
            .link(JOIN)
            .doc("Addresses (or cloud auto-join strings) to join on the LAN, retrying until success."),
        f("retry_join_wan", Ty::StrList).link(JOIN).doc("Server addresses to join on the WAN, retrying until success."),
        f("retry_interval", Ty::Duration).link(JOIN).default("30s").doc("Time between LAN join attempts."),
        f("retry_interval_wan", Ty::Duration).link(JOIN).default("30s").doc("Time between WAN join attempts."),
        f("retry_max", Ty::Int).link(JOIN).default("0").doc("Maximum LAN join attempts (0 = unlimited)."),
        f("retry_max_wan", Ty::Int).link(JOIN).default("0").doc("Maximum WAN join attempts (0 = unlimited)."),
        f("rejoin_after_leave", Ty::Bool)
            .link(JOIN)
            .default("false")
            .doc("Rejoin the cluster with previous state after a leave."),
        f("start_join", Ty::StrList)
            .link(JOIN)
            .replaced_by("retry_join")
            .doc("Deprecated: use `retry_join`. Addresses to join at startup."),
        f("start_join_wan", Ty::StrList)
            .link(JOIN)
            .replaced_by("retry_join_wan")
            .doc("Deprecated: use `retry_join_wan`. WAN addresses to join at startup."),
        f("primary_gateways", Ty::StrList)
            .doc("Mesh gateway addresses of the primary datacenter (WAN federation via mesh gateways)."),
        f("primary_gateways_interval", Ty::Duration)
            .default("30s")
            .doc("Time between `primary_gateways` discovery attempts."),
        f("reconnect_timeout", Ty::Duration)
            .link(SERF)
            .default("72h")
            .doc("Time before a failed LAN node is removed from the cluster (minimum 8h)."),
        f("reconnect_timeout_wan", Ty::Duration)
            .link(SERF)
            .default("72h")
            .doc("Time before a failed WAN server is removed (minimum 8h)."),
        f("leave_on_terminate", Ty::Bool)
            .doc("Leave the cluster gracefully on SIGTERM (default: true for clients, false for servers)."),
        f("skip_leave_on_interrupt", Ty::Bool)
            .doc("Do not leave the cluster on SIGINT (default: false for clients, true for servers)."),
        // ---- Gossip and encryption
        f("encrypt", Ty::Str).link(ENCRYPTION).doc("Base64 gossip encryption key (32 bytes; secret)."),
        f("encrypt_verify_incoming", Ty::Bool)
            .link(ENCRYPTION)
            .default("true")
            .doc("Require incoming gossip to be encrypted."),
        f("encrypt_verify_outgoing", Ty::Bool).link(ENCRYPTION).default("true").doc("Encrypt outgoing gossip."),
        f("disable_keyring_file", Ty::Bool)
            .link(ENCRYPTION)
            .default("false")
            .doc("Do not persist the gossip keyring to disk."),
        f("gossip_lan", Ty::Block(&GOSSIP_LAN)).link(GOSSIP).doc("Advanced LAN gossip tuning."),
        f("gossip_wan", Ty::Block(&GOSSIP_WAN)).link(GOSSIP).doc("Advanced WAN gossip tuning."),
        // ---- TLS
        f("tls", Ty::Block(&TLS_BLOCK))
            .link(TLS)
            .doc("TLS settings per interface: `defaults`, `internal_rpc`, `https`, `grpc`."),
        f("auto_encrypt", Ty::Block(&AUTO_ENCRYPT))
            .link(ENCRYPTION)
            .doc("Automatic distribution of client TLS certificates."),
        f("auto_config", Ty::Block(&AUTO_CONFIG_BLOCK))
            .link(AUTO_CONFIG)
            .doc("Secure client bootstrapping with JWT intro tokens."),
        f("enable_agent_tls_for_checks", Ty::Bool)
            .link(TLS)
            .default("false")
            .doc("Use the agent's TLS certificate for HTTP and gRPC health checks."),
        // ---- ACL
        f("acl", Ty::Block(&ACL_BLOCK)).link(ACL).doc("ACL system settings and agent tokens."),
        // ---- Service mesh
        f("connect", Ty::Block(&CONNECT)).link(MESH).doc("Service mesh (Connect) settings."),
        f("peering", Ty::Block(&PEERING)).doc("Cluster peering settings."),
        f("enable_central_service_config", Ty::Bool)
            .default("true")
            .doc("Merge centralized config entries (service-defaults, proxy-defaults) into registrations."),
        f("xds", Ty::Block(&XDS_BLOCK)).link(XDS).doc("xDS server settings."),
        f("config_entries", Ty::Block(&CONFIG_ENTRIES)).doc("Config entries written when a server becomes leader."),
        // ---- Services, checks, watches
        f("service", Ty::Block(&SERVICE))
            .link("reference/service")
            .doc("One service definition; repeat with `services` for more (two `service` blocks fail)."),
        f("services", Ty::BlockList(&SERVICE)).link("reference/service").doc("Service definitions."),
        f("check", Ty::Block(&CHECK)).link("reference/service/health-check").doc("One node-level health check."),
        f("checks", Ty::BlockList(&CHECK)).link("reference/service/health-check").doc("Node-level health checks."),
        f("watches", Ty::Any).doc("Watch definitions: external handlers run when a view changes."),
        f("enable_script_checks", Ty::Bool)
            .default("false")
            .doc("Allow script checks from any source (security risk; prefer `enable_local_script_checks`)."),
        f("enable_local_script_checks", Ty::Bool)
            .default("false")
            .doc("Allow script checks defined in local configuration files only."),
        f("check_output_max_size", Ty::Int).default("4096").doc("Maximum bytes of check output kept."),
        f("check_update_interval", Ty::Duration)
            .default("5m")
            .doc("How often unchanged check output is synced to the servers."),
        f("discard_check_output", Ty::Bool).default("false").doc("Do not store check output."),
        // ---- DNS
        f("domain", Ty::Str).link(DNS).default("consul.").doc("DNS domain Consul answers for."),
        f("alt_domain", Ty::Str).link(DNS).doc("Alternative DNS domain Consul also answers for."),
        f("recursors", Ty::StrList).link(DNS).doc("Upstream DNS servers for queries outside Consul's domain."),
        f("dns_config", Ty::Block(&DNS_CONFIG)).link(DNS).doc("DNS server tuning."),
        // ---- HTTP API and UI
        f("http_config", Ty::Block(&HTTP_CONFIG)).doc("HTTP API settings."),
        f("ui_config", Ty::Block(&UI_CONFIG)).link(UI).doc("Web UI settings."),
        f("ui", Ty::Bool).link(UI).replaced_by("ui_config.enabled").doc("Deprecated: use `ui_config.enabled`."),
        f("ui_dir", Ty::Str).link(UI).replaced_by("ui_config.dir").doc("Deprecated: use `ui_config.dir`."),
        f("ui_content_path", Ty::Str).link(UI).replaced_by("ui_config.content_path").doc("Deprecated: use `ui_config.content_path`."),
        f("default_query_time", Ty::Duration).default("300s").doc("Default wait of blocking queries."),
        f("default_intention_policy", Ty::Enum(&["allow", "deny"])).link(MESH).doc(
            "Intention action when no intention matches, instead of the one `acl.default_policy` implies; other values are ignored.",
        ),
        f("max_query_time", Ty::Duration).default("600s").doc("Maximum wait of blocking queries."),
        f("discovery_max_stale", Ty::Duration)
            .default("0s")
            .doc("Allow stale reads up to this age for service discovery endpoints."),
        f("disable_http_unprintable_char_filter", Ty::Bool)
            .default("false")
            .doc("Temporarily allow KV keys with unprintable characters (security risk)."),
        f("disable_kv_key_validation", Ty::Bool)
            .default("false")
            .doc("Disable KV key path validation (Consul 1.22+; security risk)."),
        f("use_streaming_backend", Ty::Bool)
            .default("true")
            .doc("Use streaming instead of blocking queries where supported (clients)."),
        f("rpc", Ty::Block(&RPC)).doc("Server RPC settings."),
        f("limits", Ty::Block(&LIMITS)).doc("Rate and connection limits."),
        f("performance", Ty::Block(&PERFORMANCE)).doc("Performance tuning of Raft, RPC and gRPC."),
        f("cache", Ty::Block(&CACHE)).doc("Agent cache rate limits (client agents)."),
        // ---- Raft and autopilot
        f("raft_protocol", Ty::Int).link(RAFT).default("3").doc("Raft protocol version."),
        f("raft_snapshot_threshold", Ty::Int).link(RAFT).default("16384").doc("Raft log entries between snapshots."),
        f("raft_snapshot_interval", Ty::Duration)
            .link(RAFT)
            .default("30s")
            .doc("How often Raft checks whether to snapshot."),
        f("raft_prevote_disabled", Ty::Bool)
            .link(RAFT)
            .default("false")
            .doc("Disable Raft pre-vote, which avoids disruptive elections by partitioned servers."),
        f("raft_trailing_logs", Ty::Int).link(RAFT).default("10240").doc("Raft log entries kept after a snapshot."),
        f("raft_logstore", Ty::Block(&RAFT_LOGSTORE)).link(RAFT).doc("Raft log store backend settings."),
        f("raft_boltdb", Ty::Block(&RAFT_BOLTDB_DEPRECATED))
            .link(RAFT)
            .replaced_by("raft_logstore.boltdb")
            .doc("Deprecated: use `raft_logstore.boltdb`."),
        f("autopilot", Ty::Block(&AUTOPILOT)).doc("Automated server management (servers)."),
        f("session_ttl_min", Ty::Duration).default("10s").doc("Minimum session TTL."),
        // ---- Logging
        f("log_level", Ty::Str)
            .link(LOG)
            .default("INFO")
            .doc("Log level (case-insensitive): `trace`, `debug`, `info`, `warn` or `error`."),
        f("log_json", Ty::Bool).link(LOG).default("false").doc("Write logs as JSON."),
        f("log_file", Ty::Str).link(LOG).doc("File (or directory ending in `/`) to write logs to."),
        f("log_rotate_duration", Ty::Duration).link(LOG).default("24h").doc("Rotate the log file after this long."),
        f("log_rotate_bytes", Ty::Int)
            .link(LOG)
            .default("0")
            .doc("Rotate the log file at this size in bytes (0 = no limit)."),
        f("log_rotate_max_files", Ty::Int).link(LOG).default("0").doc("Rotated log files kept (0 = all, -1 = none)."),
        f("enable_syslog", Ty::Bool).link(LOG).default("false").doc("Also log to syslog (not on Windows)."),
        f("syslog_facility", Ty::Str).link(LOG).default("LOCAL0").doc("Syslog facility."),
        f("enable_debug", Ty::Bool).default("false").doc("Serve `/debug/pprof` profiling endpoints."),
        // ---- Telemetry, reporting, cloud
        f("telemetry", Ty::Block(&TELEMETRY_BLOCK)).link(TELEMETRY).doc("Metrics sinks and filters."),
        f("reporting", Ty::Block(&REPORTING)).enterprise().doc("License utilization reporting."),
        f("cloud", Ty::Block(&CLOUD)).link(HCP).doc("HashiCorp Cloud Platform (HCP) linking."),
        f("audit", Ty::Block(&AUDIT)).enterprise().doc("Audit logging."),
        f("disable_anonymous_signature", Ty::Bool)
            .default("false")
            .doc("Send no anonymous signature with update checks."),
        f("disable_update_check", Ty::Bool)
            .default("false")
            .doc("Disable checks for security bulletins and new releases."),
        f("disable_coordinates", Ty::Bool)
            .default("false")
            .doc("Disable network coordinates (breaks `?near` sorting)."),
        f("disable_host_node_id", Ty::Bool)
            .link(NODE)
            .default("true")
            .doc("Do not derive the node ID from host information."),
        f("disable_remote_exec", Ty::Bool).default("true").doc("Ignore `consul exec` requests."),
        f("auto_reload_config", Ty::Bool).default("false").doc("Reload reloadable settings when config files change."),
        f("snapshot_agent", Ty::Any)
            .enterprise()
            .doc("Snapshot agent configuration kept alongside the agent's (ignored by the agent)."),
        // ---- Deprecated ACL keys (moved into `acl`)
        f("acl_enforce_version_8", Ty::Bool).link(ACL).deprecated().doc(
            "Removed in 1.8.0 (version 8 ACLs are always enforced); Consul ignores it with a warning: \"config key is deprecated and should be removed\".",
        ),
        f("acl_datacenter", Ty::Str)
            .link(ACL)
            .replaced_by("primary_datacenter")
            .doc("Deprecated: use `primary_datacenter` (also enables ACLs)."),
        f("acl_default_policy", Ty::Enum(&["allow", "deny"]))
            .link(ACL)
            .replaced_by("acl.default_policy")
            .doc("Deprecated: use `acl.default_policy`."),
        f("acl_down_policy", Ty::Enum(&["allow", "deny", "extend-cache", "async-cache"]))
            .link(ACL)
            .replaced_by("acl.down_policy")
            .doc("Deprecated: use `acl.down_policy`."),
        f("acl_ttl", Ty::Duration).link(ACL).replaced_by("acl.token_ttl").doc("Deprecated: use `acl.token_ttl`."),
        f("acl_enable_key_list_policy", Ty::Bool)
            .link(ACL)
            .replaced_by("acl.enable_key_list_policy")
            .doc("Deprecated: use `acl.enable_key_list_policy`."),
        f("enable_acl_replication", Ty::Bool)
            .link(ACL)
            .replaced_by("acl.enable_token_replication")
            .doc("Deprecated: use `acl.enable_token_replication`."),
        f("acl_master_token", Ty::Str)
            .link(ACL)
            .replaced_by("acl.tokens.initial_management")
            .doc("Deprecated: use `acl.tokens.initial_management` (secret)."),
        f("acl_agent_master_token", Ty::Str)
            .link(ACL)
            .replaced_by("acl.tokens.agent_recovery")
            .doc("Deprecated: use `acl.tokens.agent_recovery` (secret)."),
        f("acl_agent_token", Ty::Str).link(ACL).replaced_by("acl.tokens.agent").doc("Deprecated: use `acl.tokens.agent` (secret)."),
        f("acl_token", Ty::Str).link(ACL).replaced_by("acl.tokens.default").doc("Deprecated: use `acl.tokens.default` (secret)."),
        f("acl_replication_token", Ty::Str)
            .link(ACL)
            .replaced_by("acl.tokens.replication")
            .doc("Deprecated: use `acl.tokens.replication` (secret)."),
        // ---- Deprecated TLS keys (moved into `tls`)
        f("ca_file", Ty::Str).link(TLS).replaced_by("tls.defaults.ca_file").doc("Deprecated: use `tls.defaults.ca_file`."),
        f("ca_path", Ty::Str).link(TLS).replaced_by("tls.defaults.ca_path").doc("Deprecated: use `tls.defaults.ca_path`."),
        f("cert_file", Ty::Str).link(TLS).replaced_by("tls.defaults.cert_file").doc("Deprecated: use `tls.defaults.cert_file`."),
        f("key_file", Ty::Str).link(TLS).replaced_by("tls.defaults.key_file").doc("Deprecated: use `tls.defaults.key_file`."),
        f("tls_cipher_suites", Ty::Str).link(TLS).replaced_by("tls.defaults.tls_cipher_suites").doc("Deprecated: use `tls.defaults.tls_cipher_suites`."),
        f("tls_min_version", Ty::Str).link(TLS).replaced_by("tls.defaults.tls_min_version").doc("Deprecated: use `tls.defaults.tls_min_version`."),
        f("tls_prefer_server_cipher_suites", Ty::Bool).link(TLS).deprecated().doc("Deprecated and ignored."),
        f("verify_incoming", Ty::Bool).link(TLS).replaced_by("tls.defaults.verify_incoming").doc("Deprecated: use `tls.defaults.verify_incoming`."),
        f("verify_incoming_https", Ty::Bool).link(TLS).replaced_by("tls.https.verify_incoming").doc("Deprecated: use `tls.https.verify_incoming`."),
        f("verify_incoming_rpc", Ty::Bool)
            .link(TLS)
            .replaced_by("tls.internal_rpc.verify_incoming")
            .doc("Deprecated: use `tls.internal_rpc.verify_incoming`."),
        f("verify_outgoing", Ty::Bool).link(TLS).replaced_by("tls.defaults.verify_outgoing").doc("Deprecated: use `tls.defaults.verify_outgoing`."),
        f("verify_server_hostname", Ty::Bool)
            .link(TLS)
            .replaced_by("tls.internal_rpc.verify_server_hostname")
            .doc("Deprecated: use `tls.internal_rpc.verify_server_hostname`."),
        // ---- Internal settings (parsed, not user-configurable)
        f("ae_interval", Ty::Duration).doc(INTERNAL),
        f("check_deregister_interval_min", Ty::Duration).doc(INTERNAL),
        f("check_reap_interval", Ty::Duration).doc(INTERNAL),
        f("consul", Ty::Any).doc(INTERNAL),
        f("revision", Ty::Str).doc(INTERNAL),
        f("segment_limit", Ty::Int).doc(INTERNAL),
        f("segment_name_limit", Ty::Int).doc(INTERNAL),
        f("sync_coordinate_interval_min", Ty::Duration).doc(INTERNAL),
        f("sync_coordinate_rate_target", Ty::Float).doc(INTERNAL),
        f("version", Ty::Str).doc(INTERNAL),
        f("version_prerelease", Ty::Str).doc(INTERNAL),
        f("version_metadata", Ty::Str).doc(INTERNAL),
        f("build_date", Ty::Str).doc(INTERNAL),
        f("license_poll_base_time", Ty::Duration).enterprise().doc(INTERNAL),
        f("license_poll_max_time", Ty::Duration).enterprise().doc(INTERNAL),
        f("license_update_base_time", Ty::Duration).enterprise().doc(INTERNAL),
        f("license_update_max_time", Ty::Duration).enterprise().doc(INTERNAL),
    ],
};

pub static ADDRESSES: Block = Block {
    name: "addresses",
    casing: Casing::Snake,
    link: ADDRESS,
    fields: &[
        f("dns", Ty::Str).doc("Bind address of the DNS server; defaults to `client_addr`."),
        f("http", Ty::Str).doc("Bind address of the HTTP API (or `unix://` socket); defaults to `client_addr`."),
        f("https", Ty::Str).doc("Bind address of the HTTPS API; defaults to `client_addr`."),
        f("grpc", Ty::Str).doc("Bind address of the plaintext gRPC API; defaults to `client_addr`."),
        f("grpc_tls", Ty::Str).doc("Bind address of the TLS gRPC API; defaults to `client_addr`."),
    ],
};

pub static PORTS: Block = Block {
    name: "ports",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("dns", Ty::Int).default("8600").doc("DNS server port (TCP and UDP); -1 disables."),
        f("http", Ty::Int).default("8500").doc("HTTP API port; -1 disables."),
        f("https", Ty::Int).default("-1").doc("HTTPS API port (8501 by convention); -1 disables."),
        f("grpc", Ty::Int)
            .default("-1")
            .doc("Plaintext gRPC port (8502 by convention; 8502 in `-dev`); -1 disables. Plaintext only since 1.14."),
        f("grpc_tls", Ty::Int)
            .default("8503")
            .doc("TLS gRPC port (8503 on servers by default); peering and xDS over TLS use it; -1 disables."),
        f("serf_lan", Ty::Int).default("8301").doc("Serf LAN gossip port (TCP and UDP)."),
        f("serf_wan", Ty::Int).default("8302").doc("Serf WAN gossip port (TCP and UDP); -1 disables WAN federation."),
        f("server", Ty::Int).default("8300").doc("Server RPC port."),
        f("sidecar_min_port", Ty::Int)
            .default("21000")
            .doc("Lowest port auto-assigned to sidecar services; 0 disables."),
        f("sidecar_max_port", Ty::Int)
            .default("21255")
            .doc("Highest port auto-assigned to sidecar services; 0 disables."),
        f("expose_min_port", Ty::Int).default("21500").doc("Lowest port auto-assigned to exposed check paths."),
        f("expose_max_port", Ty::Int).default("21755").doc("Highest port auto-assigned to exposed check paths."),
        f("proxy_min_port", Ty::Int)
            .default("20000")
            .deprecated()
            .doc("Deprecated: managed proxies were removed in 1.6."),
        f("proxy_max_port", Ty::Int)
            .default("20255")
            .deprecated()
            .doc("Deprecated: managed proxies were removed in 1.6."),
    ],
};

pub static UNIX_SOCKETS: Block = Block {
    name: "unix_sockets",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("user", Ty::Str).doc("User name or ID owning the socket files."),
        f("group", Ty::Str).doc("Numeric group ID owning the socket files."),
        f("mode", Ty::Str).doc("Permission bits of the socket files, e.g. `\"0770\"`."),
    ],
};

pub static SEGMENT: Block = Block {
    name: "network segment",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("name", Ty::Str).required().doc("Segment name (1–64 characters)."),
        f("bind", Ty::Str).doc("Gossip bind address of the segment; defaults to `bind_addr`."),
        f("port", Ty::Int).required().doc("Gossip port of the segment."),
        f("advertise", Ty::Str).doc("Gossip advertise address; defaults to `advertise_addr`."),
        f("rpc_listener", Ty::Bool)
            .default("false")
            .doc("Start a separate RPC listener on the segment's bind address."),
    ],
};

const GOSSIP_FIELDS: &[Field] = &[
    f("gossip_nodes", Ty::Int).doc("Random nodes gossiped to per interval."),
    f("gossip_interval", Ty::Duration).doc("Time between gossip rounds."),
    f("probe_interval", Ty::Duration).doc("Time between failure-detection probes."),
    f("probe_timeout", Ty::Duration).doc("Time to wait for a probe acknowledgement."),
    f("suspicion_mult", Ty::Int)
        .doc("Multiplier for how long a suspect node has to refute before being declared dead."),
    f("retransmit_mult", Ty::Int).doc("Multiplier for gossip message retransmissions."),
];

pub static GOSSIP_LAN: Block = Block { name: "gossip_lan", casing: Casing::Snake, link: GOSSIP, fields: GOSSIP_FIELDS };
pub static GOSSIP_WAN: Block = Block { name: "gossip_wan", casing: Casing::Snake, link: GOSSIP, fields: GOSSIP_FIELDS };

pub static TLS_BLOCK: Block = Block {
    name: "tls",
    casing: Casing::Snake,
    link: TLS,
    fields: &[
        f("defaults", Ty::Block(&TLS_PROTOCOL)).doc("Defaults for all interfaces."),
        f("internal_rpc", Ty::Block(&TLS_PROTOCOL)).doc("Server RPC and gossip-related TLS (overrides `defaults`)."),
        f("https", Ty::Block(&TLS_PROTOCOL)).doc("HTTPS API TLS (overrides `defaults`)."),
        f("grpc", Ty::Block(&TLS_PROTOCOL)).doc("gRPC TLS port (overrides `defaults`)."),
    ],
};

pub static TLS_PROTOCOL: Block = Block {
    name: "tls settings",
    casing: Casing::Snake,
    link: TLS,
    fields: &[
        f("ca_file", Ty::Str).doc("PEM CA certificate file used to verify peers."),
        f("ca_path", Ty::Str).doc("Directory of PEM CA certificates."),
        f("cert_file", Ty::Str).doc("PEM certificate file presented to peers."),
        f("key_file", Ty::Str).doc("PEM private key file for `cert_file`."),
        f("tls_min_version", Ty::Str)
            .default("TLSv1_2")
            .doc("Minimum TLS version: `TLSv1_0`, `TLSv1_1`, `TLSv1_2` or `TLSv1_3`."),
        f("tls_cipher_suites", Ty::Str).doc("Comma-separated cipher suites (TLS 1.2 and earlier)."),
        f("verify_incoming", Ty::Bool)
            .default("false")
            .doc("Require clients to present a certificate signed by the CA."),
        f("verify_outgoing", Ty::Bool)
            .default("false")
            .doc("Use TLS for outgoing connections and verify the server certificate."),
        f("verify_server_hostname", Ty::Bool)
            .default("false")
            .doc("Verify servers present `server.<datacenter>.<domain>` (only in `internal_rpc`)."),
        f("use_auto_cert", Ty::Bool)
            .default("false")
            .doc("Use the auto_encrypt/auto_config certificate on the gRPC TLS port (only in `grpc`)."),
    ],
};

pub static AUTO_ENCRYPT: Block = Block {
    name: "auto_encrypt",
    casing: Casing::Snake,
    link: ENCRYPTION,
    fields: &[
        f("tls", Ty::Bool).default("false").doc("Client agents: request a TLS certificate from the servers."),
        f("allow_tls", Ty::Bool).default("false").doc("Servers: sign certificates for clients that request them."),
        f("dns_san", Ty::StrList).doc("Extra DNS SANs for the client certificate."),
        f("ip_san", Ty::StrList).doc("Extra IP SANs for the client certificate."),
    ],
};

pub static AUTO_CONFIG_BLOCK: Block = Block {
    name: "auto_config",
    casing: Casing::Snake,
    link: AUTO_CONFIG,
    fields: &[
        f("enabled", Ty::Bool).default("false").doc("Client agents: fetch configuration from the servers at startup."),
        f("intro_token", Ty::Str).doc("JWT presented to the servers (secret)."),
        f("intro_token_file", Ty::Str).doc("File containing the intro JWT."),
        f("server_addresses", Ty::StrList).doc("Servers to request configuration from."),
        f("dns_sans", Ty::StrList).doc("Extra DNS SANs for the client certificate."),
        f("ip_sans", Ty::StrList).doc("Extra IP SANs for the client certificate."),
        f("authorization", Ty::Block(&AUTO_CONFIG_AUTHORIZATION)).doc("Servers: how intro tokens are authorized."),
    ],
};

pub static AUTO_CONFIG_AUTHORIZATION: Block = Block {
    name: "auto_config authorization",
    casing: Casing::Snake,
    link: AUTO_CONFIG,
    fields: &[
        f("enabled", Ty::Bool).default("false").doc("Servers: answer auto-config requests."),
        f("static", Ty::Block(&AUTO_CONFIG_STATIC)).doc("Static JWT validation settings."),
    ],
};

pub static AUTO_CONFIG_STATIC: Block = Block {
    name: "auto_config static authorizer",
    casing: Casing::Snake,
    link: AUTO_CONFIG,
    fields: &[
        f("claim_assertions", Ty::StrList).doc("Boolean expressions over the token's claims that must hold."),
        f("allow_reuse", Ty::Bool).default("false").doc("Allow an intro token to be used more than once."),
        f("jwt_supported_algs", Ty::StrList).doc("Accepted JWT signing algorithms."),
        f("bound_audiences", Ty::StrList).doc("Accepted `aud` values."),
        f("claim_mappings", Ty::Opaque).doc("Claim → variable name mappings."),
        f("list_claim_mappings", Ty::Opaque).doc("List claim → variable name mappings."),
        f("oidc_discovery_url", Ty::Str).doc("OIDC discovery URL for signing keys."),
        f("oidc_discovery_ca_cert", Ty::Str).doc("CA certificate (PEM) for the OIDC discovery URL."),
        f("jwks_url", Ty::Str).doc("JWKS URL for signing keys."),
        f("jwks_ca_cert", Ty::Str).doc("CA certificate (PEM) for the JWKS URL."),
        f("jwt_validation_pub_keys", Ty::StrList).doc("PEM public keys to validate tokens with."),
        f("bound_issuer", Ty::Str).doc("Required `iss` value."),
        f("expiration_leeway", Ty::Duration).doc("Leeway for the `exp` claim."),
        f("not_before_leeway", Ty::Duration).doc("Leeway for the `nbf` claim."),
        f("clock_skew_leeway", Ty::Duration).doc("Leeway for clock skew on all time claims."),
    ],
};

pub static ACL_BLOCK: Block = Block {
    name: "acl",
    casing: Casing::Snake,
    link: ACL,
    fields: &[
        f("enabled", Ty::Bool).default("false").doc("Enable ACLs."),
        f("default_policy", Ty::Enum(&["allow", "deny"]))
            .default("allow")
            .doc("Decision when no rule matches: `allow` (denylist) or `deny` (allowlist)."),
        f("down_policy", Ty::Enum(&["allow", "deny", "extend-cache", "async-cache"]))
            .default("extend-cache")
            .doc("Decision when tokens cannot be resolved: `allow`, `deny`, `extend-cache`, `async-cache`."),
        f("policy_ttl", Ty::Duration).default("30s").doc("Cache TTL of ACL policies."),
        f("role_ttl", Ty::Duration).default("30s").doc("Cache TTL of ACL roles."),
        f("token_ttl", Ty::Duration).default("30s").doc("Cache TTL of ACL tokens."),
        f("enable_key_list_policy", Ty::Bool)
            .default("false")
            .doc("Require `list` on a KV prefix for recursive reads."),
        f("enable_token_replication", Ty::Bool)
            .default("false")
            .doc("Replicate tokens to secondary datacenters (enables local tokens and auth methods there)."),
        f("enable_token_persistence", Ty::Bool).default("false").doc("Persist tokens set through the API to disk."),
        f("tokens", Ty::Block(&ACL_TOKENS)).doc("Tokens the agent uses (secrets)."),
        f("msp_disable_bootstrap", Ty::Bool).enterprise().doc("Managed service providers: disable ACL bootstrapping."),
    ],
};

pub static ACL_TOKENS: Block = Block {
    name: "acl tokens",
    casing: Casing::Snake,
    link: ACL,
    fields: &[
        f("initial_management", Ty::Str)
            .doc("Management token created at bootstrap in the primary datacenter (secret UUID)."),
        f("agent", Ty::Str).doc("Token for the agent's internal operations (node registration, anti-entropy; secret)."),
        f("agent_recovery", Ty::Str).doc("Token for agent endpoints when servers are unreachable (secret)."),
        f("default", Ty::Str).doc("Token for requests without a token, instead of anonymous (secret)."),
        f("replication", Ty::Str).doc("Token for ACL and mesh replication in secondary datacenters (secret)."),
        f("config_file_service_registration", Ty::Str)
            .doc("Token for registering services and checks from config files (secret)."),
        f("dns", Ty::Str).doc("Token for answering DNS queries; falls back to `default` (secret)."),
        f("managed_service_provider", Ty::BlockList(&MSP_TOKEN))
            .enterprise()
            .doc("Tokens of managed service providers."),
        f("master", Ty::Str)
            .replaced_by("acl.tokens.initial_management")
            .doc("Deprecated: use `initial_management` (secret)."),
        f("agent_master", Ty::Str)
            .replaced_by("acl.tokens.agent_recovery")
            .doc("Deprecated: use `agent_recovery` (secret)."),
    ],
};

pub static MSP_TOKEN: Block = Block {
    name: "managed service provider token",
    casing: Casing::Snake,
    link: ACL,
    fields: &[
        f("accessor_id", Ty::Str).doc("Accessor ID of the token."),
        f("secret_id", Ty::Str).doc("Secret ID of the token (secret)."),
    ],
};

pub static CONNECT: Block = Block {
    name: "connect",
    casing: Casing::Snake,
    link: MESH,
    fields: &[
        f("enabled", Ty::Bool).default("true").doc("Enable the service mesh on this agent (set on all servers)."),
        f("ca_provider", Ty::Enum(&["consul", "vault", "aws-pca"]))
            .default("consul")
            .doc("Service mesh CA provider: `consul`, `vault` or `aws-pca` (bootstrap only)."),
        f("ca_config", Ty::Any).doc("CA provider settings; keys depend on `ca_provider` (bootstrap only)."),
        f("enable_mesh_gateway_wan_federation", Ty::Bool)
            .default("false")
            .doc("Route WAN federation traffic between servers through mesh gateways."),
        f("test_ca_leaf_root_change_spread", Ty::Duration).doc(INTERNAL),
    ],
};

pub static PEERING: Block = Block {
    name: "peering",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("enabled", Ty::Bool).default("true").doc("Enable cluster peering (APIs, UI and peer connections)."),
        f("test_allow_peer_registrations", Ty::Bool).doc(INTERNAL),
    ],
};

pub static XDS_BLOCK: Block = Block {
    name: "xds",
    casing: Casing::Snake,
    link: XDS,
    fields: &[f("update_max_per_second", Ty::Float)
        .default("250")
        .doc("Maximum proxy configuration updates per second the server sends.")],
};

pub static CONFIG_ENTRIES: Block = Block {
    name: "config_entries",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[f("bootstrap", Ty::ConfigEntries)
        .doc("Config entries (each with `Kind`) written when a server gains leadership if they do not exist yet.")],
};

pub static DNS_CONFIG: Block = Block {
    name: "dns_config",
    casing: Casing::Snake,
    link: DNS,
    fields: &[
        f("allow_stale", Ty::Bool).default("true").doc("Answer from any server's possibly stale data."),
        f("max_stale", Ty::Duration).default("87600h").doc("Maximum staleness of answers with `allow_stale`."),
        f("node_ttl", Ty::Duration).default("0s").doc("TTL of node lookups."),
        f("service_ttl", Ty::Opaque).doc("TTL per service name (`*` wildcard allowed), e.g. `{ \"*\" = \"5s\" }`."),
        f("a_record_limit", Ty::Int).default("0").doc("Maximum A/AAAA records per answer (0 = unlimited)."),
        f("udp_answer_limit", Ty::Int).default("3").doc("Maximum records in UDP answers."),
        f("enable_truncate", Ty::Bool).default("false").doc("Set the truncate bit when UDP answers are cut."),
        f("only_passing", Ty::Bool).default("false").doc("Return only instances whose checks are passing."),
        f("disable_compression", Ty::Bool).default("false").doc("Disable DNS message compression."),
        f("recursor_strategy", Ty::Enum(&["sequential", "random"]))
            .default("sequential")
            .doc("Order recursors are queried in: `sequential` or `random`."),
        f("recursor_timeout", Ty::Duration).default("2s").doc("Timeout of recursive queries."),
        f("enable_additional_node_meta_txt", Ty::Bool)
            .default("true")
            .doc("Add node metadata TXT records to the additional section."),
        f("soa", Ty::Block(&DNS_SOA)).doc("SOA record values."),
        f("use_cache", Ty::Bool).default("false").doc("Answer from the agent cache."),
        f("cache_max_age", Ty::Duration).default("0s").doc("Maximum age of cached answers with `use_cache`."),
        f("prefer_namespace", Ty::Bool)
            .enterprise()
            .deprecated()
            .doc("Deprecated: treat the DNS datacenter label as a namespace."),
    ],
};

pub static DNS_SOA: Block = Block {
    name: "dns soa",
    casing: Casing::Snake,
    link: DNS,
    fields: &[
        f("refresh", Ty::Int).default("3600").doc("SOA refresh, in seconds."),
        f("retry", Ty::Int).default("600").doc("SOA retry, in seconds."),
        f("expire", Ty::Int).default("86400").doc("SOA expire, in seconds."),
        f("min_ttl", Ty::Int).default("0").doc("SOA minimum TTL, in seconds."),
    ],
};

pub static HTTP_CONFIG: Block = Block {
    name: "http_config",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("block_endpoints", Ty::StrList).doc("HTTP API path prefixes to block with 403."),
        f("allow_write_http_from", Ty::StrList).doc("CIDRs allowed to call write endpoints (empty = all)."),
        f("response_headers", Ty::Opaque).doc("Headers added to every HTTP API and UI response."),
        f("use_cache", Ty::Bool).default("true").doc("Let requests use the agent cache."),
        f("max_header_bytes", Ty::Int).default("0").doc("Maximum request header size in bytes (0 = 1 MB)."),
    ],
};

pub static UI_CONFIG: Block = Block {
    name: "ui_config",
    casing: Casing::Snake,
    link: UI,
    fields: &[
        f("enabled", Ty::Bool).default("false").doc("Serve the web UI."),
        f("dir", Ty::Str).doc("Directory of custom UI assets."),
        f("content_path", Ty::Str).default("/ui/").doc("HTTP path the UI is served from."),
        f("metrics_provider", Ty::Str).doc("UI metrics provider, e.g. `prometheus`."),
        f("metrics_provider_files", Ty::StrList).doc("JavaScript files of a custom metrics provider."),
        f("metrics_provider_options_json", Ty::Str).doc("JSON options for the metrics provider."),
        f("metrics_proxy", Ty::Block(&UI_METRICS_PROXY)).doc("Proxy the UI uses to reach the metrics backend."),
        f("dashboard_url_templates", Ty::Opaque).doc("Dashboard URL templates by name (e.g. `service`)."),
    ],
};

pub static UI_METRICS_PROXY: Block = Block {
    name: "ui metrics_proxy",
    casing: Casing::Snake,
    link: UI,
    fields: &[
        f("base_url", Ty::Str).doc("Base URL of the metrics backend."),
        f("add_headers", Ty::BlockList(&UI_METRICS_PROXY_HEADER)).doc("Headers added to proxied requests."),
        f("path_allowlist", Ty::StrList).doc("Backend paths the proxy may request."),
    ],
};

pub static UI_METRICS_PROXY_HEADER: Block = Block {
    name: "metrics proxy header",
    casing: Casing::Snake,
    link: UI,
    fields: &[f("name", Ty::Str).doc("Header name."), f("value", Ty::Str).doc("Header value.")],
};

pub static RPC: Block = Block {
    name: "rpc",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[f("enable_streaming", Ty::Bool)
        .default("true")
        .doc("Servers: serve the gRPC subscribe endpoint used by streaming.")],
};

pub static LIMITS: Block = Block {
    name: "limits",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("http_max_conns_per_client", Ty::Int).default("200").doc("Concurrent HTTP(S) connections per client IP."),
        f("https_handshake_timeout", Ty::Duration).default("5s").doc("Time allowed for an HTTPS TLS handshake."),
        f("request_limits", Ty::Block(&REQUEST_LIMITS)).doc("Server-side RPC/gRPC request rate limits."),
        f("rpc_handshake_timeout", Ty::Duration).default("5s").doc("Time allowed for an RPC connection handshake."),
        f("rpc_client_timeout", Ty::Duration).default("60s").doc("Read timeout of RPC client connections."),
        f("rpc_max_conns_per_client", Ty::Int)
            .default("100")
            .doc("Concurrent RPC connections per source IP to a server."),
        f("rpc_rate", Ty::Float).doc("Client agents: maximum RPC requests per second to servers (default unlimited)."),
        f("rpc_max_burst", Ty::Int).default("1000").doc("Client agents: RPC rate limiter burst size."),
        f("kv_max_value_size", Ty::Int).default("524288").doc("Maximum KV request body, in bytes."),
        f("txn_max_req_len", Ty::Int).default("524288").doc("Maximum transaction request body, in bytes."),
    ],
};

pub static REQUEST_LIMITS: Block = Block {
    name: "request_limits",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("mode", Ty::Enum(&["disabled", "permissive", "enforcing"]))
            .default("disabled")
            .doc("`disabled`, `permissive` (log only) or `enforcing`."),
        f("read_rate", Ty::Float).default("-1").doc("Read requests per second (-1 = unlimited)."),
        f("write_rate", Ty::Float).default("-1").doc("Write requests per second (-1 = unlimited)."),
    ],
};

pub static PERFORMANCE: Block = Block {
    name: "performance",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("raft_multiplier", Ty::Int).default("5").doc("Scale of Raft timing (1 = fastest, maximum 10)."),
        f("leave_drain_time", Ty::Duration).default("5s").doc("Time a leaving server keeps serving requests."),
        f("rpc_hold_timeout", Ty::Duration).default("7s").doc("Time RPCs are retried during leader elections."),
        f("grpc_keepalive_interval", Ty::Duration)
            .default("30s")
            .doc("Interval of gRPC keepalive pings to idle clients."),
        f("grpc_keepalive_timeout", Ty::Duration).default("20s").doc("Time to wait for a gRPC keepalive reply."),
        f("enable_xds_load_balancing", Ty::Bool).doc("Spread xDS sessions evenly across servers."),
    ],
};

pub static CACHE: Block = Block {
    name: "cache",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("entry_fetch_max_burst", Ty::Int).default("2").doc("Burst size of the per-entry refresh rate limiter."),
        f("entry_fetch_rate", Ty::Float).doc("Maximum refreshes per second per cache entry (default unlimited)."),
    ],
};

pub static RAFT_LOGSTORE: Block = Block {
    name: "raft_logstore",
    casing: Casing::Snake,
    link: RAFT,
    fields: &[
        f("backend", Ty::Enum(&["boltdb", "wal"])).default("boltdb").doc("Raft log store: `boltdb` or `wal`."),
        f("disable_log_cache", Ty::Bool).default("false").doc("Disable the in-memory Raft log cache."),
        f("verification", Ty::Block(&RAFT_VERIFICATION)).doc("Raft log consistency verification."),
        f("boltdb", Ty::Block(&RAFT_BOLTDB)).doc("BoltDB backend settings."),
        f("wal", Ty::Block(&RAFT_WAL)).doc("WAL backend settings."),
    ],
};

pub static RAFT_VERIFICATION: Block = Block {
    name: "raft_logstore verification",
    casing: Casing::Snake,
    link: RAFT,
    fields: &[
        f("enabled", Ty::Bool).default("false").doc("Periodically verify Raft log consistency."),
        f("interval", Ty::Duration).doc("Time between verification checkpoints, e.g. `\"60s\"`."),
    ],
};

/// The deprecated top-level `raft_boltdb` block: its one field has no `mapstructure` tag, so Consul matches the Go
/// field name `NoFreelistSync` (case-insensitively) and refuses `no_freelist_sync` there.
pub static RAFT_BOLTDB_DEPRECATED: Block = Block {
    name: "raft_boltdb",
    casing: Casing::Snake,
    link: RAFT,
    fields: &[f("NoFreelistSync", Ty::Bool)
        .untagged()
        .default("false")
        .doc("Do not sync the BoltDB freelist to disk. Spelled like the Go field (no tag); `raft_logstore.boltdb` has `no_freelist_sync`.")],
};

pub static RAFT_BOLTDB: Block = Block {
    name: "raft boltdb",
    casing: Casing::Snake,
    link: RAFT,
    fields: &[f("no_freelist_sync", Ty::Bool).default("false").doc("Do not sync the BoltDB freelist to disk.")],
};

pub static RAFT_WAL: Block = Block {
    name: "raft wal",
    casing: Casing::Snake,
    link: RAFT,
    fields: &[f("segment_size_mb", Ty::Int).default("64").doc("WAL segment size, in MB.")],
};

pub static AUTOPILOT: Block = Block {
    name: "autopilot",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("cleanup_dead_servers", Ty::Bool).default("true").doc("Remove dead servers when a replacement joins."),
        f("last_contact_threshold", Ty::Duration)
            .default("200ms")
            .doc("Maximum time since a server last heard from the leader to be healthy."),
        f("max_trailing_logs", Ty::Int).default("250").doc("Maximum Raft entries a healthy server may lag behind."),
        f("min_quorum", Ty::Int).default("0").doc("Minimum servers before autopilot prunes dead ones."),
        f("server_stabilization_time", Ty::Duration)
            .default("10s")
            .doc("Time a new server must be healthy before it becomes a voter."),
        f("disable_upgrade_migration", Ty::Bool)
            .enterprise()
            .default("false")
            .doc("Disable automated upgrade migrations."),
        f("redundancy_zone_tag", Ty::Str).enterprise().doc("Node meta key naming the server's redundancy zone."),
        f("upgrade_version_tag", Ty::Str)
            .enterprise()
            .doc("Node meta key overriding the server's version for upgrades."),
    ],
};

pub static TELEMETRY_BLOCK: Block = Block {
    name: "telemetry",
    casing: Casing::Snake,
    link: TELEMETRY,
    fields: &[
        // General
        f("metrics_prefix", Ty::Str).default("consul").doc("Prefix of all metric names."),
        f("disable_hostname", Ty::Bool).default("false").doc("Do not prefix gauges with the hostname."),
        f("filter_default", Ty::Bool).default("true").doc("Allow metrics not matched by `prefix_filter`."),
        f("prefix_filter", Ty::StrList).doc("Metric filters: `+prefix` allows, `-prefix` blocks."),
        f("prometheus_retention_time", Ty::Duration)
            .default("0s")
            .doc("Enable Prometheus metrics at `/v1/agent/metrics?format=prometheus`, kept this long."),
        f("retry_failed_connection", Ty::Bool)
            .default("true")
            .doc("Keep retrying a metrics sink that failed to connect."),
        f("enable_host_metrics", Ty::Bool).default("false").doc("Report host resource metrics."),
        f("disable_per_tenancy_usage_metrics", Ty::Bool)
            .default("false")
            .doc("Drop partition/namespace labels from usage metrics."),
        // Sinks
        f("statsd_address", Ty::Str).doc("statsd `host:port` (UDP)."),
        f("statsite_address", Ty::Str).doc("statsite `host:port` (TCP)."),
        f("dogstatsd_addr", Ty::Str).doc("DogStatsD `host:port` (UDP)."),
        f("dogstatsd_tags", Ty::StrList).doc("Global DogStatsD tags, `name:value`."),
        // Circonus
        f("circonus_api_token", Ty::Str).doc("Circonus API token (secret); enables check management."),
        f("circonus_api_app", Ty::Str).default("consul").doc("Circonus API app name."),
        f("circonus_api_url", Ty::Str).default("https://api.circonus.com/v2").doc("Circonus API base URL."),
        f("circonus_submission_interval", Ty::Duration).default("10s").doc("Interval of Circonus submissions."),
        f("circonus_submission_url", Ty::Str).doc("Submission URL of an existing HTTPTrap check."),
        f("circonus_check_id", Ty::Str).doc("ID of an existing Circonus check."),
        f("circonus_check_force_metric_activation", Ty::Str)
            .default("false")
            .doc("Activate existing inactive metrics."),
        f("circonus_check_instance_id", Ty::Str).doc("Instance ID for metric continuity."),
        f("circonus_check_search_tag", Ty::Str).doc("Tag used to find an existing check."),
        f("circonus_check_display_name", Ty::Str).doc("Display name of a created check."),
        f("circonus_check_tags", Ty::Str).doc("Comma-separated tags for a created check."),
        f("circonus_broker_id", Ty::Str).doc("Circonus broker ID for new checks."),
        f("circonus_broker_select_tag", Ty::Str).doc("Tag used to select a broker."),
    ],
};

pub static REPORTING: Block = Block {
    name: "reporting",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("license", Ty::Block(&REPORTING_LICENSE)).doc("License utilization reporting."),
        f("snapshot_retention_time", Ty::Duration).default("9600h").doc("How long utilization snapshots are kept."),
    ],
};

pub static REPORTING_LICENSE: Block = Block {
    name: "reporting license",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[f("enabled", Ty::Bool).default("true").doc("Report license utilization to HashiCorp.")],
};

pub static CLOUD: Block = Block {
    name: "cloud",
    casing: Casing::Snake,
    link: HCP,
    fields: &[
        f("resource_id", Ty::Str).doc("HCP resource ID (or `HCP_RESOURCE_ID`)."),
        f("client_id", Ty::Str).doc("HCP OAuth2 client ID (or `HCP_CLIENT_ID`)."),
        f("client_secret", Ty::Str).doc("HCP OAuth2 client secret (or `HCP_CLIENT_SECRET`; secret)."),
        f("hostname", Ty::Str).doc("HCP API host name."),
        f("auth_url", Ty::Str).doc("HCP authentication URL."),
        f("scada_address", Ty::Str).doc("HCP SCADA address."),
    ],
};

pub static AUDIT: Block = Block {
    name: "audit",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("enabled", Ty::Bool).default("false").doc("Enable audit logging."),
        f("sink", Ty::Map(&AUDIT_SINK)).doc("Audit sinks by name."),
        f("rpc_enabled", Ty::Bool).default("false").doc("Also audit RPC requests, not only HTTP."),
    ],
};

pub static AUDIT_SINK: Block = Block {
    name: "audit sink",
    casing: Casing::Snake,
    link: GENERAL,
    fields: &[
        f("type", Ty::Enum(&["file"])).required().doc("Sink type: `file`."),
        f("format", Ty::Enum(&["json"])).required().doc("Record format: `json`."),
        f("path", Ty::Str).required().doc("File to write audit records to."),
        f("delivery_guarantee", Ty::Enum(&["best-effort"])).required().doc("Delivery guarantee: `best-effort`."),
        f("mode", Ty::Str).default("0600").doc("File mode of the audit log."),
        f("rotate_bytes", Ty::Int).default("0").doc("Rotate at this size in bytes (0 = no limit)."),
        f("rotate_duration", Ty::Duration).default("24h").doc("Rotate after this long."),
        f("rotate_max_files", Ty::Int).default("0").doc("Rotated files kept (0 = all)."),
        f("name", Ty::Str)
            .deprecated()
            .doc("Deprecated and ignored (the sink's name is its label); Consul warns \"config key audit.sink[].name is deprecated and should be removed\"."),
    ],
};

/// Keys Consul's agent configuration once had and the newest release refuses (`invalid config key`), from
/// `agent/config/config.go`'s history and CHANGELOG.md (the 1.0 upgrade table, later "removed" entries).
pub static REMOVED: &[Removed] = &[
    Removed { block: &AGENT, key: "acl_disabled_ttl", release: "1.11.0", instead: "the legacy ACL system was removed" },
    Removed { block: &ACL_BLOCK, key: "disabled_ttl", release: "1.11.0", instead: "the legacy ACL system was removed" },
    Removed {
        block: &TELEMETRY_BLOCK,
        key: "disable_compat_1.9",
        release: "1.13.0",
        instead: "the pre-1.9 metric names are gone",
    },
    Removed {
        block: &CONNECT,
        key: "enable_serverless_plugin",
        release: "1.15.0",
        instead: "use the `builtin/aws/lambda` Envoy extension instead",
    },
    Removed {
        block: &CONNECT,
        key: "proxy",
        release: "1.6.0",
        instead: "managed proxies were removed; run a sidecar proxy",
    },
    Removed { block: &CONNECT, key: "proxy_defaults", release: "1.6.0", instead: "managed proxies were removed" },
    Removed {
        block: &SERVICE,
        key: "proxy_destination",
        release: "1.6.0",
        instead: "use `proxy.destination_service_name` instead",
    },
    Removed {
        block: &super::service::CONNECT,
        key: "proxy",
        release: "1.6.0",
        instead: "use `sidecar_service` instead",
    },
    Removed {
        block: &AGENT,
        key: "retry_join_ec2",
        release: "1.0.0",
        instead: "use `retry_join` with `provider=aws` instead",
    },
    Removed {
        block: &AGENT,
        key: "retry_join_gce",
        release: "1.0.0",
        instead: "use `retry_join` with `provider=gce` instead",
    },
    Removed {
        block: &AGENT,
        key: "retry_join_azure",
        release: "1.0.0",
        instead: "use `retry_join` with `provider=azure` instead",
    },
    Removed { block: &AGENT, key: "statsd_addr", release: "1.0.0", instead: "use `telemetry.statsd_address` instead" },
    Removed {
        block: &AGENT,
        key: "statsite_addr",
        release: "1.0.0",
        instead: "use `telemetry.statsite_address` instead",
    },
    Removed {
        block: &AGENT,
        key: "statsite_prefix",
        release: "1.0.0",
        instead: "use `telemetry.metrics_prefix` instead",
    },
    Removed {
        block: &TELEMETRY_BLOCK,
        key: "statsite_prefix",
        release: "1.0.0",
        instead: "use `telemetry.metrics_prefix` instead",
    },
    Removed {
        block: &AGENT,
        key: "dogstatsd_addr",
        release: "1.0.0",
        instead: "use `telemetry.dogstatsd_addr` instead",
    },
    Removed {
        block: &AGENT,
        key: "dogstatsd_tags",
        release: "1.0.0",
        instead: "use `telemetry.dogstatsd_tags` instead",
    },
    Removed {
        block: &AGENT,
        key: "http_api_response_headers",
        release: "1.0.0",
        instead: "use `http_config.response_headers` instead",
    },
    Removed { block: &AGENT, key: "recursor", release: "1.0.0", instead: "use `recursors` instead" },
    Removed {
        block: &AGENT,
        key: "advertise_addrs",
        release: "1.0.0",
        instead: "use `advertise_addr`, `advertise_addr_wan` and `ports` instead",
    },
    Removed { block: &AGENT, key: "atlas_infrastructure", release: "1.0.0", instead: "Atlas is no longer supported" },
    Removed { block: &AGENT, key: "atlas_token", release: "1.0.0", instead: "Atlas is no longer supported" },
    Removed { block: &AGENT, key: "atlas_acl_token", release: "1.0.0", instead: "Atlas is no longer supported" },
    Removed { block: &AGENT, key: "atlas_join", release: "1.0.0", instead: "Atlas is no longer supported" },
    Removed { block: &AGENT, key: "atlas_endpoint", release: "1.0.0", instead: "Atlas is no longer supported" },
    Removed { block: &ADDRESSES, key: "rpc", release: "1.0.0", instead: "the CLI RPC server is gone" },
    Removed { block: &PORTS, key: "rpc", release: "1.0.0", instead: "the CLI RPC server is gone" },
];

#[cfg(test)]
mod tests {
    use super::super::lookup::KeyStyle;
    use super::super::service::testutil::*;
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        assert!(check_tree(&AGENT) > 300);
    }

    #[test]
    fn agent_keys_are_snake_case() {
        for fl in AGENT.fields {
            assert!(
                fl.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'),
                "{}",
                fl.name
            );
        }
        // PascalCase multi-word keys are not accepted in agent configuration.
        assert!(resolve(&AGENT, "services.connect.SidecarService", KeyStyle::Snake).is_err());
        assert!(resolve(&AGENT, "services.proxy.upstreams.DestinationPeer", KeyStyle::Snake).is_err());
        assert!(resolve(&AGENT, "Datacenter", KeyStyle::Snake).is_ok());
    }

    #[test]
    fn reference_agent_keys() {
        for p in [
            "peering.enabled",
            "ports.grpc",
            "ports.grpc_tls",
            "connect.enabled",
            "acl.enabled",
            "acl.default_policy",
            "acl.tokens.initial_management",
            "acl.tokens.agent",
            "acl.tokens.default",
            "acl.tokens.agent_recovery",
            "acl.tokens.master",
            "acl.tokens.agent_master",
            "ui_config.enabled",
            "ui_config.metrics_proxy.add_headers.name",
            "tls.grpc.use_auto_cert",
            "tls.https.verify_incoming",
            "audit.sink.mysink.path",
            "config_entries.bootstrap",
            "partition",
            "server",
            "datacenter",
            "services.checks.serviceid",
            "services.connect.sidecar_service.proxy.upstreams.destination_peer",
        ] {
            resolve(&AGENT, p, KeyStyle::Snake).unwrap();
        }
    }

    /// Every agent-config key used in /work/shared/corpus (`consul-envoy` and `consul-envoy-variants`
    /// `.hcl` files, bootstrap entries excluded), extracted by walking the files.
    const CORPUS: &[&str] = &[
        "acl",
        "acl.default_policy",
        "advertise_addr",
        "bind_addr",
        "ca_file",
        "cert_file",
        "config_entries",
        "config_entries.bootstrap",
        "connect",
        "connect.ca_config",
        "connect.ca_config.private_key_bits",
        "connect.ca_config.private_key_type",
        "connect.enable_mesh_gateway_wan_federation",
        "connect.enabled",
        "enable_central_service_config",
        "key_file",
        "log_level",
        "node_name",
        "peering",
        "peering.enabled",
        "ports",
        "ports.grpc_tls",
        "primary_datacenter",
        "primary_gateways",
        "primary_gateways_interval",
        "retry_join_wan",
        "services",
        "services.checks",
        "services.checks.http",
        "services.checks.interval",
        "services.checks.method",
        "services.checks.name",
        "services.checks.timeout",
        "services.connect",
        "services.connect.sidecar_service",
        "services.connect.sidecar_service.checks",
        "services.connect.sidecar_service.proxy",
        "services.connect.sidecar_service.proxy.config",
        "services.connect.sidecar_service.proxy.config.envoy_prometheus_bind_addr",
        "services.connect.sidecar_service.proxy.expose",
        "services.connect.sidecar_service.proxy.expose.checks",
        "services.connect.sidecar_service.proxy.upstreams",
        "services.connect.sidecar_service.proxy.upstreams.config",
        "services.connect.sidecar_service.proxy.upstreams.config.limits.max_connections",
        "services.connect.sidecar_service.proxy.upstreams.config.passive_health_check.enforcing_consecutive_5xx",
        "services.connect.sidecar_service.proxy.upstreams.datacenter",
        "services.connect.sidecar_service.proxy.upstreams.destination_name",
        "services.connect.sidecar_service.proxy.upstreams.destination_peer",
        "services.connect.sidecar_service.proxy.upstreams.local_bind_port",
        "services.connect.sidecar_service.proxy.upstreams.mesh_gateway",
        "services.connect.sidecar_service.proxy.upstreams.mesh_gateway.mode",
        "services.id",
        "services.kind",
        "services.meta",
        "services.meta.consul-wan-federation",
        "services.meta.version",
        "services.name",
        "services.port",
        "tls",
        "tls.internal_rpc",
        "tls.internal_rpc.ca_file",
        "tls.internal_rpc.cert_file",
        "tls.internal_rpc.key_file",
        "tls.internal_rpc.verify_incoming",
        "tls.internal_rpc.verify_outgoing",
        "tls.internal_rpc.verify_server_hostname",
        "verify_incoming",
        "verify_outgoing",
        "verify_server_hostname",
    ];

    #[test]
    fn corpus_keys_are_known() {
        for p in CORPUS {
            resolve(&AGENT, p, KeyStyle::Snake).unwrap();
        }
    }
}
