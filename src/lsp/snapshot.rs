//! A consistent view for requests: the analysis at one revision, and the open documents exactly as that analysis
//! saw them (version and text), so a position converts against the text the results were computed on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ropey::Rope;
use tower_lsp_server::ls_types::{Location, Position, Uri};

use super::config::Settings;
use super::convert::{self, Encoding};
use super::session::ClientFlags;
use crate::analysis::Analysis;
use crate::ide;
use crate::workspace::FileId;

/// An open document as a snapshot saw it. Ropes share their structure, so this is a cheap copy.
#[derive(Clone, Debug)]
pub struct DocSnapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: Rope,
}

#[derive(Clone, Debug)]
pub struct Snapshot {
    pub analysis: Analysis,
    pub docs: HashMap<PathBuf, DocSnapshot>,
    pub encoding: Encoding,
    pub client: ClientFlags,
    pub settings: Settings,
}

impl Snapshot {
    /// Whether this snapshot holds the document at `path` at `version` (or it is not open: `None`).
    pub fn has_version(&self, path: &Path, version: Option<i32>) -> bool {
        match version {
            None => true,
            Some(v) => self.docs.get(path).is_some_and(|d| d.version >= v),
        }
    }

    pub fn file_of(&self, uri: &Uri) -> Option<FileId> {
        self.analysis.workspace().file_id(&super::uri_to_path(uri)?)
    }

    /// The text of `file` as a rope: the open document's, else built from the file's text.
    pub fn rope(&self, file: FileId) -> Rope {
        let source = self.analysis.workspace().file(file);
        match self.docs.get(&source.path) {
            Some(doc) => doc.text.clone(),
            None => Rope::from_str(&source.text),
        }
    }

    pub fn uri(&self, path: &Path) -> Option<Uri> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => Uri::from_file_path(path),
        }
    }

    /// The file and byte offset of a position in a document.
    pub fn offset(&self, uri: &Uri, position: Position) -> Option<(FileId, u32, Rope)> {
        let file = self.file_of(uri)?;
        let rope = self.rope(file);
        let offset = convert::offset(&rope, position, self.encoding);
        Some((file, offset, rope))
    }

    pub fn location(&self, at: ide::FileRange) -> Option<Location> {
        let path = &self.analysis.workspace().files.get(at.file)?.path;
        let rope = self.rope(at.file);
        Some(Location::new(self.uri(path)?, convert::range(&rope, at.range, self.encoding)))
    }
}
