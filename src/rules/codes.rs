//! Every diagnostic code consul-ls emits, with its default severity, one-line summary, whether it offers a
//! quick fix, and the Consul fact it rests on. This table feeds the CLI (SARIF rule metadata), the README and the
//! language server; the rule families in the sibling files emit these codes.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(text: &str) -> Option<Severity> {
        Some(match text {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "information" | "info" => Severity::Information,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
    /// True when `self` is as severe as `level` or more.
    pub fn at_least(self, level: Severity) -> bool {
        self <= level
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $variant:ident => $code:literal, $severity:ident, fix: $fix:literal, $summary:literal, $fact:literal; )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
            /// Whether the language server offers a quick fix for this code.
            pub fn has_fix(self) -> bool {
                match self { $(Code::$variant => $fix,)* }
            }
            /// One line: when the code fires.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
            /// The Consul behaviour the rule is grounded in (consul-reference.md).
            pub fn fact(self) -> &'static str {
                match self { $(Code::$variant => $fact,)* }
            }
            pub fn parse(text: &str) -> Option<Code> {
                match text { $($code => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    Syntax => "syntax", Error, fix: false,
        "The file does not parse as HCL (as Consul reads it, HCL 1) or as strict JSON.",
        "Consul parses agent configs and config entries with HCL 1 or encoding/json and refuses the file on a syntax error (reference §1).";
    UnknownField => "unknown-field", Warning, fix: true,
        "A key Consul does not know at that place; the message suggests the closest known key.",
        "Unknown keys are fatal: `invalid config key <path>` for agent configs, `invalid config key \"<k>\"` for config entries, `json: unknown field` for the API (reference §1).";
    DeprecatedField => "deprecated-field", Hint, fix: true,
        "A key Consul still reads but has deprecated; the message names the replacement.",
        "Consul warns `The '<old>' field is deprecated. Use the '<new>' field instead.` at startup and may remove the key in a later release (agent/config/deprecated.go).";
    InvalidValue => "invalid-value", Error, fix: true,
        "A value of the wrong type, or outside the allowed values.",
        "Agent config decoding has no weak typing; mesh gateway modes must be \"\", none, local or remote; exported-services Name must be the partition name (reference §1, §2, §3).";
    MissingRequired => "missing-required", Error, fix: true,
        "A required field is absent.",
        "`upstream destination name cannot be empty`, config entries need a Name, `Port must be non-zero for a mesh-gateway`, bootstrap entries need a Kind (reference §2, §3, §4).";
    UpstreamPeerConflict => "upstream-peer-conflict", Error, fix: true,
        "An upstream sets destination_peer together with datacenter, or with a destination_partition other than its service's own.",
        "`upstream cannot specify both destination peer and datacenter`; `upstreams must target peers in the same partition as the service` (reference §2).";
    UpstreamMissingPeer => "upstream-missing-peer", Warning, fix: true,
        "An upstream names a service its cluster does not register, but a peer cluster exports it here; destination_peer is missing.",
        "Without destination_peer an upstream resolves in the local datacenter and partition only (reference §2, §7).";
    UnknownPeer => "unknown-peer", Warning, fix: true,
        "A destination_peer or an exported-services consumer Peer names no cluster of the workspace (on Kubernetes: no peer the cluster's PeeringAcceptor/PeeringDialer resources declare).",
        "Peer names are local names chosen at `consul peering establish`; a name no cluster answers to never connects (reference §6).";
    ServiceNotExported => "service-not-exported", Error, fix: true,
        "An upstream targets a service through a peer whose cluster does not export that service to this cluster.",
        "A peer only sees services listed in its partner's exported-services entry for that peer (reference §3, §7).";
    UpstreamMissingNamespace => "upstream-missing-namespace", Warning, fix: true,
        "The peer exports the service from a non-default namespace and the upstream has no destination_namespace.",
        "Exported services keep their namespace; an upstream without destination_namespace looks in `default` (reference §2, §3).";
    ExportWithoutMeshGateway => "export-without-mesh-gateway", Warning, fix: true,
        "An exported-services entry exports to a peer, but the cluster registers no mesh gateway.",
        "Peered traffic and, with PeerThroughMeshGateways, control-plane traffic go through mesh gateways (reference §4, §6).";
    GatewayPartitionMismatch => "gateway-partition-mismatch", Warning, fix: true,
        "Mesh gateways exist in the cluster, but none in the partition of the exported-services entry.",
        "Enterprise: the mesh gateway must be in the same partition as the exported services (reference §4).";
    LocalModeWithoutGateway => "local-mode-without-gateway", Warning, fix: true,
        "Mesh gateway mode local applies to a peered upstream, but the importing cluster registers no mesh gateway.",
        "`local` needs a mesh gateway in the importing cluster; precedence upstream > proxy > service-defaults > proxy-defaults (reference §3).";
    PeeringWithoutMeshConfig => "peering-without-mesh-config", Information, fix: true,
        "The cluster uses peering but no mesh config entry sets Peering { PeerThroughMeshGateways = true }.",
        "PeerThroughMeshGateways routes peering control-plane traffic through mesh gateways (reference §3, §7).";
    AclGatewayServiceWrite => "acl-gateway-service-write", Warning, fix: true,
        "ACLs are enabled and no policy of the cluster grants service:write on the mesh gateway's service name.",
        "A mesh gateway token needs `service \"<gateway>\" { policy = \"write\" }` (reference §5).";
    AclGatewayServiceRead => "acl-gateway-service-read", Warning, fix: true,
        "The mesh gateway's policy lacks service:read on all services of the partition.",
        "A mesh gateway token needs `service_prefix \"\" { policy = \"read\" }` (reference §5).";
    AclGatewayMeshWrite => "acl-gateway-mesh-write", Warning, fix: true,
        "The mesh gateway's policy lacks mesh = \"write\".",
        "Peering mesh gateways need mesh:write for their leaf certificate (reference §5, #15366).";
    AclGatewayPeeringRead => "acl-gateway-peering-read", Warning, fix: true,
        "The mesh gateway's policy lacks peering = \"read\".",
        "Mesh gateways read peerings: `lacks permission 'peering:read'` (reference §5, consul-k8s #1685).";
    TokenInConfig => "token-in-config", Information, fix: false,
        "An ACL token secret is written in plain text in a config file.",
        "Tokens in acl.tokens or a service's token field are secrets; prefer `consul acl set-agent-token` or a file readable only by the agent (reference §6).";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
    }

    #[test]
    fn severity_order() {
        assert!(Severity::Error.at_least(Severity::Warning));
        assert!(!Severity::Hint.at_least(Severity::Warning));
        assert!(Severity::Warning.at_least(Severity::Warning));
    }
}
