//! The analysis worker: the one task that owns the [`AnalysisHost`]. It wakes when the session has pending work,
//! takes all of it at once (edits that arrived while it was busy coalesce into one change, at each document's
//! latest text), applies it in the blocking pool, stores the new [`Snapshot`] for requests, and publishes the
//! diagnostics of the files the change affected. There is no debounce: the first edit is analysed at once, and
//! the edits that arrive during that analysis are taken together by the next round.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::watch;

use super::progress::Reporter;
use super::publish::Publisher;
use super::server::Shared;
use super::snapshot::{DocSnapshot, Snapshot};
use crate::analysis::load::{self, Unreadable};
use crate::analysis::{AnalysisHost, Change, ChangeReport};
use crate::workspace::{Root, SourceFile};

/// Everything the worker takes from the session in one round.
struct Work {
    reindex: Option<Vec<PathBuf>>,
    /// Edited or opened documents, at their current text.
    documents: Vec<(PathBuf, Arc<str>)>,
    /// Files to read again from disk (none of them open).
    disk: Vec<PathBuf>,
    republish: bool,
    /// Every open document, as this round sees it (for the snapshot).
    open: HashMap<PathBuf, DocSnapshot>,
    tracked: Vec<PathBuf>,
}

pub struct Worker {
    shared: Arc<Shared>,
    host: AnalysisHost,
    publisher: Publisher,
    wake: watch::Receiver<u64>,
    /// Incremented for each index, so progress tokens are unique.
    indexes: u64,
}

impl Worker {
    pub fn new(shared: Arc<Shared>, wake: watch::Receiver<u64>) -> Worker {
        Worker { shared, host: AnalysisHost::new(), publisher: Publisher::default(), wake, indexes: 0 }
    }

    pub async fn run(mut self) {
        while self.wake.changed().await.is_ok() {
            self.wake.borrow_and_update();
            // Everything that is pending, until nothing is: edits that arrive meanwhile are taken together.
            while let Some(work) = self.take_work() {
                self.process(work).await;
                self.shared.publications.store(self.publisher.sent, Ordering::SeqCst);
            }
        }
    }

    fn take_work(&self) -> Option<Work> {
        let mut session = self.shared.lock();
        // Busy from taking work until there is none left, set under the session's lock: whoever sees no pending
        // work and an idle worker under that lock knows everything that came before is analysed and published.
        let busy = !session.pending.is_empty();
        self.shared.worker_busy.store(busy, Ordering::SeqCst);
        if !busy {
            return None;
        }
        let pending = std::mem::take(&mut session.pending);
        // A document whose text is what the analysis already has (just opened, unchanged on disk) is not copied
        // out of its rope at all: for a large file the copies are most of the cost of opening it.
        let ws = self.host.workspace();
        let documents = pending
            .documents
            .iter()
            .filter_map(|path| session.docs.get(path).map(|d| (path, d)))
            .filter(|(path, d)| ws.file_id(path).is_none_or(|id| !same_text(&d.text, &ws.file(id).text)))
            .map(|(path, d)| (path.clone(), rope_text(&d.text)))
            .collect();
        let open = session
            .docs
            .iter()
            .map(|(p, d)| (p.clone(), DocSnapshot { uri: d.uri.clone(), version: d.version, text: d.text.clone() }))
            .collect();
        let disk = pending.disk.into_iter().filter(|p| !session.docs.is_open(p)).collect();
        Some(Work {
            reindex: pending.reindex.then(|| session.folders.clone()),
            documents,
            disk,
            republish: pending.republish,
            open,
            tracked: session.folders.clone(),
        })
    }

    fn snapshot(&self, open: HashMap<PathBuf, DocSnapshot>) -> Snapshot {
        let session = self.shared.lock();
        Snapshot {
            analysis: self.host.analysis(),
            docs: open,
            encoding: session.encoding,
            client: session.client,
            settings: session.settings.clone(),
        }
    }

    async fn process(&mut self, work: Work) {
        let started = std::time::Instant::now();
        if let Some(folders) = work.reindex {
            self.index(folders, &work.open).await;
            let snapshot = self.snapshot(work.open);
            self.shared.set_snapshot(snapshot.clone());
            self.publisher.publish_all(&self.shared.client, &snapshot).await;
            self.shared.analyses.fetch_add(1, Ordering::SeqCst);
            return;
        }
        let mut change = Change::default();
        for (path, text) in work.documents {
            change.set_text(path, text);
        }
        let disk = work.disk;
        let tracked = work.tracked;
        // Documents closed or files changed on disk are published again even when their findings did not change:
        // a closed document may leave the scope of publication, and its version is gone.
        let touched: Vec<PathBuf> = disk.clone();
        let host = std::mem::take(&mut self.host);
        let result = tokio::task::spawn_blocking(move || {
            let mut host = host;
            read_disk(&host, &disk, &tracked, &mut change);
            let report = std::panic::catch_unwind(AssertUnwindSafe(|| host.apply_change(change)));
            (host, report)
        })
        .await;
        let report = match result {
            Ok((host, Ok(report))) => {
                self.host = host;
                report
            }
            Ok((_, Err(panic))) => {
                tracing::error!("analysis panicked: {}; indexing again", super::transport::panic_message(&panic));
                self.recover().await;
                return;
            }
            Err(err) => {
                tracing::error!("analysis failed: {err}; indexing again");
                self.recover().await;
                return;
            }
        };
        let snapshot = self.snapshot(work.open);
        self.shared.set_snapshot(snapshot.clone());
        let client = &self.shared.client;
        if work.republish || report.full {
            self.publisher.publish_all(client, &snapshot).await;
        } else {
            let ws = snapshot.analysis.workspace();
            // The edited documents are published even when their findings did not change, for their version.
            let mut files = report.affected.clone();
            files.extend(snapshot.docs.keys().chain(&touched).filter_map(|p| ws.file_id(p)));
            files.sort();
            files.dedup();
            let removed: Vec<PathBuf> = report.removed.iter().map(|(_, p)| p.clone()).collect();
            self.publisher.publish(client, &snapshot, &files, &removed).await;
        }
        let n = self.shared.analyses.fetch_add(1, Ordering::SeqCst) + 1;
        log_report(n, &report, started.elapsed());
    }

