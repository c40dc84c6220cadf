use std::collections::{BTreeSet, HashMap};

use super::super::lookup::KeyStyle;
use super::super::service::testutil::{check_tree, resolve};
use super::*;

/// The CRD schemas' fields: (kind, path below spec, type).
fn crd_fields() -> Vec<(&'static str, &'static str, &'static str)> {
    include_str!("../../../tests/data/consul-k8s-crd-fields.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split(' ');
            (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap())
        })
        .collect()
}

/// Every path of a derived table, with the type it has: `Any`/`Opaque` fields end a path.
fn our_paths(block: &'static Block, prefix: &str, out: &mut Vec<(String, &'static Ty)>) {
    for field in block.fields {
        let path = if prefix.is_empty() { field.name.to_string() } else { format!("{prefix}.{}", field.name) };
        out.push((path.clone(), &field.ty));
        match &field.ty {
            Ty::Block(b) | Ty::BlockList(b) => our_paths(b, &path, out),
            Ty::Map(b) => our_paths(b, &format!("{path}.*"), out),
            _ => {}
        }
    }
}

/// Whether our type accepts what the CRD declares.
fn compatible(ours: &Ty, crd: &str) -> bool {
    match ours {
        Ty::Any => true,
        Ty::Opaque => crd.starts_with("map") || crd == "any" || crd == "object",
        Ty::Str | Ty::Duration | Ty::Enum(_) => crd == "string",
        Ty::Bool => crd == "boolean",
        Ty::Int => crd == "integer",
        Ty::Float => crd == "number" || crd == "integer",
        Ty::StrList => crd == "list-of-string",
        Ty::Block(_) => crd == "object",
        Ty::BlockList(_) => crd == "list",
        Ty::Map(_) => crd == "map",
        Ty::ConfigEntries => false,
    }
}

#[test]
fn tables_are_well_formed() {
    for resource in CUSTOM_RESOURCES {
        let spec = spec_block(resource.kind).unwrap();
        check_tree(spec);
        check_tree(resource_block(resource.kind).unwrap());
        assert_eq!(spec.casing, Casing::Camel, "{}", resource.kind);
    }
    let kinds: BTreeSet<&str> = CUSTOM_RESOURCES.iter().map(|r| r.kind).collect();
    assert_eq!(kinds.len(), CUSTOM_RESOURCES.len(), "duplicate kinds");
    // Built once: the same table every time.
    assert!(std::ptr::eq(spec_block("Mesh").unwrap(), spec_block("Mesh").unwrap()));
}

