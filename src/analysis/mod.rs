//! The analysis layer, in the spirit of rust-analyzer's `AnalysisHost` / `Analysis`: [`AnalysisHost`] owns the
//! mutable state — the [`Workspace`] (files by [`FileId`], clusters by [`ClusterId`], their indexes) and every
//! finding — and applies [`Change`]s incrementally; [`Analysis`] is a cheap immutable snapshot of it for
//! requests and background work (cloning it copies one pointer).
//!
//! # Findings, and what each depends on
//!
//! Findings come in three granularities, cached separately:
//! - **local** (`rules::file_diagnostics`): syntax, schema, Consul's value checks, secrets. They depend on the
//!   file's text alone and are computed once per version of it.
//! - **cross** (`rules::file_cross_diagnostics`): the peering checks of one file's upstreams and
//!   exported-services consumers. They depend on the file, the manifest, and on what the rest of the workspace
//!   says about the *names* the file's upstreams use: whether the file's cluster registers (or routes) that
//!   name, and which clusters export it (or `*`) to which peers.
//! - **cluster** (`rules::cluster_diagnostics`): gateways, gateway modes, the mesh entry, ACLs. They depend on
//!   the cluster's [`facts::ClusterFacts`] — gateways, exported-services entries, mesh and defaults entries,
//!   peered upstreams and their modes, policies, the ACL switch — positions included, since the findings sit on
//!   those items.
//!
//! # Applying a change
//!
//! An edit re-parses and re-models the edited file only, and updates the indexes of its clusters by removing
//! what its old model contributed and adding what its new one does. Then its [`facts::FileFacts`] (old vs new)
//! decide what else is re-checked:
//! - the edited file's local and cross findings, always;
//! - registered/routed names that appeared or disappeared: the files of the same cluster(s) whose upstreams name
//!   them (the index's reverse map "who names service S");
//! - exported names whose export (namespace, consumer peers) changed: the files of every cluster whose upstreams
//!   name them — every upstream file, when `*` changed;
//! - cluster facts that changed: the cluster-level findings of the file's clusters.
//!
//! - findings elsewhere whose related locations ([`rules::Related`]) point into the edited file: they are
//!   recomputed so those locations follow the file's text (the [`RelatedIndex`] says who they are). Which
//!   related targets exist at all is a fact like the others (an exported-services entry appearing in a peer
//!   cluster re-checks the upstreams that peer into it).
//!
//! So an edit that leaves a file's contribution alone re-checks one file and no cluster (plus the findings that
//! point into it); renaming a service
//! re-checks the files that name the old or the new name. A change of a root manifest, of the roots, or of
//! anything the clusters are laid out from, re-checks everything (the cluster ids themselves change).
//! [`ChangeReport`] counts what was re-checked; `tests/incremental.rs` holds the design to those counts.
//!
//! # Snapshots
//!
//! The state sits behind an `Arc`; files, per-file results and per-cluster indexes and results are `Arc`s
//! inside it. Applying a change while a snapshot is alive copies the outer tables (pointers) and only the
//! indexes and results it modifies.
pub mod check;
mod facts;
pub mod load;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::rules::{self, Diagnostic, Related};
use crate::workspace::{ClusterId, FileId, FileUpdate, Root, SourceFile, Topology, Workspace};
use facts::FileFacts;

pub use crate::workspace::LoadError;
pub use check::{CheckedFile, check};

/// A set of changes, applied together.
#[derive(Clone, Debug, Default)]
pub struct Change {
    /// New roots (the clusters are laid out again).
    pub roots: Option<Vec<Root>>,
    pub files: Vec<FileChange>,
}

#[derive(Clone, Debug)]
pub enum FileChange {
    /// The file's text (an editor buffer).
    Text(PathBuf, Arc<str>),
    /// The file's bytes (read from disk; not UTF-8, binary or too large becomes a `syntax` finding).
    Bytes(PathBuf, Vec<u8>),
    Remove(PathBuf),
}

