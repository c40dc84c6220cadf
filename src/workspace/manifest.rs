//! The workspace manifest `consul-ls.hcl`: which folders form which cluster, what each peer name means,
//! whether ACLs are on, and which codes are silenced.
//!
//! ```hcl
//! cluster "cluster-01" {
//!   paths       = ["cluster-01"]
//!   peers       = { "cluster-02" = "cluster-02" }
//!   acl_enabled = true
//!   ignore      = ["peering-without-mesh-config"]
//!   helm_values = ["k8s/values.yaml"]
//! }
//! ```

use crate::model::{Obj, object_values};
use crate::schema::KeyStyle;
use crate::syntax::{Parse, TextRange, Value};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub clusters: Vec<ClusterSpec>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterSpec {
    pub name: String,
    /// Folders or files, relative to the manifest.
    pub paths: Vec<String>,
    pub peers: Vec<(String, String)>,
    pub acl_enabled: Option<bool>,
    pub ignore: Vec<String>,
    /// Partitions whose mesh gateway is registered outside the repository.
    pub mesh_gateways: Vec<String>,
    /// Consul Helm chart values files of the cluster, relative to the manifest.
    pub helm_values: Vec<String>,
}

impl Manifest {
    pub fn read(parse: &Parse) -> Manifest {
        let mut clusters = Vec::new();
        let Some(root) = Obj::new(&parse.root, KeyStyle::Snake) else { return Manifest::default() };
        for labels in root.objects("cluster") {
            for label in labels.entries {
                for body in crate::model::object_values(&label.value) {
                    let Some(body) = Obj::new(body, KeyStyle::Snake) else { continue };
                    let mut spec = ClusterSpec { name: label.key.text.to_string(), ..ClusterSpec::default() };
                    spec.paths = strings(body.value("paths"));
                    if spec.paths.is_empty() {
                        // A cluster without paths is the folder named like it, the usual layout.
                        spec.paths.push(spec.name.clone());
                    }
                    spec.ignore = strings(body.value("ignore"));
                    spec.mesh_gateways = strings(body.value("mesh_gateways"));
                    spec.helm_values = strings(body.value("helm_values"));
                    spec.acl_enabled = body.bool("acl_enabled").map(|(b, _)| b);
                    for peers in body.objects("peers") {
                        for entry in peers.entries {
                            if let Some(cluster) = entry.value.as_str() {
                                spec.peers.push((entry.key.text.to_string(), cluster.to_string()));
                            }
                        }
                    }
                    clusters.push(spec);
                }
            }
        }
        Manifest { clusters }
    }
}

/// One thing a manifest says, with where it is written: what navigation, rename, hovers and links work on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestItem {
    /// `cluster "name" { ... }`: the label (quotes included) and the block (braces included). `has_paths`: the
    /// block sets `paths` (without it the cluster's folder is named after the cluster).
    Cluster { name: String, label: TextRange, block: TextRange, has_paths: bool },
    /// `peers = { "name" = "cluster" }` in the block of cluster `from`: the key and the value (quotes included).
    Peer { from: String, name: String, cluster: String, key: TextRange, value: TextRange },
    /// An element of a cluster's `paths` (quotes included).
    Path { from: String, path: String, range: TextRange },
    /// `acl_enabled = ...` in the block of cluster `from` (the whole attribute).
    AclEnabled { from: String, range: TextRange },
}

/// Everything the manifest's cluster blocks say, in the order written.
pub fn items(parse: &Parse) -> Vec<ManifestItem> {
    let mut out = Vec::new();
    let Some(root) = Obj::new(&parse.root, KeyStyle::Snake) else { return out };
    for labels in root.objects("cluster") {
        for label in labels.entries {
            let from = label.key.text.to_string();
            for body in object_values(&label.value) {
                let Some(body) = Obj::new(body, KeyStyle::Snake) else { continue };
                let paths = body.entry("paths");
                out.push(ManifestItem::Cluster {
                    name: from.clone(),
                    label: label.key.range,
                    block: body.range,
                    has_paths: paths.is_some(),
                });
                if let Some(paths) = paths {
                    let values: Vec<&Value> = match paths.value.as_list() {
                        Some(list) => list.iter().collect(),
                        None => vec![&paths.value],
                    };
                    for value in values {
                        if let Some(path) = value.as_str() {
                            out.push(ManifestItem::Path {
                                from: from.clone(),
                                path: path.to_string(),
                                range: value.range,
                            });
                        }
                    }
                }
                for peers in body.objects("peers") {
                    for entry in peers.entries {
                        if let Some(cluster) = entry.value.as_str() {
                            out.push(ManifestItem::Peer {
                                from: from.clone(),
                                name: entry.key.text.to_string(),
                                cluster: cluster.to_string(),
                                key: entry.key.range,
                                value: entry.value.range,
                            });
                        }
                    }
                }
                if let Some(entry) = body.entry("acl_enabled") {
                    out.push(ManifestItem::AclEnabled { from: from.clone(), range: entry.range() });
                }
            }
        }
    }
    out
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(v) if v.as_str().is_some() => vec![v.as_str().unwrap_or_default().to_string()],
        Some(v) => v.as_list().unwrap_or(&[]).iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clusters() {
        let text = r#"
cluster "cluster-01" {
  paths       = ["cluster-01", "shared.hcl"]
  peers       = { "to-02" = "cluster-02" }
  acl_enabled = true
  ignore      = ["peering-without-mesh-config"]
  helm_values = ["k8s/values.yaml"]
}
cluster "cluster-02" {}
"#;
        let manifest = Manifest::read(&crate::syntax::hcl::parse(text));
        assert_eq!(manifest.clusters.len(), 2);
        let c1 = &manifest.clusters[0];
        assert_eq!(c1.paths, ["cluster-01", "shared.hcl"]);
        assert_eq!(c1.peers, [("to-02".to_string(), "cluster-02".to_string())]);
        assert_eq!(c1.acl_enabled, Some(true));
        assert_eq!(c1.ignore, ["peering-without-mesh-config"]);
        assert_eq!(c1.helm_values, ["k8s/values.yaml"]);
        assert_eq!(manifest.clusters[1].paths, ["cluster-02"]);
    }
}