/// Every field of every CRD schema exists in our tables with a compatible type, and every field of our tables
/// exists in the CRD schema: the derivation plus the hand-listed differences give exactly the resources.
#[test]
fn tables_match_the_crd_schemas() {
    let mut crd: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for (kind, path, ty) in crd_fields() {
        if path != "." {
            crd.entry(kind).or_default().push((path, ty));
        }
    }
    let mut problems = Vec::new();
    for resource in CUSTOM_RESOURCES {
        let crd_paths = crd.remove(resource.kind).unwrap_or_else(|| panic!("no CRD schema for {}", resource.kind));
        let mut ours = Vec::new();
        our_paths(spec_block(resource.kind).unwrap(), "", &mut ours);
        let ours_by_path: HashMap<&str, &Ty> = ours.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        // Everything the CRD has: known to us, or below a field we do not check key by key.
        for (path, ty) in &crd_paths {
            let covered_by_any = ours.iter().any(|(p, t)| {
                matches!(t, Ty::Any | Ty::Opaque)
                    && path.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('.'))
            });
            match ours_by_path.get(path) {
                Some(t) if compatible(t, ty) => {}
                Some(t) => problems.push(format!("{} spec.{path}: ours {t:?}, CRD {ty}", resource.kind)),
                None if covered_by_any => {}
                None => problems.push(format!("{} spec.{path}: missing from our table ({ty})", resource.kind)),
            }
        }
        // Everything we have: in the CRD.
        let crd_set: BTreeSet<&str> = crd_paths.iter().map(|(p, _)| *p).collect();
        for (path, _) in &ours {
            if !crd_set.contains(path.as_str()) {
                problems.push(format!("{} spec.{path}: not in the CRD", resource.kind));
            }
        }
    }
    let leftover: Vec<&&str> = crd.keys().collect();
    assert!(leftover.is_empty(), "CRDs without a table: {leftover:?}");
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// Every field of a config entry's table has its counterpart in the resource, or is listed as not in spec
/// (the entry's identity, or an overlay's `omit`); and every overlay names fields that exist.
#[test]
fn every_entry_field_is_in_the_resource_or_listed() {
    fn check(entry: &'static Block, derived: &'static Block, overlay: &'static Overlay, top: bool, path: &str) {
        for name in overlay.omit.iter().chain(overlay.nested.iter().map(|(n, _)| n)) {
            assert!(entry.fields.iter().any(|f| f.name == *name), "{path}: overlay names unknown field {name}");
        }
        for field in entry.fields {
            let omitted = overlay.omit.contains(&field.name) || (top && ENTRY_IDENTITY.contains(&field.name));
            let counterpart = derived.field(&to_camel(field.name), KeyStyle::Camel);
            assert_eq!(counterpart.is_none(), omitted, "{path}.{}", field.name);
            let (Some(counterpart), Some(child)) = (counterpart, child(&field.ty)) else { continue };
            let nested = overlay.nested.iter().find(|(n, _)| *n == field.name).map_or(&SAME, |(_, o)| *o);
            check(
                child,
                super::super::service::testutil::children(&counterpart.ty).unwrap(),
                nested,
                false,
                &format!("{path}.{}", field.name),
            );
        }
        for extra in overlay.extra {
            assert!(derived.field(extra.name, KeyStyle::Camel).is_some(), "{path}: extra {}", extra.name);
        }
    }
    fn child(ty: &Ty) -> Option<&'static Block> {
        super::super::service::testutil::children(ty)
    }
    for resource in CUSTOM_RESOURCES {
        if let Spec::Entry { entry_kind, overlay } = resource.spec {
            let entry = entries::entry_block(entry_kind).unwrap();
            check(entry, spec_block(resource.kind).unwrap(), overlay, true, resource.kind);
        }
    }
}

/// Keys from consul-k8s's documentation and acceptance fixtures resolve; Consul's spellings do not.
#[test]
fn keys_of_real_resources_resolve() {
    let known = [
        ("Mesh", "spec.peering.peerThroughMeshGateways"),
        ("Mesh", "spec.tls.incoming.tlsMinVersion"),
        ("Mesh", "spec.http.sanitizeXForwardedClientCert"),
        ("ProxyDefaults", "spec.meshGateway.mode"),
        ("ProxyDefaults", "spec.config.envoy_prometheus_bind_addr"),
        ("ProxyDefaults", "spec.accessLogs.jsonFormat"),
        ("ServiceDefaults", "spec.upstreamConfig.overrides.peer"),
        ("ServiceDefaults", "spec.upstreamConfig.defaults.passiveHealthCheck.enforcingConsecutive5xx"),
        ("ServiceDefaults", "spec.upstreamConfig.overrides.envoyClusterJSON"),
        ("ServiceDefaults", "spec.mutualTLSMode"),
        ("ServiceDefaults", "spec.externalSNI"),
        ("ServiceDefaults", "spec.transparentProxy.dialedDirectly"),
        ("ExportedServices", "spec.services.consumers.peer"),
        ("ExportedServices", "spec.services.consumers.samenessGroup"),
        ("ServiceIntentions", "spec.destination.name"),
        ("ServiceIntentions", "spec.sources.peer"),
        ("ServiceIntentions", "spec.sources.permissions.http.pathPrefix"),
        ("ServiceIntentions", "spec.jwt.providers.verifyClaims.path"),
        ("ServiceResolver", "spec.failover.*.targets.peer"),
        ("ServiceResolver", "spec.redirect.peer"),
        ("ServiceResolver", "spec.subsets.v1.onlyPassing"),
        ("ServiceResolver", "spec.loadBalancer.hashPolicies.sourceIP"),
        ("ServiceRouter", "spec.routes.match.http.queryParam.exact"),
        ("ServiceSplitter", "spec.splits.serviceSubset"),
        ("IngressGateway", "spec.listeners.services.tls.sds.clusterName"),
        ("TerminatingGateway", "spec.services.caFile"),
        ("TerminatingGateway", "spec.services.secretRef.name"),
        ("SamenessGroup", "spec.members.peer"),
        ("JWTProvider", "spec.jsonWebKeySet.remote.uri"),
        ("ControlPlaneRequestLimit", "spec.acl.readRate"),
        ("PeeringAcceptor", "spec.peer.secret.backend"),
        ("PeeringDialer", "metadata.annotations.consul.hashicorp.com/peering-version"),
        ("MeshService", "spec.peer"),
        ("Mesh", "apiVersion"),
        ("Mesh", "status.conditions"),
    ];
    for (kind, path) in known {
        resolve(resource_block(kind).unwrap(), path, KeyStyle::Camel).unwrap_or_else(|e| panic!("{kind}: {e}"));
    }
    let unknown = [
        ("Mesh", "spec.peering.PeerThroughMeshGateways"),
        ("Mesh", "spec.peering.peer_through_mesh_gateways"),
        ("Mesh", "spec.peering.peeringThroughMeshGateways"),
        ("ExportedServices", "spec.services.consumers.peerName"),
        ("ExportedServices", "spec.services.consumers.peer_name"),
        ("ServiceDefaults", "spec.name"),
        ("ServiceDefaults", "spec.kind"),
        ("ServiceDefaults", "spec.meta"),
        ("ServiceDefaults", "spec.upstreamConfig.overrides.balanceOutboundConnections"),
        ("ServiceIntentions", "spec.name"),
        ("ServiceIntentions", "spec.sources.type"),
        ("ProxyDefaults", "spec.MeshGateway"),
        ("Mesh", "spec.partition"),
    ];
    for (kind, path) in unknown {
        assert!(resolve(resource_block(kind).unwrap(), path, KeyStyle::Camel).is_err(), "{kind} {path}");
    }
    assert!(custom_resource("ServiceDefaults").is_some_and(|r| r.entry_kind() == Some("service-defaults")));
    assert!(custom_resource("PeeringAcceptor").is_some_and(|r| r.entry_kind().is_none()));
    assert!(custom_resource("servicedefaults").is_none());
}

