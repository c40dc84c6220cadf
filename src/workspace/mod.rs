//! Workspace: manifest → clusters; per cluster the services, gateways, exports, policies and peers.
//!
//! Each file is parsed and modelled on its own ([`SourceFile::new`]); the cluster index is derived from the file
//! models, so an edit to one file re-parses only that file.
pub mod discover;
pub mod index;
pub mod manifest;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::model::{self, FileKind, FileModel};
use crate::rules::{self, Diagnostic};
use crate::syntax::{self, Parse, SourceKind, TextRange};

pub use index::ClusterIndex;
pub use manifest::{ClusterSpec, Manifest};

/// Files larger than this are not analysed (a diagnostic says so).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// One analysed file, as `consul-ls check` reports it.
#[derive(Clone, Debug)]
pub struct CheckedFile {
    /// The path as discovered from the PATH arguments (relative when the argument was relative).
    pub path: PathBuf,
    pub text: Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An error that stops `check` before analysis: an unreadable or missing path.
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

/// A file's text, tree and model. Built once per version of the text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub parse: Parse,
    pub model: FileModel,
    /// A problem with the bytes themselves (not UTF-8, too large), reported as `syntax`.
    pub content_error: Option<(String, TextRange)>,
    /// Findings that depend on this file alone (syntax, schema, secrets), computed once per text.
    local_diagnostics: std::sync::OnceLock<Vec<Diagnostic>>,
}

impl SourceFile {
    /// Parses and models a file from its bytes. Never fails: bad bytes become a content error.
    pub fn from_bytes(path: PathBuf, bytes: &[u8]) -> SourceFile {
        if bytes.len() > MAX_FILE_BYTES {
            let message = format!(
                "file too large to analyse ({:.1} MiB; the limit is {} MiB)",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            );
            let mut file = SourceFile::new(path, Arc::from(""));
            file.content_error = Some((message, TextRange::empty(0)));
            return file;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) if !text.contains('\0') => SourceFile::new(path, Arc::from(text)),
            Ok(text) => {
                let at = text.find('\0').unwrap_or(0) as u32;
                let mut file = SourceFile::new(path, Arc::from(""));
                file.content_error =
                    Some(("binary file: contains a NUL byte; expected HCL or JSON text".into(), TextRange::empty(at)));
                file
            }
            Err(err) => {
                let at = err.valid_up_to();
                let mut file = SourceFile::new(path, Arc::from(String::from_utf8_lossy(bytes).as_ref()));
                let start =
                    file.text[..].char_indices().map(|(i, _)| i).take_while(|&i| i <= at).last().unwrap_or(0) as u32;
                file.content_error = Some((
                    format!("file is not valid UTF-8 (invalid byte at offset {at}); Consul reads UTF-8 text"),
                    TextRange::new(start, start),
                ));
                file
            }
        }
    }

    pub fn new(path: PathBuf, text: Arc<str>) -> SourceFile {
        let kind = syntax::source_kind_for_path(&path);
        let parse = syntax::parse(&text, kind);
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let model = model::build(&parse, &text, file_name);
        SourceFile { path, text, parse, model, content_error: None, local_diagnostics: std::sync::OnceLock::new() }
    }

    /// Findings that depend on this file alone; cached, so a workspace re-check only redoes the edited file.
    pub fn local_diagnostics(&self) -> &[Diagnostic] {
        self.local_diagnostics.get_or_init(|| rules::file_diagnostics(self))
    }

    pub fn source_kind(&self) -> SourceKind {
        self.parse.source_kind
    }

    pub fn kind(&self) -> FileKind {
        self.model.kind
    }
}

/// A cluster: its files and what the manifest says about it.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub name: String,
    /// Peer name used in this cluster's files → cluster name.
    pub peers: Vec<(String, String)>,
    pub acl_enabled: Option<bool>,
    /// Codes silenced in this cluster.
    pub ignore: Vec<String>,
    /// Indices into [`Workspace::files`].
    pub files: Vec<usize>,
    /// The cluster's folders (from the manifest's `paths`, else the root), where new files for it go.
    pub dirs: Vec<PathBuf>,
}

/// A root of the workspace: a PATH argument of `check`, or an editor's workspace folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    pub path: PathBuf,
    pub is_dir: bool,
}

/// All files and clusters of a `check` run or an editor workspace.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub roots: Vec<Root>,
    /// Shared, so a snapshot of the workspace (for analysis in the background) copies pointers, not trees.
    pub files: Vec<Arc<SourceFile>>,
    pub clusters: Vec<Cluster>,
    /// Whether a manifest declared clusters (enables `unknown-peer`).
    pub manifest_declares_clusters: bool,
    /// Per file: the clusters it belongs to.
    pub file_clusters: Vec<Vec<usize>>,
}