impl Change {
    pub fn set_text(&mut self, path: PathBuf, text: impl Into<Arc<str>>) {
        self.files.push(FileChange::Text(path, text.into()));
    }
    pub fn set_bytes(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.files.push(FileChange::Bytes(path, bytes));
    }
    pub fn remove(&mut self, path: PathBuf) {
        self.files.push(FileChange::Remove(path));
    }
    pub fn is_empty(&self) -> bool {
        self.roots.is_none() && self.files.is_empty()
    }
}

/// What applying a change did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// Files whose reported findings may differ now (changed files included), in id order.
    pub affected: Vec<FileId>,
    /// Files that were removed, with their paths (their findings are gone).
    pub removed: Vec<(FileId, PathBuf)>,
    /// Files parsed and modelled again.
    pub reparsed_files: usize,
    /// Files whose cross-file findings were recomputed.
    pub rechecked_files: usize,
    /// Clusters whose cluster-level findings were recomputed.
    pub rechecked_clusters: usize,
    /// Everything was recomputed (the clusters were laid out again).
    pub full: bool,
}

/// One file's cached findings. (Its facts are not kept: when the file changes, they are read again from the old
/// version's model, which the workspace hands back.)
#[derive(Clone, Debug, Default)]
struct FileResult {
    local: Vec<Diagnostic>,
    cross: Vec<Diagnostic>,
}

/// One cluster's cluster-level findings, by the file they sit in.
#[derive(Debug, Default, PartialEq)]
struct ClusterResult {
    by_file: HashMap<FileId, Vec<Diagnostic>>,
}

/// Which cached findings point into each file through their related locations, so an edit of that file
/// recomputes them (their locations move with its text).
#[derive(Clone, Debug, Default)]
struct RelatedIndex {
    /// Target file → files whose cross findings point into it.
    cross: HashMap<FileId, BTreeSet<FileId>>,
    /// Target file → clusters whose cluster-level findings point into it.
    clusters: HashMap<FileId, BTreeSet<ClusterId>>,
}

/// The files the related locations of `diagnostics` point into.
fn related_files<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> BTreeSet<FileId> {
    diagnostics.into_iter().flat_map(|d| d.related.iter().map(|r: &Related| r.file)).collect()
}

impl RelatedIndex {
    fn set_cross(&mut self, file: FileId, old: &[Diagnostic], new: &[Diagnostic]) {
        for target in related_files(old) {
            if let Some(set) = self.cross.get_mut(&target) {
                set.remove(&file);
                if set.is_empty() {
                    self.cross.remove(&target);
                }
            }
        }
        for target in related_files(new) {
            self.cross.entry(target).or_default().insert(file);
        }
    }

    fn set_cluster(&mut self, cluster: ClusterId, old: &ClusterResult, new: &ClusterResult) {
        for target in related_files(old.by_file.values().flatten()) {
            if let Some(set) = self.clusters.get_mut(&target) {
                set.remove(&cluster);
                if set.is_empty() {
                    self.clusters.remove(&target);
                }
            }
        }
        for target in related_files(new.by_file.values().flatten()) {
            self.clusters.entry(target).or_default().insert(cluster);
        }
    }
}

#[derive(Clone, Debug, Default)]
struct State {
    ws: Workspace,
    /// By file id.
    files: Vec<Option<Arc<FileResult>>>,
    /// By cluster id.
    clusters: Vec<Arc<ClusterResult>>,
    related: RelatedIndex,
    revision: u64,
}

/// The owner of the analysis state. Not `Clone`: there is one, and it hands out [`Analysis`] snapshots.
#[derive(Debug, Default)]
pub struct AnalysisHost {
    state: Arc<State>,
}

/// An immutable snapshot of the analysis: the workspace and every finding at one revision.
#[derive(Clone, Debug)]
pub struct Analysis {
    state: Arc<State>,
}

impl AnalysisHost {
    pub fn new() -> AnalysisHost {
        AnalysisHost::default()
    }

