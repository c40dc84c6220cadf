//! Workspace: the files (by [`FileId`]), the clusters they form (by [`ClusterId`], from the manifest or one per
//! root folder), each cluster's [`ClusterIndex`], and the one [`Topology`] query API over them.
//!
//! This layer holds facts and answers questions; it knows nothing about findings. The analysis layer above owns a
//! `Workspace`, feeds it file changes ([`Workspace::insert_file`], [`Workspace::remove_file`]) and decides what to
//! re-check from the [`FileUpdate`]s it returns.
pub mod discover;
mod files;
mod ids;
pub mod index;
pub mod manifest;
mod source;
pub mod topology;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::model::FileKind;
use crate::model::k8s::{InstallContext, YamlContext};

pub use files::Files;
pub use ids::{ClusterId, FileId};
pub use index::{
    ClusterIndex, EntryRef, ExportRef, MentionRef, PeerUse, PeeringRef, PolicyRef, RuleRef, ServiceRef, UpstreamRef,
};
pub use manifest::{ClusterSpec, Manifest};
pub use source::{MAX_FILE_BYTES, SourceFile};
pub use topology::Topology;

/// The manifest's file name.
pub const MANIFEST_FILE: &str = "consul-ls.hcl";

/// An error that stops loading before analysis: an unreadable or missing path.
#[derive(Debug)]
pub struct LoadError {
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// A cluster: its files and what the manifest says about it.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub id: ClusterId,
    pub name: String,
    /// Peer name used in this cluster's files → cluster name.
    pub peers: Vec<(String, String)>,
    pub acl_enabled: Option<bool>,
    /// Codes silenced in this cluster.
    pub ignore: Vec<String>,
    /// Files, in path order.
    pub files: Vec<FileId>,
    /// The cluster's folders (from the manifest's `paths`, else the root), where new files for it go.
    pub dirs: Vec<PathBuf>,
    /// Partitions whose mesh gateway the manifest declares (registered outside these files).
    pub mesh_gateways: Vec<String>,
    /// The manifest that declares the cluster (`None` for a folder without one).
    pub manifest: Option<FileId>,
    /// The manifest's `helm_values`: Consul chart values files of the cluster (normalised paths). They belong to
    /// the cluster even outside its `paths`.
    pub helm_values: Vec<PathBuf>,
}

/// A root of the workspace: a PATH argument of `check`, or an editor's workspace folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    pub path: PathBuf,
    pub is_dir: bool,
}

/// How the files under one root are assigned to clusters.
#[derive(Clone, Debug)]
struct RootLayout {
    /// Normalised root path.
    path: PathBuf,
    is_dir: bool,
    rule: Assign,
}

#[derive(Clone, Debug)]
enum Assign {
    /// Every file of the root belongs to this cluster (no manifest).
    Folder(ClusterId),
    /// The manifest's clusters: a file belongs to each whose folders contain it (normalised dirs).
    Manifest(Vec<(ClusterId, Vec<PathBuf>)>),
}

/// What one file change did to the workspace, for the analysis layer to decide what to re-check.
#[derive(Clone, Debug)]
pub struct FileUpdate {
    pub id: FileId,
    /// The previous version (`None` for a new file).
    pub old: Option<Arc<SourceFile>>,
    /// The current version (`None` when removed).
    pub new: Option<Arc<SourceFile>>,
    /// The clusters the file belonged to before and belongs to now.
    pub old_clusters: Vec<ClusterId>,
    pub new_clusters: Vec<ClusterId>,
    /// The clusters were laid out again (a root manifest changed), or a cluster-wide fact that other files are
    /// read with changed (a Helm values file changed the install's partition or namespaces mode): everything is
    /// re-checked.
    pub relayout: bool,
    /// Other files whose model was rebuilt (YAML files read with their cluster's install facts): their own
    /// findings must be computed again too.
    pub remodelled: Vec<FileId>,
}

