//! Typed ids: a file and a cluster are different things, so they are different types.

use std::fmt;

/// A file of the workspace. Ids are never reused: a removed file's id stays dead, so a stale reference can never
/// name another file.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A cluster of the workspace (from the manifest, or one per root folder). Ids are positions in the current
/// cluster list; they change only when the clusters are laid out again (a manifest or the roots changed).
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClusterId(pub u32);

impl FileId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ClusterId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Debug for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "file#{}", self.0)
    }
}

impl fmt::Debug for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cluster#{}", self.0)
    }
}
