//! Key spellings of a `PUT /v1/agent/service/register` body as Go's encoding/json decodes it: a key matches a
//! struct field case-insensitively (`destinationname` is `DestinationName`), but snake_case only where the
//! struct's `UnmarshalJSON` adds it (`sidecar_service`, `local_bind_port`, ...; `agent/structs`). Consul decodes
//! with `DisallowUnknownFields`, so any other snake_case key is refused: `Request decode failed: json: unknown
//! field "x"`. The schema rules accept every snake_case spelling of a field (they serve agent configuration
//! too); this rule reports the ones the API refuses. Keys unknown in any spelling are the schema rules' finding.
//!
//! One more Go detail: `ServiceConnect.UnmarshalJSON` decodes without `DisallowUnknownFields`, so Consul
//! silently drops an unknown key directly inside `Connect`; it is still reported (the setting is lost).

use crate::model::object_values;
use crate::rules::{Code, Diagnostic, FixHint};
use crate::syntax::{Entry, Value};

/// A Go struct as encoding/json sees it: field names, extra snake_case keys its `UnmarshalJSON` accepts, and
/// what the nested fields hold.
struct Shape {
    fields: &'static [&'static str],
    snake: &'static [&'static str],
    nested: &'static [(&'static str, Nested)],
}

#[derive(Clone, Copy)]
enum Nested {
    One(&'static Shape),
    /// A map of names to objects of this shape (`TaggedAddresses`).
    Map(&'static Shape),
}

static SERVICE_DEFINITION: Shape = Shape {
    fields: &[
        "Kind",
        "ID",
        "Name",
        "Tags",
        "Address",
        "TaggedAddresses",
        "Meta",
        "Port",
        "Ports",
        "SocketPath",
        "Check",
        "Checks",
        "Weights",
        "Token",
        "EnableTagOverride",
        "Locality",
        "Proxy",
        "Connect",
        "Namespace",
        "Partition",
    ],
    snake: &["enable_tag_override", "tagged_addresses"],
    nested: &[
        ("TaggedAddresses", Nested::Map(&SERVICE_ADDRESS)),
        ("tagged_addresses", Nested::Map(&SERVICE_ADDRESS)),
        ("Ports", Nested::One(&SERVICE_PORT)),
        ("Check", Nested::One(&CHECK_TYPE)),
        ("Checks", Nested::One(&CHECK_TYPE)),
        ("Weights", Nested::One(&WEIGHTS)),
        ("Locality", Nested::One(&LOCALITY)),
        ("Proxy", Nested::One(&CONNECT_PROXY_CONFIG)),
        ("Connect", Nested::One(&SERVICE_CONNECT)),
    ],
};

static SERVICE_ADDRESS: Shape = Shape { fields: &["Address", "Port"], snake: &[], nested: &[] };
static SERVICE_PORT: Shape = Shape { fields: &["Name", "Port", "Default"], snake: &[], nested: &[] };
static WEIGHTS: Shape = Shape { fields: &["Passing", "Warning"], snake: &[], nested: &[] };
static LOCALITY: Shape = Shape { fields: &["Region", "Zone"], snake: &[], nested: &[] };

static SERVICE_CONNECT: Shape = Shape {
    fields: &["Native", "SidecarService", "PeerMeta"],
    snake: &["sidecar_service"],
    nested: &[
        ("SidecarService", Nested::One(&SERVICE_DEFINITION)),
        ("sidecar_service", Nested::One(&SERVICE_DEFINITION)),
    ],
};

static CONNECT_PROXY_CONFIG: Shape = Shape {
    fields: &[
        "EnvoyExtensions",
        "DestinationServiceName",
        "DestinationServiceID",
        "LocalServiceAddress",
        "LocalServicePort",
        "LocalServiceSocketPath",
        "Mode",
        "Config",
        "Upstreams",
        "MeshGateway",
        "Expose",
        "TransparentProxy",
        "AccessLogs",
    ],
    snake: &[
        "destination_service_name",
        "destination_service_id",
        "local_service_address",
        "local_service_port",
        "local_service_socket_path",
        "mesh_gateway",
        "transparent_proxy",
        "access_logs",
    ],
    nested: &[
        ("EnvoyExtensions", Nested::One(&ENVOY_EXTENSION)),
        ("Upstreams", Nested::One(&UPSTREAM)),
        ("MeshGateway", Nested::One(&MESH_GATEWAY)),
        ("mesh_gateway", Nested::One(&MESH_GATEWAY)),
        ("Expose", Nested::One(&EXPOSE)),
        ("TransparentProxy", Nested::One(&TRANSPARENT_PROXY)),
        ("transparent_proxy", Nested::One(&TRANSPARENT_PROXY)),
        ("AccessLogs", Nested::One(&ACCESS_LOGS)),
        ("access_logs", Nested::One(&ACCESS_LOGS)),
    ],
};

static UPSTREAM: Shape = Shape {
    fields: &[
        "DestinationType",
        "DestinationNamespace",
        "DestinationPartition",
        "DestinationPeer",
        "DestinationName",
        "Datacenter",
        "LocalBindAddress",
        "LocalBindPort",
        "LocalBindSocketPath",
        "LocalBindSocketMode",
        "Config",
        "MeshGateway",
        "CentrallyConfigured",
    ],
    snake: &[
        "destination_type",
        "destination_partition",
        "destination_namespace",
        "destination_peer",
        "destination_name",
        "local_bind_address",
        "local_bind_port",
        "local_bind_socket_path",
        "local_bind_socket_mode",
        "mesh_gateway",
    ],
    nested: &[("MeshGateway", Nested::One(&MESH_GATEWAY)), ("mesh_gateway", Nested::One(&MESH_GATEWAY))],
};

static MESH_GATEWAY: Shape = Shape { fields: &["Mode"], snake: &[], nested: &[] };
static TRANSPARENT_PROXY: Shape =
    Shape { fields: &["OutboundListenerPort", "DialedDirectly"], snake: &[], nested: &[] };
static EXPOSE: Shape =
    Shape { fields: &["Checks", "Paths"], snake: &[], nested: &[("Paths", Nested::One(&EXPOSE_PATH))] };
static EXPOSE_PATH: Shape = Shape {
    fields: &["ListenerPort", "Path", "LocalPathPort", "Protocol", "ParsedFromCheck"],
    snake: &["listener_port", "local_path_port", "parsed_from_check"],
    nested: &[],
};
static ACCESS_LOGS: Shape = Shape {
    fields: &["Enabled", "DisableListenerLogs", "Type", "Path", "JSONFormat", "TextFormat"],
    snake: &[],
    nested: &[],
};
static ENVOY_EXTENSION: Shape =
    Shape { fields: &["Name", "Required", "Arguments", "ConsulVersion", "EnvoyVersion"], snake: &[], nested: &[] };

static CHECK_TYPE: Shape = Shape {
    fields: &[
        "CheckID",
        "Name",
        "Status",
        "Notes",
        "ScriptArgs",
        "HTTP",
        "H2PING",
        "H2PingUseTLS",
        "Header",
        "Method",
        "Body",
        "DisableRedirects",
        "TCP",
        "TCPUseTLS",
        "UDP",
        "Interval",
        "AliasNode",
        "AliasService",
        "DockerContainerID",
        "Shell",
        "GRPC",
        "GRPCUseTLS",
        "OSService",
        "TLSServerName",
        "TLSSkipVerify",
        "Timeout",
        "TTL",
        "SuccessBeforePassing",
        "FailuresBeforeWarning",
        "FailuresBeforeCritical",
        "ProxyHTTP",
        "ProxyGRPC",
        "DeregisterCriticalServiceAfter",
        "OutputMaxSize",
        "Args",
        "ServiceID",
    ],
    snake: &[
        "script_args",
        "deregister_critical_service_after",
        "docker_container_id",
        "tls_server_name",
        "tls_skip_verify",
        "tcp_use_tls",
        "grpc_use_tls",
        "h2ping_use_tls",
        "service_id",
    ],
    nested: &[],
};

/// Checks the keys of a service registration body (the root object of the file).
pub fn check(root: &Value, out: &mut Vec<Diagnostic>) {
    walk(root, &SERVICE_DEFINITION, out);
}

fn walk(value: &Value, shape: &'static Shape, out: &mut Vec<Diagnostic>) {
    for object in object_values(value) {
        for entry in object.as_object().unwrap_or(&[]) {
            visit(entry, shape, out);
        }
    }
}

fn visit(entry: &Entry, shape: &'static Shape, out: &mut Vec<Diagnostic>) {
    let key = entry.key.text.as_str();
    let field = shape.fields.iter().find(|f| f.eq_ignore_ascii_case(key));
    let snake = shape.snake.iter().find(|f| f.eq_ignore_ascii_case(key));
    let Some(&name) = field.or(snake) else {
        // Spelled with underscores but otherwise a field: the schema rules accept it, encoding/json does not.
        if key.contains('_') {
            let squashed = key.replace('_', "");
            if let Some(field) = shape.fields.iter().find(|f| f.eq_ignore_ascii_case(&squashed)) {
                out.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        entry.key.range,
                        format!(
                            "Request decode failed: json: unknown field \"{key}\": the HTTP API reads \"{field}\" (any letter case), and snake_case only for the keys Consul lists"
                        ),
                    )
                    .with_fix(FixHint::RenameKey { to: field.to_string() }),
                );
            }
        }
        return;
    };
    if let Some((_, nested)) = shape.nested.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        match *nested {
            Nested::One(inner) => walk(&entry.value, inner, out),
            Nested::Map(inner) => {
                for map in object_values(&entry.value) {
                    for item in map.as_object().unwrap_or(&[]) {
                        walk(&item.value, inner, out);
                    }
                }
            }
        }
    }
}