    /// A host over these roots and files (read from disk: bytes), analysed in parallel.
    pub fn with_files(roots: Vec<Root>, files: Vec<(PathBuf, Vec<u8>)>) -> AnalysisHost {
        let parsed: Vec<SourceFile> =
            files.into_par_iter().map(|(path, bytes)| SourceFile::from_bytes(path, &bytes)).collect();
        AnalysisHost::with_sources(roots, parsed)
    }

    /// A host over already parsed files.
    pub fn with_sources(roots: Vec<Root>, files: Vec<SourceFile>) -> AnalysisHost {
        let mut state = State { ws: Workspace::new(roots, files), ..State::default() };
        state.recompute_all();
        AnalysisHost { state: Arc::new(state) }
    }

    pub fn analysis(&self) -> Analysis {
        Analysis { state: self.state.clone() }
    }

    pub fn workspace(&self) -> &Workspace {
        &self.state.ws
    }

    /// A second host that starts from this one's state (sharing it until either changes): to try a change, such
    /// as a quick fix, without touching this one.
    pub fn fork(&self) -> AnalysisHost {
        AnalysisHost { state: self.state.clone() }
    }

    /// Applies a change: re-parses the changed files and re-checks what depends on what they changed.
    pub fn apply_change(&mut self, change: Change) -> ChangeReport {
        let state = Arc::make_mut(&mut self.state);
        state.revision += 1;
        state.apply(change)
    }
}

