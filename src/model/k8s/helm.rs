//! Reading a Consul Helm chart values document the way the chart's templates do: a value written in the file,
//! else the chart's default (from the values table, [`crate::schema::helm`]), tested with Go template
//! truthiness (`{{ if .Values.x }}`: `false`, `0`, `""`, `null` and empty collections are false; the string
//! `"false"` is true). `"-"` in `server.enabled`, `client.enabled` and `connectInject.enabled` means "as
//! `global.enabled`" (consul-k8s-reference.md §4).
//!
//! What the analysis needs from a values file is [`HelmFacts`]: the install's partition and namespaces mode,
//! whether the chart registers a mesh gateway and writes the ACL policies, whether peering is on.

use crate::schema::helm::HELM_VALUES;
use crate::schema::{Block, KeyStyle, Ty};
use crate::syntax::{CompactString, Entry, TextRange, Value, ValueKind};

/// One values document, read with the chart's defaults.
#[derive(Clone, Copy)]
pub struct HelmValues<'a> {
    pub doc: &'a Value,
}

/// A value as the templates see it: written, or the chart's default.
#[derive(Clone, Copy, Debug)]
pub enum Setting<'a> {
    Written(&'a Entry),
    Default(&'static str),
    Absent,
}

impl<'a> Setting<'a> {
    /// Go template truthiness.
    pub fn truthy(self) -> bool {
        match self {
            Setting::Written(entry) => truthy(&entry.value),
            Setting::Default(default) => !matches!(default, "" | "false" | "0" | "null" | "[]" | "{}"),
            Setting::Absent => false,
        }
    }

    /// The text of a string (or scalar) value.
    pub fn text(self) -> Option<String> {
        match self {
            Setting::Written(entry) => match &entry.value.kind {
                ValueKind::String(s) => Some(s.text.to_string()),
                ValueKind::Bool(b) => Some(b.to_string()),
                ValueKind::Number(n) if n.is_integer => Some(format!("{}", n.value as i64)),
                ValueKind::Number(n) => Some(n.value.to_string()),
                _ => None,
            },
            Setting::Default(default) => Some(default.to_string()),
            Setting::Absent => None,
        }
    }

    pub fn entry(self) -> Option<&'a Entry> {
        match self {
            Setting::Written(entry) => Some(entry),
            _ => None,
        }
    }

    /// Whether the value is the chart's "inherit from global.enabled" marker `"-"`.
    fn is_dash(self) -> bool {
        self.text().as_deref() == Some("-")
    }
}

fn truthy(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Null | ValueKind::Invalid => false,
        ValueKind::Bool(b) => *b,
        ValueKind::Number(n) => n.value != 0.0,
        ValueKind::String(s) => !s.text.is_empty(),
        ValueKind::Object(entries) => !entries.is_empty(),
        ValueKind::List(items) => !items.is_empty(),
    }
}

/// The entry for `key` in an object: the last one, as Kubernetes' and Helm's decoders keep it.
pub fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Entry> {
    value.as_object()?.iter().rev().find(|e| e.key.text == key)
}

impl<'a> HelmValues<'a> {
    pub fn new(doc: &'a Value) -> HelmValues<'a> {
        HelmValues { doc }
    }

    /// The setting at a dotted path (`global.peering.enabled`): written (and not `null`), else the chart's
    /// default.
    pub fn setting(self, path: &str) -> Setting<'a> {
        let keys: Vec<&str> = path.split('.').collect();
        let mut value = self.doc;
        for (i, key) in keys.iter().enumerate() {
            let Some(entry) = get(value, key) else { break };
            if matches!(entry.value.kind, ValueKind::Null) {
                break;
            }
            if i + 1 == keys.len() {
                return Setting::Written(entry);
            }
            value = &entry.value;
        }
        resolve(path).and_then(|f| f.default).map_or(Setting::Absent, Setting::Default)
    }

    pub fn enabled(self, path: &str) -> bool {
        self.setting(path).truthy()
    }

    /// `server.enabled` / `client.enabled` / `connectInject.enabled` with `"-"` meaning `global.enabled`.
    pub fn component_enabled(self, path: &str) -> bool {
        let setting = self.setting(path);
        if setting.is_dash() { self.enabled("global.enabled") } else { setting.truthy() }
    }
}

fn resolve(path: &str) -> Option<&'static crate::schema::Field> {
    let mut block: &'static Block = &HELM_VALUES;
    let mut field = None;
    for key in path.split('.') {
        let f = block.field(key, KeyStyle::Camel)?;
        field = Some(f);
        if let Ty::Block(b) = f.ty {
            block = b;
        }
    }
    field
}

