//! Open documents: the editor's text (a rope) and version, edited incrementally in the order changes arrive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::convert::{self, Encoding};

#[derive(Clone, Debug)]
pub struct Document {
    /// The URI exactly as the client sent it (diagnostics are published under it).
    pub uri: Uri,
    pub version: i32,
    pub text: Rope,
}

impl Document {
    /// Applies one content change: a full replacement when it has no range, else a splice at the range.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        match change.range {
            None => self.text = Rope::from_str(&change.text),
            Some(range) => {
                let bytes = convert::text_range(&self.text, range, encoding);
                let start = self.text.byte_to_char(bytes.start as usize);
                let end = self.text.byte_to_char(bytes.end as usize);
                self.text.remove(start..end);
                self.text.insert(start, &change.text);
            }
        }
    }
}

/// Open documents by file path.
#[derive(Clone, Debug, Default)]
pub struct Documents {
    docs: BTreeMap<PathBuf, Document>,
}

impl Documents {
    pub fn open(&mut self, path: PathBuf, uri: Uri, version: i32, text: &str) {
        self.docs.insert(path, Document { uri, version, text: Rope::from_str(text) });
    }

    /// Applies the changes of one `didChange`, in order. Returns false for a document that is not open.
    /// A version that does not increase is logged (clients must send increasing versions) but still applied:
    /// the changes describe the editor's buffer, which is the truth.
    pub fn change(
        &mut self,
        path: &Path,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> bool {
        let Some(doc) = self.docs.get_mut(path) else { return false };
        if version <= doc.version {
            tracing::warn!(path = %path.display(), old = doc.version, new = version, "document version did not increase");
        }
        for change in changes {
            doc.apply(change, encoding);
        }
        doc.version = version;
        true
    }

    pub fn close(&mut self, path: &Path) -> Option<Document> {
        self.docs.remove(path)
    }

    pub fn get(&self, path: &Path) -> Option<&Document> {
        self.docs.get(path)
    }

    pub fn get_mut(&mut self, path: &Path) -> Option<&mut Document> {
        self.docs.get_mut(path)
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.docs.contains_key(path)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &Document)> {
        self.docs.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    fn docs_with(text: &str) -> (Documents, PathBuf) {
        let mut docs = Documents::default();
        let path = PathBuf::from("/w/a.hcl");
        docs.open(path.clone(), "file:///w/a.hcl".parse().unwrap(), 1, text);
        (docs, path)
    }

    #[test]
    fn incremental_edits_apply_in_order() {
        let (mut docs, path) = docs_with("port = 1\n");
        let changes = [edit(0, 7, 0, 8, "8080"), edit(1, 0, 1, 0, "name = \"服务😀\"\n"), edit(1, 10, 1, 12, "x")];
        assert!(docs.change(&path, 2, &changes, Encoding::Utf16));
        let doc = docs.get(&path).unwrap();
        assert_eq!(doc.text.to_string(), "port = 8080\nname = \"服务x\"\n");
        assert_eq!(doc.version, 2);
    }

    #[test]
    fn utf8_columns_and_full_replacement() {
        let (mut docs, path) = docs_with("a = \"é\"\r\nb = 1");
        // Column 7 in bytes is after "é" (two bytes), before the closing quote.
        docs.change(&path, 2, &[edit(0, 7, 0, 7, "!")], Encoding::Utf8);
        assert_eq!(docs.get(&path).unwrap().text.to_string(), "a = \"é!\"\r\nb = 1");
        // A range past the line end clamps to the end of the line, before its line break.
        docs.change(&path, 3, &[edit(0, 50, 0, 60, "#")], Encoding::Utf8);
        assert_eq!(docs.get(&path).unwrap().text.to_string(), "a = \"é!\"#\r\nb = 1");
        let full = TextDocumentContentChangeEvent { range: None, range_length: None, text: "new".into() };
        docs.change(&path, 4, &[full], Encoding::Utf8);
        assert_eq!(docs.get(&path).unwrap().text.to_string(), "new");
    }

    #[test]
    fn change_to_unknown_document_is_ignored() {
        let (mut docs, _) = docs_with("");
        assert!(!docs.change(Path::new("/w/other.hcl"), 2, &[edit(0, 0, 0, 0, "x")], Encoding::Utf16));
    }
}