/// All files and clusters of a `check` run or an editor workspace.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub roots: Vec<Root>,
    pub files: Files,
    pub clusters: Vec<Cluster>,
    /// Whether a manifest declared clusters (enables `unknown-peer`).
    pub manifest_declares_clusters: bool,
    /// Per file (indexed by id): the clusters it belongs to. Shared until a file is added or moves.
    file_clusters: Arc<Vec<Vec<ClusterId>>>,
    /// Per cluster; shared, so a snapshot copies pointers and an edit copies only the indexes it touches.
    indexes: Vec<Arc<ClusterIndex>>,
    /// Roots, deepest first, with how each assigns its files.
    layout: Vec<RootLayout>,
    /// Per cluster: the install facts its YAML files are read with (from its Helm values).
    installs: Vec<InstallContext>,
}

impl Workspace {
    /// A workspace of these roots and files; clusters are laid out and indexed once.
    pub fn new(roots: Vec<Root>, files: impl IntoIterator<Item = SourceFile>) -> Workspace {
        let mut ws = Workspace { roots, ..Workspace::default() };
        for file in files {
            ws.files.insert(file);
        }
        ws.relayout();
        ws
    }

    /// The install facts a cluster's YAML files are read with.
    pub fn install(&self, cluster: ClusterId) -> &InstallContext {
        &self.installs[cluster.index()]
    }

    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.files.id(path)
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn cluster(&self, id: ClusterId) -> &Cluster {
        &self.clusters[id.index()]
    }

