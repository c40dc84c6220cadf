//! The file table: files by [`FileId`], with a path → id map. Lookups by path and by id are O(1); nothing scans.

use std::collections::HashMap;
use std::ops::Index;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{FileId, SourceFile, normalize};

/// Every file of the workspace. Cloning copies pointers (the files are shared), and the path map is shared until
/// the set of paths changes, so a snapshot of the table is cheap.
#[derive(Clone, Debug, Default)]
pub struct Files {
    slots: Vec<Option<Arc<SourceFile>>>,
    /// Normalised path → id, for every live file.
    by_path: Arc<HashMap<PathBuf, FileId>>,
}

impl Files {
    /// The id of the file at `path` (`./a` and `a` are the same path).
    pub fn id(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).or_else(|| self.by_path.get(&normalize(path))).copied()
    }

    pub fn get(&self, id: FileId) -> Option<&Arc<SourceFile>> {
        self.slots.get(id.index()).and_then(Option::as_ref)
    }

    /// Live files in id order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Arc<SourceFile>)> {
        self.slots.iter().enumerate().filter_map(|(i, f)| f.as_ref().map(|f| (FileId(i as u32), f)))
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> + '_ {
        self.iter().map(|(id, _)| id)
    }

    /// The number of live files.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// One past the largest id ever given out (for tables indexed by id).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Puts `file` in place of the file with the same path, or adds it. Returns its id and the file it replaced.
    pub fn insert(&mut self, file: SourceFile) -> (FileId, Option<Arc<SourceFile>>) {
        let file = Arc::new(file);
        match self.id(&file.path) {
            Some(id) => {
                let old = self.slots[id.index()].replace(file);
                (id, old)
            }
            None => {
                let id = FileId(self.slots.len() as u32);
                Arc::make_mut(&mut self.by_path).insert(normalize(&file.path), id);
                self.slots.push(Some(file));
                (id, None)
            }
        }
    }

    /// Forgets the file at `path`. Its id is not reused.
    pub fn remove(&mut self, path: &Path) -> Option<(FileId, Arc<SourceFile>)> {
        let id = self.id(path)?;
        Arc::make_mut(&mut self.by_path).remove(&normalize(path));
        let old = self.slots.get_mut(id.index())?.take()?;
        Some((id, old))
    }
}

impl Index<FileId> for Files {
    type Output = SourceFile;

    /// The file with this id. Ids come from this table and are only kept while the file is live (the indexes
    /// drop a file's references when it is removed), so a dead id here is a bug in consul-ls, not bad input.
    fn index(&self, id: FileId) -> &SourceFile {
        self.get(id).unwrap_or_else(|| panic!("{id:?} is not a live file"))
    }
}