impl State {
    fn apply(&mut self, change: Change) -> ChangeReport {
        let mut report = ChangeReport::default();
        let mut full = false;
        // Files whose model was rebuilt without their text changing (YAML files read with new install facts).
        let mut remodelled: Vec<FileId> = Vec::new();
        if let Some(roots) = change.roots {
            remodelled.extend(self.ws.set_roots(roots));
            full = true;
        }
        // Parse what changed (in parallel when there is much), skipping texts that did not change.
        let ws = &self.ws;
        let unchanged = |path: &PathBuf, text: &str| {
            ws.file_id(path).is_some_and(|id| {
                let file = ws.file(id);
                file.content_error.is_none() && &*file.text == text
            })
        };
        enum Parsed {
            File(Box<SourceFile>),
            Remove(PathBuf),
        }
        let parsed: Vec<Parsed> = change
            .files
            .into_par_iter()
            .filter_map(|c| match c {
                FileChange::Text(path, text) => {
                    (!unchanged(&path, &text)).then(|| Parsed::File(Box::new(SourceFile::new(path, text))))
                }
                FileChange::Bytes(path, bytes) => {
                    let same = std::str::from_utf8(&bytes).is_ok_and(|text| unchanged(&path, text));
                    (!same).then(|| Parsed::File(Box::new(SourceFile::from_bytes(path, &bytes))))
                }
                FileChange::Remove(path) => Some(Parsed::Remove(path)),
            })
            .collect();
        report.reparsed_files = parsed.iter().filter(|p| matches!(p, Parsed::File(_))).count();

        let mut updates: Vec<FileUpdate> = Vec::new();
        for item in parsed {
            let update = match item {
                Parsed::File(file) => Some(self.ws.insert_file(*file)),
                Parsed::Remove(path) => self.ws.remove_file(&path),
            };
            if let Some(update) = update {
                full |= update.relayout;
                // Peer names declared by PeeringAcceptor/PeeringDialer resources, and how they pair across
                // clusters, decide what every peer name resolves to: a change re-checks everything.
                full |= facts::peerings_of(update.old.as_deref()) != facts::peerings_of(update.new.as_deref());
                remodelled.extend(&update.remodelled);
                if let Some(old) = &update.old
                    && update.new.is_none()
                {
                    report.removed.push((update.id, old.path.clone()));
                }
                updates.push(update);
            }
        }
        if self.files.len() < self.ws.files.capacity() {
            self.files.resize(self.ws.files.capacity(), None);
        }
        if full {
            // Laying the clusters out again may change what a file is (a file in a manifest cluster's `paths` is
            // a Consul file): every file's findings are computed again.
            self.files.clear();
            self.recompute_all();
            report.full = true;
            report.rechecked_files = self.ws.files.len();
            report.rechecked_clusters = self.ws.clusters.len();
            report.affected = self.ws.files.ids().collect();
            return report;
        }

        // What the changed files' old and new facts say must be re-checked.
        let mut recheck: BTreeSet<FileId> = BTreeSet::new();
        let mut dirty_clusters: BTreeSet<ClusterId> = BTreeSet::new();
        let mut touched: BTreeSet<FileId> = BTreeSet::new();
        for update in &updates {
            let id = update.id;
            touched.insert(id);
            // Findings elsewhere whose related locations point into this file follow its new text.
            recheck.extend(self.related.cross.get(&id).into_iter().flatten());
            dirty_clusters.extend(self.related.clusters.get(&id).into_iter().flatten());
            if let Some(old) = self.files[id.index()].take() {
                self.related.set_cross(id, &old.cross, &[]);
            }
            let old_facts = update.old.as_ref().map(|old| FileFacts::of(&old.model)).unwrap_or_default();
            let Some(new) = &update.new else {
                // Removed: what it contributed is gone.
                self.dependents(&old_facts, &FileFacts::default(), &update.old_clusters, &mut recheck);
                dirty_clusters.extend(&update.old_clusters);
                continue;
            };
            let facts = FileFacts::of(&new.model);
            self.dependents(&old_facts, &facts, &update.new_clusters, &mut recheck);
            // The manifest's own cross-checks (its `paths` and `peers` entries) are findings of the clusters it
            // declares: its text moved, so they are computed again.
            dirty_clusters.extend(self.ws.clusters.iter().filter(|c| c.manifest == Some(id)).map(|c| c.id));
            // A new file changes what its clusters hold (the manifest's `paths` check reads that).
            if old_facts.cluster != facts.cluster || update.old.is_none() {
                dirty_clusters.extend(update.old_clusters.iter().chain(&update.new_clusters));
            }
            let local = rules::file_diagnostics(new);
            self.files[id.index()] = Some(Arc::new(FileResult { local, cross: Vec::new() }));
            recheck.insert(id);
        }
        for update in &updates {
            if update.new.is_none() {
                recheck.remove(&update.id);
            }
        }

        // Cross findings of the files that depend on what changed.
        let topology = self.ws.topology();
        let rechecked: Vec<(FileId, Vec<Diagnostic>)> =
            recheck.iter().filter(|&&f| self.ws.files.get(f).is_some()).map(|&f| (f, cross_of(topology, f))).collect();
        report.rechecked_files = rechecked.len();
        let mut affected: BTreeSet<FileId> = touched;
        for (f, cross) in rechecked {
            let slot = &mut self.files[f.index()];
            let Some(result) = slot.as_mut() else { continue };
            if result.cross != cross {
                affected.insert(f);
                self.related.set_cross(f, &result.cross, &cross);
                Arc::make_mut(result).cross = cross;
            }
        }

        // Cluster-level findings of the clusters whose facts changed.
        report.rechecked_clusters = dirty_clusters.len();
        for c in dirty_clusters {
            let new = cluster_result(topology, c);
            let old = &self.clusters[c.index()];
            self.related.set_cluster(c, old, &new);
            for (f, list) in &new.by_file {
                if old.by_file.get(f) != Some(list) {
                    affected.insert(*f);
                }
            }
            for f in old.by_file.keys() {
                if !new.by_file.contains_key(f) {
                    affected.insert(*f);
                }
            }
            self.clusters[c.index()] = Arc::new(new);
        }
        report.affected = affected.into_iter().filter(|&f| self.ws.files.get(f).is_some()).collect();
        report
    }