    pub fn cluster_ids(&self) -> impl Iterator<Item = ClusterId> + '_ {
        self.clusters.iter().map(|c| c.id)
    }

    pub fn cluster_named(&self, name: &str) -> Option<ClusterId> {
        self.clusters.iter().find(|c| c.name == name).map(|c| c.id)
    }

    /// The clusters `file` belongs to (none for a file under a manifest but in no cluster's `paths`).
    pub fn clusters_of(&self, file: FileId) -> &[ClusterId] {
        self.file_clusters.get(file.index()).map_or(&[], Vec::as_slice)
    }

    /// The first cluster of `file`: the one whose peers the IDE resolves names against.
    pub fn cluster_of(&self, file: FileId) -> Option<ClusterId> {
        self.clusters_of(file).first().copied()
    }

    pub fn cluster_index(&self, cluster: ClusterId) -> &ClusterIndex {
        &self.indexes[cluster.index()]
    }

    /// The topology query API: who exports what to whom, gateways, grants, importers.
    pub fn topology(&self) -> Topology<'_> {
        Topology::new(self)
    }

    /// Whether `path` lies under one of the roots (a file the workspace should track).
    pub fn contains_path(&self, path: &Path) -> bool {
        let path = normalize(path);
        self.layout.iter().any(|r| if r.is_dir { path.starts_with(&r.path) } else { r.path == path })
    }

    /// Replaces the roots; clusters are laid out again. Returns the files whose model was rebuilt.
    pub fn set_roots(&mut self, roots: Vec<Root>) -> Vec<FileId> {
        self.roots = roots;
        self.relayout()
    }

    /// Puts a new version of a file in place (or adds it) and updates the indexes of its clusters.
    pub fn insert_file(&mut self, file: SourceFile) -> FileUpdate {
        let path = file.path.clone();
        // What the file is: its content's verdict, unless the workspace knows better.
        let file = match self.files.id(&path) {
            Some(id) => {
                let clusters = self.clusters_of(id).to_vec();
                let previous = self.files.get(id).cloned();
                self.settle_kind(file, &clusters, previous.as_deref())
            }
            None => {
                let clusters = self.assign(&path);
                self.settle_kind(file, &clusters, None)
            }
        };
        let (id, old) = self.files.insert(file);
        let new = self.files.get(id).cloned();
        let old_clusters = self.clusters_of(id).to_vec();
        if self.is_root_manifest(&path) && self.manifest_changed(old.as_deref(), new.as_deref()) {
            let mut remodelled = self.relayout();
            remodelled.retain(|&f| f != id);
            let new_clusters = self.clusters_of(id).to_vec();
            let new = self.files.get(id).cloned();
            return FileUpdate { id, old, new, old_clusters, new_clusters, relayout: true, remodelled };
        }
        let new_clusters = if old.is_some() { old_clusters.clone() } else { self.assign(&path) };
        if old.is_none() {
            self.place_file(id, &new_clusters);
        }
        // A YAML file is read with its cluster's install facts.
        self.remodel(id);
        let new = self.files.get(id).cloned();
        for &c in &old_clusters {
            if let Some(old) = &old {
                Arc::make_mut(&mut self.indexes[c.index()]).remove_file(id, &old.model);
            }
        }
        for &c in &new_clusters {
            if let Some(new) = &new {
                Arc::make_mut(&mut self.indexes[c.index()]).add_file(id, &new.model);
            }
        }
        let mut clusters = old_clusters.clone();
        clusters.extend(&new_clusters);
        let (relayout, remodelled) = self.refresh_installs(&clusters, id);
        let new = self.files.get(id).cloned();
        FileUpdate { id, old, new, old_clusters, new_clusters, relayout, remodelled }
    }

    /// Forgets a file (deleted on disk). `None` when it was not known.
    pub fn remove_file(&mut self, path: &Path) -> Option<FileUpdate> {
        let (id, old) = self.files.remove(path)?;
        let old_clusters = self.clusters_of(id).to_vec();
        if self.is_root_manifest(path) && self.manifest_changed(Some(&old), None) {
            let remodelled = self.relayout();
            return Some(FileUpdate {
                id,
                old: Some(old),
                new: None,
                old_clusters,
                new_clusters: Vec::new(),
                relayout: true,
                remodelled,
            });
        }
        for &c in &old_clusters {
            Arc::make_mut(&mut self.indexes[c.index()]).remove_file(id, &old.model);
            self.clusters[c.index()].files.retain(|&f| f != id);
        }
        if let Some(slot) = Arc::make_mut(&mut self.file_clusters).get_mut(id.index()) {
            slot.clear();
        }
        let (relayout, remodelled) = self.refresh_installs(&old_clusters, id);
        Some(FileUpdate { id, old: Some(old), new: None, old_clusters, new_clusters: Vec::new(), relayout, remodelled })
    }

    /// The context a YAML file at `id` is read with: its first cluster's install, and whether the manifest lists
    /// it in `helm_values`.
    fn yaml_context(&self, id: FileId) -> YamlContext {
        let install = self.clusters_of(id).first().map(|c| self.installs[c.index()].clone()).unwrap_or_default();
        let path = normalize(&self.files[id].path);
        let helm_values = self.clusters.iter().any(|c| c.helm_values.contains(&path));
        YamlContext { install, helm_values }
    }

    /// Rebuilds a YAML file's model when its context changed. True when it did (the indexes are the caller's
    /// business).
    fn remodel(&mut self, id: FileId) -> bool {
        let Some(file) = self.files.get(id) else { return false };
        let Some(current) = file.yaml_context() else { return false };
        let wanted = self.yaml_context(id);
        if *current == wanted {
            return false;
        }
        let rebuilt = file.with_yaml_context(&wanted);
        self.files.insert(rebuilt);
        true
    }

    /// The install facts of a cluster, from its Helm values documents (several files are merged the way
    /// `helm install -f a.yaml -f b.yaml` layers them, as far as consul-ls can tell without knowing the order:
    /// a setting any of them enables is on, the first non-default partition counts).
    fn compute_install(&self, cluster: ClusterId) -> InstallContext {
        let index = &self.indexes[cluster.index()];
        let mut helm: Vec<FileId> = index.helm_files.clone();
        helm.sort_by(|&a, &b| self.files[a].path.cmp(&self.files[b].path));
        let facts: Vec<&crate::model::k8s::HelmFacts> =
            helm.iter().filter_map(|&f| self.files[f].model.k8s.as_ref()).flat_map(|k| &k.helm).collect();
        InstallContext::from_helm_values(&facts)
    }

    /// After a change of file `changed` in `clusters`: recomputes those clusters' install facts; where they
    /// changed, the cluster's YAML files are read again with the new facts and the cluster's index rebuilt.
    /// Returns whether anything changed (then everything is re-checked) and the files re-read (`changed`
    /// excluded).
    fn refresh_installs(&mut self, clusters: &[ClusterId], changed: FileId) -> (bool, Vec<FileId>) {
        let mut remodelled = Vec::new();
        let mut any = false;
        for &c in clusters {
            let install = self.compute_install(c);
            if install == self.installs[c.index()] {
                continue;
            }
            any = true;
            self.installs[c.index()] = install;
            let files = self.clusters[c.index()].files.clone();
            for f in files {
                if self.remodel(f) && f != changed {
                    remodelled.push(f);
                }
            }
            let mut index = ClusterIndex::new(c);
            for &f in &self.clusters[c.index()].files {
                index.add_file(f, &self.files[f].model);
            }
            self.indexes[c.index()] = Arc::new(index);
            // A file in several clusters is indexed in each: rebuild the other clusters it is in too.
            let others: Vec<ClusterId> =
                remodelled.iter().flat_map(|&f| self.clusters_of(f).iter().copied()).filter(|&o| o != c).collect();
            for o in others {
                let mut index = ClusterIndex::new(o);
                for &f in &self.clusters[o.index()].files {
                    index.add_file(f, &self.files[f].model);
                }
                self.indexes[o.index()] = Arc::new(index);
            }
        }
        remodelled.sort();
        remodelled.dedup();
        (any, remodelled)
    }

    /// The file modelled as the kind the workspace knows it to be (interface.md, "Which files are Consul files"):
    /// - a Consul file that breaks while it is edited stays one (`previous`, its last version), so its syntax
    ///   error shows instead of every finding vanishing;
    /// - inside a manifest cluster's `paths`, a file the content does not recognise is a Consul file (an agent
    ///   configuration, the most common kind of file there) unless it is positively another tool's.
    fn settle_kind(&self, file: SourceFile, clusters: &[ClusterId], previous: Option<&SourceFile>) -> SourceFile {
        let kind = self.effective_kind(&file, clusters, previous);
        if kind == file.model.kind { file } else { file.with_kind(kind) }
    }

    fn effective_kind(&self, file: &SourceFile, clusters: &[ClusterId], previous: Option<&SourceFile>) -> FileKind {
        let natural = file.natural_kind;
        let yaml = file.source_kind() == crate::syntax::SourceKind::Yaml;
        if natural != FileKind::NotConsul || yaml || file.content_error.is_some() || file.is_manifest() {
            return natural;
        }
        if crate::model::is_positively_other(&file.parse) {
            return natural;
        }
        let broken = !file.parse.errors.is_empty();
        if broken && let Some(previous) = previous.filter(|p| p.kind().is_consul()) {
            return previous.kind();
        }
        let hcl_or_json =
            matches!(file.source_kind(), crate::syntax::SourceKind::Hcl | crate::syntax::SourceKind::Json);
        let in_manifest_cluster = hcl_or_json && clusters.iter().any(|&c| self.cluster(c).manifest.is_some());
        let has_content = file.parse.root.as_object().is_some_and(|e| !e.is_empty()) || broken;
        if in_manifest_cluster && has_content {
            return FileKind::AgentConfig;
        }
        natural
    }

    /// Whether `path` is the manifest at the top of a folder root (the one that defines clusters).
    fn is_root_manifest(&self, path: &Path) -> bool {
        let path = normalize(path);
        path.file_name().is_some_and(|n| n == MANIFEST_FILE)
            && self.layout.iter().any(|r| r.is_dir && path.parent() == Some(r.path.as_path()))
    }

    /// Whether the clusters a manifest declares differ between two versions (editing a comment does not).
    fn manifest_changed(&self, old: Option<&SourceFile>, new: Option<&SourceFile>) -> bool {
        let read = |f: Option<&SourceFile>| f.map(|f| Manifest::read(&f.parse));
        read(old) != read(new)
    }

    /// Adds a new file to its clusters' file lists (in path order).
    fn place_file(&mut self, id: FileId, clusters: &[ClusterId]) {
        let file_clusters = Arc::make_mut(&mut self.file_clusters);
        if file_clusters.len() <= id.index() {
            file_clusters.resize(id.index() + 1, Vec::new());
        }
        file_clusters[id.index()] = clusters.to_vec();
        let path = self.files[id].path.clone();
        for &c in clusters {
            let files = &self.files;
            let list = &mut self.clusters[c.index()].files;
            let at = list.partition_point(|&f| files[f].path < path);
            list.insert(at, id);
        }
    }

    /// The clusters a file at `path` belongs to under the current layout: the deepest root that holds it decides.
    fn assign(&self, path: &Path) -> Vec<ClusterId> {
        let path = normalize(path);
        for root in &self.layout {
            let inside = if root.is_dir { path.starts_with(&root.path) } else { root.path == path };
            if !inside {
                continue;
            }
            return match &root.rule {
                Assign::Folder(c) => vec![*c],
                Assign::Manifest(clusters) => {
                    let mut ids: Vec<ClusterId> = clusters
                        .iter()
                        .filter(|(c, dirs)| {
                            dirs.iter().any(|d| path.starts_with(d))
                                || self.clusters[c.index()].helm_values.contains(&path)
                        })
                        .map(|(c, _)| *c)
                        .collect();
                    ids.sort();
                    ids.dedup();
                    ids
                }
            };
        }
        Vec::new()
    }

    /// Derives the clusters from the roots and their manifests, assigns every file and builds every index.
    /// Returns the files whose model was rebuilt (YAML files read with their cluster's install facts).
    fn relayout(&mut self) -> Vec<FileId> {
        self.clusters.clear();
        self.layout.clear();
        self.manifest_declares_clusters = false;
        // Deeper roots first, so a file in a nested root belongs to it, not to its parent.
        let mut roots = self.roots.clone();
        roots.sort_by_key(|r| std::cmp::Reverse(normalize(&r.path).components().count()));
        for root in &roots {
            let root_path = normalize(&root.path);
            let manifest_id = root.is_dir.then(|| self.files.id(&root_path.join(MANIFEST_FILE))).flatten();
            let manifest =
                manifest_id.map(|id| Manifest::read(&self.files[id].parse)).filter(|m| !m.clusters.is_empty());
            let rule = match manifest {
                Some(manifest) => {
                    self.manifest_declares_clusters = true;
                    let mut assigned = Vec::new();
                    for spec in manifest.clusters {
                        let dirs: Vec<PathBuf> = spec.paths.iter().map(|p| normalize(&root.path.join(p))).collect();
                        let helm_values = spec.helm_values.iter().map(|p| normalize(&root.path.join(p))).collect();
                        let id = self.add_cluster(Cluster {
                            id: ClusterId(0),
                            name: spec.name,
                            peers: spec.peers,
                            acl_enabled: spec.acl_enabled,
                            ignore: spec.ignore,
                            files: Vec::new(),
                            dirs: dirs.clone(),
                            mesh_gateways: spec.mesh_gateways,
                            manifest: manifest_id,
                            helm_values,
                        });
                        assigned.push((id, dirs));
                    }
                    Assign::Manifest(assigned)
                }
                None => {
                    let folder = if root.is_dir {
                        root.path.clone()
                    } else {
                        root.path.parent().map(Path::to_path_buf).unwrap_or_default()
                    };
                    let id = self.add_cluster(Cluster {
                        id: ClusterId(0),
                        name: cluster_name_for(&folder),
                        peers: Vec::new(),
                        acl_enabled: None,
                        ignore: Vec::new(),
                        files: Vec::new(),
                        dirs: vec![folder],
                        mesh_gateways: Vec::new(),
                        manifest: None,
                        helm_values: Vec::new(),
                    });
                    Assign::Folder(id)
                }
            };
            self.layout.push(RootLayout { path: root_path, is_dir: root.is_dir, rule });
        }
        // Assign every file (and settle what it is in its clusters), then sort each cluster's files by path once.
        let mut file_clusters = vec![Vec::new(); self.files.capacity()];
        let ids: Vec<(FileId, PathBuf)> = self.files.iter().map(|(id, f)| (id, f.path.clone())).collect();
        for (id, path) in &ids {
            let clusters = self.assign(path);
            // What the file is in its clusters; a broken file keeps the kind it has (it may be one that stays
            // Consul while broken).
            let file = self.files.get(*id).cloned().expect("a live id");
            let kind = self.effective_kind(&file, &clusters, Some(&file));
            if kind != file.model.kind {
                self.files.insert(file.with_kind(kind));
            }
            for &c in &clusters {
                self.clusters[c.index()].files.push(*id);
            }
            file_clusters[id.index()] = clusters;
        }
        let files = &self.files;
        for cluster in &mut self.clusters {
            cluster.files.sort_by(|&a, &b| files[a].path.cmp(&files[b].path));
            cluster.files.dedup();
        }
        self.file_clusters = Arc::new(file_clusters);
        // YAML files: first as the manifest lists them (`helm_values`), which gives each cluster its install
        // facts, then with those facts.
        let mut remodelled = Vec::new();
        self.installs = vec![InstallContext::default(); self.clusters.len()];
        self.indexes = self.clusters.iter().map(|c| Arc::new(ClusterIndex::new(c.id))).collect();
        for (id, _) in &ids {
            if self.remodel(*id) {
                remodelled.push(*id);
            }
        }
        let mut indexes: Vec<ClusterIndex> = self.clusters.iter().map(|c| ClusterIndex::new(c.id)).collect();
        for (id, file) in self.files.iter() {
            for &c in self.clusters_of(id) {
                indexes[c.index()].add_file(id, &file.model);
            }
        }
        self.indexes = indexes.into_iter().map(Arc::new).collect();
        let installs: Vec<InstallContext> = self.cluster_ids().map(|c| self.compute_install(c)).collect();
        if installs.iter().any(|i| *i != InstallContext::default()) {
            self.installs = installs;
            for (id, _) in &ids {
                if self.remodel(*id) {
                    remodelled.push(*id);
                }
            }
            let mut indexes: Vec<ClusterIndex> = self.clusters.iter().map(|c| ClusterIndex::new(c.id)).collect();
            for (id, file) in self.files.iter() {
                for &c in self.clusters_of(id) {
                    indexes[c.index()].add_file(id, &file.model);
                }
            }
            self.indexes = indexes.into_iter().map(Arc::new).collect();
        }
        remodelled.sort();
        remodelled.dedup();
        remodelled
    }

    /// Adds a cluster, merging with an existing one of the same name (two PATH arguments in one folder).
    fn add_cluster(&mut self, mut cluster: Cluster) -> ClusterId {
        if let Some(existing) = self.clusters.iter_mut().find(|c| c.name == cluster.name) {
            existing.peers.extend(cluster.peers);
            existing.ignore.extend(cluster.ignore);
            existing.acl_enabled = existing.acl_enabled.or(cluster.acl_enabled);
            existing.dirs.extend(cluster.dirs);
            existing.mesh_gateways.extend(cluster.mesh_gateways);
            existing.manifest = existing.manifest.or(cluster.manifest);
            existing.helm_values.extend(cluster.helm_values);
            existing.id
        } else {
            let id = ClusterId(self.clusters.len() as u32);
            cluster.id = id;
            self.clusters.push(cluster);
            id
        }
    }
}

/// Removes `.` components so `./a/b` and `a/b` compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    path.components().filter(|c| !matches!(c, Component::CurDir)).collect()
}

/// The base name of a folder (`.` resolves to the current directory's name).
fn cluster_name_for(folder: &Path) -> String {
    let named = folder.file_name().map(|n| n.to_string_lossy().into_owned());
    named.filter(|n| !n.is_empty()).unwrap_or_else(|| {
        std::fs::canonicalize(if folder.as_os_str().is_empty() { Path::new(".") } else { folder })
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "default".into())
    })
}
