//! One file's text, tree and model, built once per version of its text.

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::k8s::YamlContext;
use crate::model::{self, FileKind, FileModel};
use crate::syntax::{self, Parse, SourceKind, TextRange};

/// Files larger than this are not analysed (a diagnostic says so).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// A file's text, tree and model. Immutable once built; a new text makes a new `SourceFile`.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Shared: a file can be modelled again (as another kind, or a YAML file whose cluster's Helm values changed)
    /// without parsing or copying the tree again.
    pub parse: Arc<Parse>,
    pub model: FileModel,
    /// What the file's content alone says it is; `model.kind` may differ where the workspace knows better (a file
    /// in a manifest cluster's `paths`, a Consul file while it is broken in the editor).
    pub natural_kind: FileKind,
    /// A problem with the bytes themselves (not UTF-8, too large), reported as `syntax`.
    pub content_error: Option<(String, TextRange)>,
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
        SourceFile { path, text, parse: Arc::new(parse), natural_kind: model.kind, model, content_error: None }
    }

    /// The same file modelled as `kind` (its tree shared, not copied).
    pub fn with_kind(&self, kind: FileKind) -> SourceFile {
        SourceFile {
            path: self.path.clone(),
            text: self.text.clone(),
            parse: self.parse.clone(),
            model: model::build_as(&self.parse, &self.text, kind),
            natural_kind: self.natural_kind,
            content_error: self.content_error.clone(),
        }
    }

    /// What a YAML file's model was built with (`None` for other files).
    pub fn yaml_context(&self) -> Option<&YamlContext> {
        self.model.k8s.as_ref().map(|k| &k.context)
    }

    /// The same file with its model rebuilt for `context` (a YAML file only; the tree is shared, not re-parsed).
    pub fn with_yaml_context(&self, context: &YamlContext) -> SourceFile {
        let file_name = self.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let model = if self.content_error.is_some() {
            self.model.clone()
        } else {
            model::build_with(&self.parse, &self.text, file_name, context)
        };
        SourceFile {
            path: self.path.clone(),
            text: self.text.clone(),
            parse: self.parse.clone(),
            model,
            natural_kind: self.natural_kind,
            content_error: self.content_error.clone(),
        }
    }

    pub fn source_kind(&self) -> SourceKind {
        self.parse.source_kind
    }

    pub fn kind(&self) -> FileKind {
        self.model.kind
    }

    /// Whether this is the workspace manifest `consul-ls.hcl`.
    pub fn is_manifest(&self) -> bool {
        self.path.file_name().is_some_and(|n| n == super::MANIFEST_FILE)
    }
}
