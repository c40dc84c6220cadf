#!/usr/bin/env python3
"""Lists the spec fields of consul-k8s's custom resources, for tests/data/consul-k8s-crd-fields.txt.

Usage: tools/crd_fields.py CONSUL_K8S_CHECKOUT/charts/consul/templates > fields.txt

Reads every crd-*.yaml of the Consul chart (Helm template lines are dropped; the external Gateway API CRDs are
skipped), keeps the resources of the group consul.hashicorp.com, and prints one line per field below `spec`:
KIND PATH TYPE. List items are transparent (`services.consumers.peer`), a map key is `*`
(`failover.*.targets`), a field with x-kubernetes-preserve-unknown-fields is `any`. Needs PyYAML.
"""
import glob
import os
import sys

import yaml


def walk(kind, path, schema, out):
    t = schema.get("type")
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        out.append((kind, path, "any"))
    elif t == "object" and "properties" in schema:
        out.append((kind, path, "object"))
        for key, sub in schema["properties"].items():
            walk(kind, f"{path}.{key}" if path else key, sub, out)
    elif t == "object" and "additionalProperties" in schema:
        values = schema["additionalProperties"]
        if isinstance(values, dict) and values.get("type") == "object" and "properties" in values:
            out.append((kind, path, "map"))
            for key, sub in values["properties"].items():
                walk(kind, f"{path}.*.{key}", sub, out)
        else:
            inner = values.get("type", "any") if isinstance(values, dict) else "any"
            out.append((kind, path, f"map-of-{inner}"))
    elif t == "array":
        items = schema.get("items", {})
        if items.get("type") == "object" and "properties" in items:
            out.append((kind, path, "list"))
            for key, sub in items["properties"].items():
                walk(kind, f"{path}.{key}", sub, out)
        else:
            out.append((kind, path, "list-of-" + items.get("type", "any")))
    else:
        out.append((kind, path, t or "any"))


def main(templates):
    out = []
    for name in sorted(glob.glob(os.path.join(templates, "crd-*.yaml"))):
        if "external" in name:
            continue
        with open(name) as f:
            text = "\n".join(line for line in f.read().splitlines() if "{{" not in line)
        for doc in yaml.safe_load_all(text):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            if doc["spec"]["group"] != "consul.hashicorp.com":
                continue
            kind = doc["spec"]["names"]["kind"]
            versions = doc["spec"]["versions"]
            for version in versions:
                if len(versions) > 1 and not version.get("storage", True):
                    continue
                spec = version["schema"]["openAPIV3Schema"]["properties"].get("spec")
                if spec:
                    walk(kind, "", spec, out)
    for kind, path, t in out:
        print(kind, path or ".", t)


if __name__ == "__main__":
    main(sys.argv[1])
