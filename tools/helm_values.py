#!/usr/bin/env python3
"""Generates src/schema/helm.rs, the schema of the Consul Helm chart's values, from the chart itself.

Usage: tools/helm_values.py CONSUL_K8S_CHECKOUT/charts/consul COMMIT > src/schema/helm.rs && cargo fmt
(the tests live in src/schema/helm/tests.rs).

The keys and their nesting come from values.yaml; a key's type from its default value, or from the chart's own
`# @type:` annotation above it when the default is null (`string`, `boolean`, `integer`, `map`,
`array<string>`, `array<map>`). A map annotated `@type: map` or `@recurse: false` (resources, annotations,
securityContext, …), or empty by default, is free-form: its keys are not checked. Docs are written here for the
settings consul-ls's checks read (HAND_DOCS); every other key gets its path and default. Needs PyYAML.
"""
import re
import sys

import yaml

# Keys the templates read that values.yaml does not list (standard Helm name overrides).
EXTRA = {"nameOverride": "string", "fullnameOverride": "string"}

HAND_DOCS = {
    "global": "Settings that affect every component of the chart.",
    "global.name": "Prefix of every resource the chart creates (default `<release>-consul`).",
    "global.datacenter": "Datacenter of the Consul servers and clients of this install.",
    "global.enabled": "Default for every component's `enabled`.",
    "global.peering": "Cluster peering (Consul 1.14+, consul-k8s 1.0+).",
    "global.peering.enabled": "Enable cluster peering: the PeeringAcceptor and PeeringDialer controllers. Needs "
    "`connectInject.enabled`, `global.tls.enabled` and `meshGateway.enabled`.",
    "global.tls": "TLS for the agents' RPC and HTTPS APIs.",
    "global.tls.enabled": "Enable TLS for the Consul agents (required by cluster peering).",
    "global.acls": "ACL settings.",
    "global.acls.manageSystemACLs": "Let the chart bootstrap ACLs and write the policies and tokens of every "
    "component (the mesh gateway's included).",
    "global.adminPartitions": "Admin partitions (Consul Enterprise).",
    "global.adminPartitions.enabled": "Enable admin partitions; needs `global.enableConsulNamespaces`.",
    "global.adminPartitions.name": "Admin partition of this install (`default` in the server cluster); "
    "custom resources and the mesh gateway live there.",
    "global.enableConsulNamespaces": "Enable Consul namespaces (Consul Enterprise).",
    "global.gossipEncryption": "Gossip encryption key from a Kubernetes secret.",
    "global.federation": "WAN federation through mesh gateways.",
    "global.imageK8S": "consul-k8s control plane image (note the capital `S`).",
    "server": "The Consul servers.",
    "server.enabled": "Run Consul servers in this cluster.",
    "server.replicas": "Number of Consul servers.",
    "externalServers": "Consul servers outside this Kubernetes cluster.",
    "externalServers.enabled": "Use the servers in `externalServers.hosts` (needed for a non-default partition).",
    "externalServers.hosts": "Addresses of the external Consul servers.",
    "client": "Consul client agents (not needed with Consul dataplane).",
    "ui": "The Consul UI.",
    "syncCatalog": "Catalog sync between Kubernetes services and Consul.",
    "connectInject": "Service mesh: sidecar injection, the custom resources' controllers.",
    "connectInject.enabled": "Enable sidecar injection and the custom resource controllers (required for "
    "peering and mesh gateways).",
    "connectInject.default": "Inject every pod unless it is annotated `consul.hashicorp.com/connect-inject: "
    "\"false\"`.",
    "connectInject.transparentProxy": "Transparent proxy defaults.",
    "connectInject.transparentProxy.defaultEnabled": "Enable transparent proxy for pods without the "
    "`consul.hashicorp.com/transparent-proxy` annotation.",
    "connectInject.consulNamespaces": "Which Consul namespace injected services register in (Enterprise).",
    "connectInject.consulNamespaces.mirroringK8S": "Register services in the Consul namespace named like their "
    "Kubernetes namespace (note the capital `S`).",
    "meshGateway": "Mesh gateways for cluster peering, WAN federation and admin partitions.",
    "meshGateway.enabled": "Deploy mesh gateways; needs `connectInject.enabled`.",
    "meshGateway.replicas": "Number of mesh gateway pods.",
    "meshGateway.consulServiceName": "Consul service name of the mesh gateways (cannot be set with "
    "`global.acls.manageSystemACLs`).",
    "meshGateway.service": "The Kubernetes Service in front of the mesh gateways.",
    "ingressGateways": "Ingress gateways.",
    "terminatingGateways": "Terminating gateways.",
    "dns": "Consul DNS in Kubernetes.",
}