impl Workspace {
    /// Builds the workspace from discovered roots: a root folder with a `consul-ls.hcl` gets the manifest's
    /// clusters; any other root is one cluster named after its folder.
    pub fn load(
        roots: &[discover::DiscoveredRoot],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Workspace, LoadError> {
        let total: usize = roots.iter().map(|root| root.files.len()).sum();
        let mut ws = Workspace::default();
        let mut done = 0;
        for root in roots {
            ws.roots.push(Root { path: root.root.clone(), is_dir: root.is_dir });
            for path in &root.files {
                let bytes = std::fs::read(path).map_err(|e| LoadError {
                    message: format!("cannot read '{}': {}", path.display(), io_message(&e)),
                })?;
                if ws.file_index(path).is_none() {
                    ws.files.push(Arc::new(SourceFile::from_bytes(path.clone(), &bytes)));
                }
                done += 1;
                progress(done, total);
            }
        }
        ws.assign_clusters();
        Ok(ws)
    }

    /// An editor workspace: every folder is walked; files that cannot be read are skipped (the editor reports
    /// nothing for them rather than failing the whole index).
    pub fn from_folders(folders: &[PathBuf], progress: &mut dyn FnMut(usize, usize)) -> Workspace {
        let mut ws = Workspace::default();
        let mut found = Vec::new();
        for folder in folders {
            ws.roots.push(Root { path: folder.clone(), is_dir: true });
            if let Ok(mut roots) = discover::discover(std::slice::from_ref(folder)) {
                found.append(&mut roots[0].files);
            }
        }
        let total = found.len();
        for (done, path) in found.into_iter().enumerate() {
            if let Ok(bytes) = std::fs::read(&path)
                && ws.file_index(&path).is_none()
            {
                ws.files.push(Arc::new(SourceFile::from_bytes(path, &bytes)));
            }
            progress(done + 1, total);
        }
        ws.assign_clusters();
        ws
    }

    pub fn file_index(&self, path: &Path) -> Option<usize> {
        self.files.iter().position(|f| f.path == path)
    }

    /// Replaces (or adds) one file's text: only that file is re-parsed. A manifest change re-assigns clusters.
    pub fn set_file(&mut self, file: SourceFile) -> usize {
        let is_manifest = file.path.file_name().is_some_and(|n| n == "consul-ls.hcl");
        match self.file_index(&file.path) {
            Some(i) => {
                self.files[i] = Arc::new(file);
                if is_manifest {
                    self.assign_clusters();
                }
                i
            }
            None => {
                self.files.push(Arc::new(file));
                self.assign_clusters();
                self.files.len() - 1
            }
        }
    }

    /// Forgets a file (deleted on disk). Returns whether it was known.
    pub fn remove_file(&mut self, path: &Path) -> bool {
        match self.file_index(path) {
            Some(i) => {
                self.files.remove(i);
                self.assign_clusters();
                true
            }
            None => false,
        }
    }

    /// Whether `path` lies under one of the roots (a file the workspace should track).
    pub fn contains_path(&self, path: &Path) -> bool {
        let path = normalize(path);
        self.roots
            .iter()
            .any(|r| if r.is_dir { path.starts_with(normalize(&r.path)) } else { normalize(&r.path) == path })
    }

    /// Derives clusters from the roots, their manifests and the current files. No file is re-parsed.
    pub fn assign_clusters(&mut self) {
        self.clusters.clear();
        self.manifest_declares_clusters = false;
        let roots = self.roots.clone();
        let mut claimed = vec![false; self.files.len()];
        // Deeper roots first, so a file in a nested root belongs to it, not to its parent.
        let mut order: Vec<usize> = (0..roots.len()).collect();
        order.sort_by_key(|&r| std::cmp::Reverse(roots[r].path.components().count()));
        for r in order {
            let root = &roots[r];
            let root_path = normalize(&root.path);
            let file_ids: Vec<usize> = (0..self.files.len())
                .filter(|&i| !claimed[i])
                .filter(|&i| {
                    let p = normalize(&self.files[i].path);
                    if root.is_dir { p.starts_with(&root_path) } else { p == root_path }
                })
                .collect();
            for &i in &file_ids {
                claimed[i] = true;
            }
            let manifest_file = file_ids.iter().copied().find(|&i| {
                let path = normalize(&self.files[i].path);
                root.is_dir
                    && path.parent() == Some(root_path.as_path())
                    && path.file_name().is_some_and(|n| n == "consul-ls.hcl")
            });
            match manifest_file.map(|i| Manifest::read(&self.files[i].parse)) {
                Some(manifest) if !manifest.clusters.is_empty() => {
                    self.manifest_declares_clusters = true;
                    for spec in manifest.clusters {
                        let dirs: Vec<PathBuf> = spec.paths.iter().map(|p| normalize(&root.path.join(p))).collect();
                        let files = file_ids
                            .iter()
                            .copied()
                            .filter(|&i| dirs.iter().any(|d| normalize(&self.files[i].path).starts_with(d)))
                            .collect();
                        self.add_cluster(Cluster {
                            name: spec.name,
                            peers: spec.peers,
                            acl_enabled: spec.acl_enabled,
                            ignore: spec.ignore,
                            files,
                            dirs,
                        });
                    }
                }
                _ => {
                    let folder = if root.is_dir {
                        root.path.clone()
                    } else {
                        root.path.parent().map(Path::to_path_buf).unwrap_or_default()
                    };
                    let name = cluster_name_for(&folder);
                    self.add_cluster(Cluster {
                        name,
                        peers: Vec::new(),
                        acl_enabled: None,
                        ignore: Vec::new(),
                        files: file_ids,
                        dirs: vec![folder],
                    });
                }
            }
        }
        self.rebuild_file_clusters();
    }

    /// Adds a cluster, merging with an existing one of the same name (two PATH arguments in one folder).
    fn add_cluster(&mut self, cluster: Cluster) {
        if let Some(existing) = self.clusters.iter_mut().find(|c| c.name == cluster.name) {
            existing.files.extend(cluster.files);
            existing.peers.extend(cluster.peers);
            existing.ignore.extend(cluster.ignore);
            existing.acl_enabled = existing.acl_enabled.or(cluster.acl_enabled);
            existing.dirs.extend(cluster.dirs);
        } else {
            self.clusters.push(cluster);
        }
    }

    pub fn rebuild_file_clusters(&mut self) {
        self.file_clusters = vec![Vec::new(); self.files.len()];
        for (c, cluster) in self.clusters.iter().enumerate() {
            for &f in &cluster.files {
                if let Some(slot) = self.file_clusters.get_mut(f)
                    && !slot.contains(&c)
                {
                    slot.push(c);
                }
            }
        }
    }

    /// The cluster a peer name used in `from`'s files refers to: the manifest's `peers` mapping, else a cluster
    /// of that name.
    pub fn resolve_peer(&self, from: usize, peer: &str) -> Option<usize> {
        let cluster = &self.clusters[from];
        if let Some((_, target)) = cluster.peers.iter().find(|(name, _)| name == peer) {
            return self.clusters.iter().position(|c| &c.name == target);
        }
        self.clusters.iter().position(|c| c.name == peer)
    }

    /// The names `from` uses for the peer cluster `to` (manifest mappings first, else the cluster's name).
    pub fn peer_names(&self, from: usize, to: usize) -> Vec<String> {
        let target = &self.clusters[to].name;
        let mut names: Vec<String> =
            self.clusters[from].peers.iter().filter(|(_, c)| c == target).map(|(p, _)| p.clone()).collect();
        if names.is_empty() {
            names.push(target.clone());
        }
        names
    }

    /// Builds the per-cluster index every cross-file rule reads.
    pub fn index(&self) -> Vec<ClusterIndex<'_>> {
        (0..self.clusters.len()).map(|c| ClusterIndex::build(self, c)).collect()
    }

    /// All diagnostics, per file, after suppressions.
    pub fn diagnostics(&self) -> Vec<Vec<Diagnostic>> {
        rules::run(self)
    }

    /// [`Workspace::diagnostics`], abandoned (`None`) once `cancelled()` returns true.
    pub fn diagnostics_cancellable(&self, cancelled: &dyn Fn() -> bool) -> Option<Vec<Vec<Diagnostic>>> {
        rules::run_cancellable(self, cancelled)
    }
}

fn io_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
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

/// Analyse every Consul file under `paths` (files or folders). `progress(done, total)` is called as files are
/// read. Files come back in discovery order; the caller sorts for output.
pub fn check(paths: &[PathBuf], progress: &mut dyn FnMut(usize, usize)) -> Result<Vec<CheckedFile>, LoadError> {
    let roots = discover::discover(paths)?;
    let ws = Workspace::load(&roots, progress)?;
    let diagnostics = ws.diagnostics();
    Ok(ws
        .files
        .into_iter()
        .zip(diagnostics)
        .map(|(file, diagnostics)| CheckedFile { path: file.path.clone(), text: file.text.clone(), diagnostics })
        .collect())
}
