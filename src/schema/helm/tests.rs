use super::super::lookup::KeyStyle;
use super::super::service::testutil::{check_tree, resolve};
use super::*;

#[test]
fn table_is_well_formed_and_has_the_settings_checks_read() {
    assert!(check_tree(&HELM_VALUES) > 500);
    for path in [
        "global.datacenter",
        "global.peering.enabled",
        "global.tls.enabled",
        "global.acls.manageSystemACLs",
        "global.adminPartitions.enabled",
        "global.adminPartitions.name",
        "global.enableConsulNamespaces",
        "connectInject.enabled",
        "connectInject.default",
        "connectInject.transparentProxy.defaultEnabled",
        "connectInject.consulNamespaces.mirroringK8S",
        "meshGateway.enabled",
        "meshGateway.replicas",
        "meshGateway.consulServiceName",
        "meshGateway.service.type",
        "externalServers.enabled",
        "server.replicas",
        "server.resources.requests.ephemeral-storage",
        "ui.enabled",
        "syncCatalog.enabled",
        "nameOverride",
    ] {
        resolve(&HELM_VALUES, path, KeyStyle::Camel).unwrap_or_else(|e| panic!("{e}"));
    }
    for typo in [
        "global.peering.enable",
        "global.imageK8s",
        "connectInject.consulNamespaces.mirroringK8s",
        "meshgateway.enabled",
        "global.acls.manageSystemAcls",
        "controller.enabled",
    ] {
        assert!(resolve(&HELM_VALUES, typo, KeyStyle::Camel).is_err(), "{typo}");
    }
    let peering = GLOBAL_PEERING.field("enabled", KeyStyle::Camel).unwrap();
    assert!(matches!(peering.ty, Ty::Bool) && peering.default == Some("false"));
}

/// Every key of the Helm values in the classification fixtures is a chart key.
#[test]
fn fixture_values_use_known_keys() {
    use crate::syntax::{SourceKind, Value, parse, yaml};
    fn walk(value: &Value, block: &'static Block, path: &str, problems: &mut Vec<String>) {
        for entry in value.as_object().unwrap_or_default() {
            match block.field(&entry.key.text, KeyStyle::Camel) {
                None => problems.push(format!("{path}.{}", entry.key.text)),
                Some(Field { ty: Ty::Block(b), .. }) => {
                    walk(&entry.value, b, &format!("{path}.{}", entry.key.text), problems)
                }
                Some(_) => {}
            }
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/k8s-classify/consul");
    let mut problems = Vec::new();
    for name in ["values.yaml", "values-minimal.yml"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let p = parse(&text, SourceKind::Yaml);
        walk(&yaml::documents(&p)[0], &HELM_VALUES, name, &mut problems);
    }
    assert!(problems.is_empty(), "{problems:?}");
}
