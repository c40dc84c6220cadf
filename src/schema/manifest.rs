//! consul-ls's own manifest, `consul-ls.hcl` (interface.md, "Clusters and peers").

use super::types::*;

pub static MANIFEST: Block = Block {
    name: "consul-ls manifest",
    casing: Casing::Snake,
    fields: &[
        f("cluster", Ty::Map(&CLUSTER)).doc("A cluster: which folders belong to it and what its peer names mean.")
    ],
    link: "",
};

pub static CLUSTER: Block = Block {
    name: "manifest cluster",
    casing: Casing::Snake,
    fields: &[
        f("paths", Ty::StrList)
            .doc("Folders or files of this cluster, relative to the manifest.")
            .default("[\"<cluster name>\"]"),
        f("peers", Ty::Opaque).doc("Peer name used in this cluster's files => the cluster it refers to."),
        f("acl_enabled", Ty::Bool)
            .doc("Whether ACLs are enabled; otherwise read from an agent config's `acl { enabled = true }`."),
        f("ignore", Ty::StrList).doc("Diagnostic codes silenced in this cluster."),
        f("mesh_gateways", Ty::StrList).doc(
            "Admin partitions whose mesh gateway is registered outside these files (`consul connect envoy \
             -register -gateway=mesh`, Helm): they count as having one (named `mesh-gateway`; its token is outside \
             the repository, so the ACL checks skip it).",
        ),
        f("helm_values", Ty::StrList).doc(
            "Consul Helm chart values files of this cluster (Kubernetes), relative to the manifest: read as the chart's values whatever their content; they give the install's partition, mesh gateway and ACL facts.",
        ),
    ],
    link: "",
};
