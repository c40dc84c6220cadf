//! Document links: file references that open what they name — the manifest's `paths` (relative to the
//! manifest), and in Consul files the values of `*_file` keys (`ca_file`, `cert_file`, `key_file`, `CAFile`, …)
//! and `ca_path`, relative to the file. Only targets that exist are linked (a missing `paths` entry is an
//! `invalid-value` already; a certificate path usually names the agent's machine, not the repository).

use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::model::FileKind;
use crate::schema::to_snake;
use crate::syntax::{TextRange, Value, ValueKind};
use crate::workspace::FileId;
use crate::workspace::manifest::{self, ManifestItem};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLink {
    /// The path as written, without its quotes.
    pub range: TextRange,
    pub target: PathBuf,
}

pub fn document_links(analysis: &Analysis, file: FileId) -> Vec<DocumentLink> {
    let Some(source) = analysis.workspace().files.get(file) else { return Vec::new() };
    let dir = source.path.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    let mut link = |range: TextRange, written: &str| {
        if written.is_empty() || written.contains("${") || written.contains("{{") {
            return;
        }
        let target = dir.join(written);
        let ws = analysis.workspace();
        // On disk, or known to the workspace (a file, or a cluster's folder that holds files).
        let holds_files = |c: &crate::workspace::Cluster| {
            // Files are in path order: the first one at or after the folder is inside it, if any is.
            let at = c.files.partition_point(|&f| ws.file(f).path < target);
            c.files.get(at).is_some_and(|&f| ws.file(f).path.starts_with(&target))
        };
        let known = ws.file_id(&target).is_some() || ws.clusters.iter().any(holds_files);
        if known || target.exists() {
            out.push(DocumentLink { range: unquoted(&source.text, range), target });
        }
    };
    if source.kind() == FileKind::Manifest {
        for item in manifest::items(&source.parse) {
            if let ManifestItem::Path { path, range, .. } = item {
                link(range, &path);
            }
        }
        return out;
    }
    if !source.kind().is_consul() {
        return out;
    }
    let mut found = Vec::new();
    file_references(&source.parse.root, &mut found);
    for (range, written) in found {
        link(range, &written);
    }
    out
}

/// String values of keys that name a file or folder.
fn file_references(value: &Value, out: &mut Vec<(TextRange, String)>) {
    match &value.kind {
        ValueKind::Object(entries) => {
            for entry in entries {
                let key = to_snake(&entry.key.text);
                if (key.ends_with("_file") || key == "ca_path")
                    && let Some(path) = entry.value.as_str()
                {
                    out.push((entry.value.range, path.to_string()));
                }
                file_references(&entry.value, out);
            }
        }
        ValueKind::List(items) => items.iter().for_each(|item| file_references(item, out)),
        _ => {}
    }
}

fn unquoted(text: &str, range: TextRange) -> TextRange {
    match text.get(range.as_usize()) {
        Some(s) if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') => {
            TextRange::new(range.start + 1, range.end - 1)
        }
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::testing;

    #[test]
    fn manifest_paths_and_tls_files() {
        let (analysis, _, _) = testing::analysis(
            r#"
            //- consul-ls.hcl
            cluster "c1" {
              paths = ["c1", "missing"]
            }
            //- c1/agent.hcl
            tls {
              defaults {
                ca_file   = "certs/ca.pem"
                cert_file = "/nowhere/cert.pem"
              }
            }
            //- c1/certs/ca.pem
            "#,
        );
        let ws = analysis.workspace();
        let show = |path: &str| {
            let file = ws.file_id(&Path::new(testing::ROOT).join(path)).unwrap();
            document_links(&analysis, file)
                .iter()
                .map(|l| {
                    let target = l.target.strip_prefix(testing::ROOT).unwrap_or(&l.target).display().to_string();
                    format!("{} -> {target}", testing::show_range(&analysis, file, l.range))
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(show("consul-ls.hcl"), ["consul-ls.hcl:2:13 `c1` -> c1"]);
        assert_eq!(show("c1/agent.hcl"), ["c1/agent.hcl:3:18 `certs/ca.pem` -> c1/certs/ca.pem"]);
    }
}