/// What one values document says about the cluster it installs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelmFacts {
    /// The document.
    pub range: TextRange,
    /// The admin partition of the install: `global.adminPartitions.name` when admin partitions are enabled,
    /// else `default`.
    pub partition: CompactString,
    /// Consul namespaces or admin partitions are enabled (the upstream annotation's grammar changes).
    pub namespaces: bool,
    /// `global.adminPartitions.enabled`.
    pub partitions: bool,
    /// `connectInject.consulNamespaces.mirroringK8S` (with namespaces on: Consul namespace = Kubernetes one).
    pub mirroring: bool,
    /// `global.peering.enabled`.
    pub peering: bool,
    /// `global.acls.manageSystemACLs`: the chart bootstraps ACLs and writes every component's policy. The
    /// entry, for where facts about it sit.
    pub acls_managed: Option<TextRange>,
    /// The mesh gateway the chart registers (`meshGateway.enabled`, replicas above 0): its service name and the
    /// `enabled` entry's key and value.
    pub mesh_gateway: Option<HelmGateway>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelmGateway {
    pub name: CompactString,
    pub key: TextRange,
    pub value: TextRange,
}

impl HelmFacts {
    pub fn read(doc: &Value) -> HelmFacts {
        let values = HelmValues::new(doc);
        let partitions = values.enabled("global.adminPartitions.enabled");
        let partition = if partitions {
            values.setting("global.adminPartitions.name").text().filter(|p| !p.is_empty())
        } else {
            None
        };
        let namespaces = partitions || values.enabled("global.enableConsulNamespaces");
        let mesh_gateway = values.setting("meshGateway.enabled").entry().filter(|e| truthy(&e.value)).and_then(|e| {
            let replicas = values.setting("meshGateway.replicas");
            let none = matches!(replicas.entry().map(|r| &r.value.kind), Some(ValueKind::Number(n)) if n.value <= 0.0);
            let name = values
                .setting("meshGateway.consulServiceName")
                .text()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "mesh-gateway".to_string());
            (!none).then(|| HelmGateway { name: name.into(), key: e.key.range, value: e.value.range })
        });
        let acls_managed = values.setting("global.acls.manageSystemACLs").entry().filter(|e| truthy(&e.value));
        HelmFacts {
            range: doc.range,
            partition: partition.unwrap_or_else(|| crate::model::DEFAULT.to_string()).into(),
            namespaces,
            partitions,
            mirroring: values.enabled("connectInject.consulNamespaces.mirroringK8S"),
            peering: values.enabled("global.peering.enabled"),
            acls_managed: acls_managed.map(|e| e.key.range.cover(e.value.range)),
            mesh_gateway,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{SourceKind, parse, yaml};

    fn facts(text: &str) -> HelmFacts {
        let p = parse(text, SourceKind::Yaml);
        HelmFacts::read(&yaml::documents(&p)[0])
    }

    #[test]
    fn defaults_and_truthiness() {
        let f = facts("global:\n  name: consul\n");
        assert_eq!(f.partition, "default");
        assert!(!f.namespaces && !f.peering && f.acls_managed.is_none() && f.mesh_gateway.is_none());
        assert!(f.mirroring, "mirroringK8S defaults to true");

        let text = "global:\n  peering:\n    enabled: true\n  acls:\n    manageSystemACLs: true\n  adminPartitions:\n    enabled: true\n    name: ap1\nmeshGateway:\n  enabled: true\n";
        let f = facts(text);
        assert_eq!(f.partition, "ap1");
        assert!(f.namespaces && f.peering);
        assert!(f.acls_managed.is_some());
        let gateway = f.mesh_gateway.unwrap();
        assert_eq!(gateway.name, "mesh-gateway");
        assert_eq!(&text[gateway.value.as_usize()], "true");

        // A partition name without admin partitions enabled is not used.
        assert_eq!(facts("global:\n  adminPartitions:\n    name: ap1\n").partition, "default");
        // No replicas, no gateway; the string "false" is true to a Go template.
        assert!(facts("meshGateway:\n  enabled: true\n  replicas: 0\n").mesh_gateway.is_none());
        assert!(facts("meshGateway:\n  enabled: \"false\"\n").mesh_gateway.is_some());
        assert_eq!(facts("meshGateway:\n  enabled: true\n  consulServiceName: gw\n").mesh_gateway.unwrap().name, "gw");
    }

    #[test]
    fn components_inherit_global_enabled() {
        let p = parse("global:\n  enabled: false\nserver:\n  enabled: \"-\"\n", SourceKind::Yaml);
        let values = HelmValues::new(&yaml::documents(&p)[0]);
        assert!(!values.component_enabled("server.enabled"));
        assert!(!values.component_enabled("client.enabled"));
        let p = parse("server:\n  replicas: 1\n", SourceKind::Yaml);
        let values = HelmValues::new(&yaml::documents(&p)[0]);
        assert!(values.component_enabled("server.enabled"));
        assert!(values.enabled("connectInject.enabled"));
        assert!(!values.enabled("global.tls.enabled"));
    }
}