def type_hint(lines, line_no, indent):
    """The `@type`/`@recurse` annotations in the comment block right above line `line_no` (0-based)."""
    hints = {}
    i = line_no - 1
    while i >= 0:
        stripped = lines[i].strip()
        if not stripped.startswith("#"):
            break
        m = re.match(r"#\s*@(type|recurse):\s*(\S.*)$", stripped)
        if m:
            hints.setdefault(m.group(1), m.group(2).strip().lower())
        i -= 1
    return hints


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def const_name(path):
    return re.sub(r"[^A-Za-z0-9]", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", path)).upper()


def default_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and len(value) <= 60 and "\n" not in value:
        return value
    return None


def main(chart, commit):
    text = open(f"{chart}/values.yaml").read()
    lines = text.splitlines()
    root = yaml.compose(text)
    blocks = []  # (const name, path, [field lines])

    def field(path, key, value_node):
        hints = type_hint(lines, value_node.start_mark.line if False else key.start_mark.line, key.start_mark.column)
        value = yaml.safe_load(yaml.serialize(value_node)) if not isinstance(value_node, yaml.MappingNode) else None
        doc = HAND_DOCS.get(path)
        default = None
        if isinstance(value_node, yaml.MappingNode) and value_node.value:
            if hints.get("type") == "map" or hints.get("recurse") == "false":
                ty = "Ty::Opaque"
            else:
                ty = f"Ty::Block(&{block(path, value_node)})"
        elif isinstance(value_node, yaml.MappingNode):
            ty = "Ty::Opaque"
        elif isinstance(value_node, yaml.SequenceNode):
            hint = hints.get("type", "")
            items = value if isinstance(value, list) else []
            strings = items and all(isinstance(x, str) for x in items)
            ty = "Ty::StrList" if hint == "array<string>" or strings else "Ty::Any"
        else:
            hint = hints.get("type", "")
            if isinstance(value, bool) or hint == "boolean":
                ty = "Ty::Bool"
            elif isinstance(value, int) or hint in ("integer", "int"):
                ty = "Ty::Int"
            elif isinstance(value, float):
                ty = "Ty::Float"
            elif hint == "map":
                ty = "Ty::Opaque"
            elif hint.startswith("array<string>"):
                ty = "Ty::StrList"
            elif hint.startswith("array"):
                ty = "Ty::Any"
            elif isinstance(value, str) or hint == "string":
                ty = "Ty::Str"
            else:
                ty = "Ty::Any"
            default = default_text(value)
        if doc is None:
            doc = f"Chart value `{path}`" + (f" (default `{default}`)." if default not in (None, "") else ".")
        out = f"f({rust_str(key.value)}, {ty})"
        if default not in (None, ""):
            out += f".default({rust_str(default)})"
        return out + f".doc({rust_str(doc)})"

    def block(path, node):
        name = const_name(path) if path else "HELM_VALUES"
        fields = []
        for key, value in node.value:
            sub = f"{path}.{key.value}" if path else key.value
            fields.append(field(sub, key, value))
        if not path:
            for key, t in EXTRA.items():
                ty = {"string": "Ty::Str"}[t]
                fields.append(f"f({rust_str(key)}, {ty}).doc({rust_str('Overrides the chart name in resource names.')})")
        blocks.append((name, path, fields))
        return name

    block("", root)
    print(f"""//! The Consul Helm chart's values: every key of hashicorp/consul-k8s `charts/consul/values.yaml` at {commit},
//! with its type and default. GENERATED by `tools/helm_values.py` from the chart (values.yaml and its `@type`
//! annotations); do not edit by hand — change the generator, re-run it and `cargo fmt`. Keys are case-sensitive
//! ([`Casing::Camel`]); Helm ignores a key the chart does not have, so a misspelled key silently does nothing.
//! Free-form maps (resources, annotations, security contexts, …) are not checked key by key.

use super::types::*;
""")
    for name, path, fields in blocks:
        title = "Consul Helm chart values" if not path else f"Helm values `{path}`"
        print(f"pub static {name}: Block = Block {{")
        print(f"    name: {rust_str(title)},")
        print("    casing: Casing::Camel,")
        print('    link: "k8s/helm",')
        print("    fields: &[")
        for fl in fields:
            print(f"        {fl},")
        print("    ],")
        print("};")
        print()
    print("#[cfg(test)]")
    print("mod tests;")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