/// Every key of every custom resource in the classification fixtures resolves against its resource table.
#[test]
fn fixture_resources_use_known_keys() {
    use crate::syntax::{SourceKind, Value, ValueKind, parse, yaml};
    fn walk(value: &Value, block: &'static Block, path: &str, problems: &mut Vec<String>) {
        let ValueKind::Object(entries) = &value.kind else {
            if let ValueKind::List(items) = &value.kind {
                items.iter().for_each(|item| walk(item, block, path, problems));
            }
            return;
        };
        for entry in entries {
            let key = &entry.key.text;
            let Some(field) = block.field(key, KeyStyle::Camel) else {
                problems.push(format!("{path}.{key}: unknown in {}", block.name));
                continue;
            };
            match field.ty {
                Ty::Block(b) | Ty::BlockList(b) => walk(&entry.value, b, &format!("{path}.{key}"), problems),
                Ty::Map(b) => {
                    for item in entry.value.as_object().unwrap_or_default() {
                        walk(&item.value, b, &format!("{path}.{key}.{}", item.key.text), problems);
                    }
                }
                _ => {}
            }
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/k8s-classify/consul");
    let mut problems = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let p = parse(&text, SourceKind::Yaml);
        for doc in yaml::documents(&p) {
            let kind =
                doc.as_object().and_then(|o| o.iter().find(|e| e.key.text == "kind")).and_then(|e| e.value.as_str());
            let api = doc
                .as_object()
                .and_then(|o| o.iter().find(|e| e.key.text == "apiVersion"))
                .and_then(|e| e.value.as_str());
            if let (Some(kind), Some(api)) = (kind, api)
                && api.starts_with("consul.hashicorp.com/")
            {
                let block = resource_block(kind).unwrap_or_else(|| panic!("{}: no table for {kind}", path.display()));
                walk(doc, block, &format!("{}:{kind}", path.file_name().unwrap().to_string_lossy()), &mut problems);
                n += 1;
            }
        }
    }
    assert!(n >= 15, "{n} resources");
    assert!(problems.is_empty(), "{problems:#?}");
}