    /// Indexes the folders from scratch (with progress), with the open documents' texts in place of the disk's.
    async fn index(&mut self, folders: Vec<PathBuf>, open: &HashMap<PathBuf, DocSnapshot>) {
        self.indexes += 1;
        let progress = self.shared.lock().client.work_done_progress;
        let token = format!("consul-ls/index/{}", self.indexes);
        let mut reporter = Reporter::begin(&self.shared.client, progress, &token, "Indexing Consul files").await;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let documents: Vec<(PathBuf, Arc<str>)> = open.iter().map(|(p, d)| (p.clone(), rope_text(&d.text))).collect();
        let task = tokio::task::spawn_blocking(move || {
            let loaded = load::load(&folders, Unreadable::Skip, &mut |done, total| {
                let _ = tx.send((done, total));
            });
            let (mut roots, files) = loaded.unwrap_or_default();
            if roots.is_empty() {
                roots = folders.iter().map(|f| Root { path: f.clone(), is_dir: true }).collect();
            }
            let open: HashMap<PathBuf, Arc<str>> = documents.into_iter().collect();
            let mut sources: Vec<SourceFile> =
                files.into_iter().filter(|f| !open.contains_key(&crate::workspace::normalize(&f.path))).collect();
            sources.extend(open.into_iter().map(|(path, text)| SourceFile::new(path, text)));
            AnalysisHost::with_sources(roots, sources)
        });
        while let Some((done, total)) = rx.recv().await {
            reporter.report(done, total).await;
        }
        match task.await {
            Ok(host) => self.host = host,
            Err(err) => tracing::error!("indexing the workspace failed: {err}"),
        }
        let n_files = self.host.workspace().files.iter().filter(|(_, f)| f.kind().is_consul()).count();
        tracing::info!(n_files, "workspace indexed");
        reporter.finish(format!("{n_files} Consul files")).await;
    }

    /// After a failed analysis the host's state is unknown: index again, with every open document.
    async fn recover(&mut self) {
        let mut session = self.shared.lock();
        session.pending.reindex = true;
        let open: Vec<PathBuf> = session.docs.iter().map(|(p, _)| p.clone()).collect();
        session.pending.documents.extend(open);
        drop(session);
        self.shared.request_analysis();
    }
}

/// Whether a rope holds exactly `text`, compared chunk by chunk without building a string.
fn same_text(rope: &ropey::Rope, text: &str) -> bool {
    if rope.len_bytes() != text.len() {
        return false;
    }
    let mut at = 0;
    rope.chunks().all(|chunk| {
        let same = text.as_bytes().get(at..at + chunk.len()) == Some(chunk.as_bytes());
        at += chunk.len();
        same
    })
}

/// A rope's text in one allocation of the right size.
fn rope_text(rope: &ropey::Rope) -> Arc<str> {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    Arc::from(text)
}

/// Adds to `change` what is on disk now for each path: its bytes when the workspace tracks it and it can be
/// read; otherwise the file — or, for a deleted folder, every file under it — is removed.
fn read_disk(host: &AnalysisHost, paths: &[PathBuf], folders: &[PathBuf], change: &mut Change) {
    let tracks = |p: &PathBuf| folders.iter().any(|root| crate::workspace::discover::is_discoverable(root, p));
    for path in paths {
        match tracks(path).then(|| std::fs::read(path).ok()).flatten() {
            Some(bytes) => change.set_bytes(path.clone(), bytes),
            None => {
                let ws = host.workspace();
                let gone: Vec<PathBuf> =
                    ws.files.iter().map(|(_, f)| f.path.clone()).filter(|p| p.starts_with(path)).collect();
                for p in gone {
                    change.remove(p);
                }
            }
        }
    }
}

fn log_report(n: u64, report: &ChangeReport, elapsed: std::time::Duration) {
    tracing::debug!(
        analysis = n,
        reparsed = report.reparsed_files,
        rechecked_files = report.rechecked_files,
        rechecked_clusters = report.rechecked_clusters,
        affected = report.affected.len(),
        full = report.full,
        elapsed_us = elapsed.as_micros() as u64,
        "change analysed and published"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_a_rope_with_a_text_without_copying() {
        let long = "service { name = \"é\" }\n".repeat(5000);
        let rope = ropey::Rope::from_str(&long);
        assert!(rope.chunks().count() > 1);
        assert!(same_text(&rope, &long));
        assert!(!same_text(&rope, &long[1..]));
        let mut other = long.clone().into_bytes();
        let at = other.len() - 3;
        other[at] = b'X';
        assert!(!same_text(&rope, std::str::from_utf8(&other).unwrap()));
        assert_eq!(&*rope_text(&rope), long.as_str());
    }
}