    /// Adds to `out` the files whose cross findings depend on what changed between two versions of a file of
    /// `clusters`.
    fn dependents(&self, old: &FileFacts, new: &FileFacts, clusters: &[ClusterId], out: &mut BTreeSet<FileId>) {
        let index_files = |c: ClusterId, name: &str, out: &mut BTreeSet<FileId>| {
            if let Some(list) = self.ws.cluster_index(c).upstreams.get(name) {
                out.extend(list.iter().map(|u| u.file));
            }
        };
        for name in old.changed_registrations(new) {
            for &c in clusters {
                index_files(c, name, out);
            }
        }
        if old.changed_export_entries(new) {
            // The related locations of `service-not-exported` in the clusters that peer into these ones.
            let topology = self.ws.topology();
            for &c in clusters {
                out.extend(topology.peer_uses_of(c).iter().map(|(_, u)| u.file()));
            }
        }
        let exports = old.changed_exports(new);
        if exports.contains("*") {
            for c in self.ws.cluster_ids() {
                out.extend(self.ws.cluster_index(c).upstreams.values().flatten().map(|u| u.file));
            }
        } else {
            for name in exports {
                for c in self.ws.cluster_ids() {
                    index_files(c, name, out);
                }
            }
        }
    }

    /// Recomputes every finding (after loading, or when the clusters were laid out again); local findings of
    /// files whose text did not change are kept.
    fn recompute_all(&mut self) {
        let capacity = self.ws.files.capacity();
        self.files.resize(capacity, None);
        let topology = self.ws.topology();
        let previous = &self.files;
        let results: Vec<(FileId, FileResult)> = self
            .ws
            .files
            .iter()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(id, file)| {
                let kept = previous.get(id.index()).and_then(|r| r.as_ref());
                let local = match kept {
                    Some(r) => r.local.clone(),
                    None => rules::file_diagnostics(file),
                };
                (id, FileResult { local, cross: cross_of(topology, id) })
            })
            .collect();
        let mut files: Vec<Option<Arc<FileResult>>> = vec![None; capacity];
        for (id, result) in results {
            files[id.index()] = Some(Arc::new(result));
        }
        self.files = files;
        let clusters: Vec<ClusterId> = self.ws.cluster_ids().collect();
        self.clusters = clusters.into_par_iter().map(|c| Arc::new(cluster_result(topology, c))).collect();
        let mut related = RelatedIndex::default();
        for (i, result) in self.files.iter().enumerate() {
            if let Some(result) = result {
                related.set_cross(FileId(i as u32), &[], &result.cross);
            }
        }
        for (i, result) in self.clusters.iter().enumerate() {
            related.set_cluster(ClusterId(i as u32), &ClusterResult::default(), result);
        }
        self.related = related;
    }
}

fn cross_of(topology: Topology<'_>, file: FileId) -> Vec<Diagnostic> {
    let ws = topology.workspace();
    let mut out = Vec::new();
    for &c in ws.clusters_of(file) {
        out.extend(rules::file_cross_diagnostics(topology, file, c));
    }
    out
}

fn cluster_result(topology: Topology<'_>, cluster: ClusterId) -> ClusterResult {
    let mut by_file: HashMap<FileId, Vec<Diagnostic>> = HashMap::new();
    for (f, d) in rules::cluster_diagnostics(topology, cluster) {
        by_file.entry(f).or_default().push(d);
    }
    ClusterResult { by_file }
}

impl Analysis {
    pub fn workspace(&self) -> &Workspace {
        &self.state.ws
    }

    pub fn topology(&self) -> Topology<'_> {
        self.state.ws.topology()
    }

    /// Increases with every applied change.
    pub fn revision(&self) -> u64 {
        self.state.revision
    }

    /// The findings of one file as reported: suppressions applied, sorted, each once.
    pub fn diagnostics(&self, file: FileId) -> Vec<Diagnostic> {
        let state = &self.state;
        let Some(result) = state.files.get(file.index()).and_then(|r| r.as_ref()) else { return Vec::new() };
        let mut all: Vec<Diagnostic> = result.local.iter().chain(&result.cross).cloned().collect();
        // The cluster-level findings of the file's clusters, and of the clusters its manifest declares.
        let declared = state.ws.clusters.iter().filter(|c| c.manifest == Some(file)).map(|c| c.id);
        for c in state.ws.clusters_of(file).iter().copied().chain(declared) {
            if let Some(list) = state.clusters.get(c.index()).and_then(|r| r.by_file.get(&file)) {
                all.extend(list.iter().cloned());
            }
        }
        rules::finish(&state.ws, file, all)
    }
}
