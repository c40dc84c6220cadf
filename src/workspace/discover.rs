//! Which files a `check` run (or a workspace folder) reads: one root per PATH argument. A file argument is taken as
//! is, whatever its extension; a folder is walked for `*.hcl`, `*.json`, `*.yaml` and `*.yml` files (YAML for
//! consul-k8s: custom resources, annotated workloads, Helm values), skipping `.git`, `node_modules`, `target` and
//! hidden folders.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::LoadError;

/// One PATH argument and the files found under it, sorted by path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscoveredRoot {
    /// The argument as given.
    pub root: PathBuf,
    /// Whether the argument is a folder (otherwise it is a single file).
    pub is_dir: bool,
    /// Files to read. Relative when `root` is relative (they start with `root`).
    pub files: Vec<PathBuf>,
}

/// One root per element of `paths`, in argument order. A missing or unreadable argument is an error.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<DiscoveredRoot>, LoadError> {
    paths.iter().map(|path| discover_one(path)).collect()
}

fn discover_one(root: &Path) -> Result<DiscoveredRoot, LoadError> {
    let metadata = std::fs::metadata(root).map_err(|err| cannot_read(root, &err))?;
    if !metadata.is_dir() {
        // Opening proves the file is readable, so an unreadable argument fails here rather than mid-analysis.
        std::fs::File::open(root).map_err(|err| cannot_read(root, &err))?;
        return Ok(DiscoveredRoot { root: root.to_path_buf(), is_dir: false, files: vec![root.to_path_buf()] });
    }
    std::fs::read_dir(root).map_err(|err| cannot_read(root, &err))?;

    let mut files = Vec::new();
    // Following links lets a symlinked folder or file count; walkdir reports a loop as an error instead of
    // descending into it again.
    let walker = WalkDir::new(root).follow_links(true).into_iter().filter_entry(|entry| {
        entry.depth() == 0 || !(entry.file_type().is_dir() && is_skipped_dir(&entry.file_name().to_string_lossy()))
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                if err.loop_ancestor().is_some() {
                    continue;
                }
                let path = err.path().unwrap_or(root).to_path_buf();
                match err.into_io_error() {
                    // A dangling symlink, or a file deleted while walking: nothing to read.
                    Some(io) if io.kind() == io::ErrorKind::NotFound => continue,
                    Some(io) => return Err(cannot_read(&path, &io)),
                    None => continue,
                }
            }
        };
        if entry.file_type().is_file() && is_consul_candidate(entry.path()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(DiscoveredRoot { root: root.to_path_buf(), is_dir: true, files })
}

/// Whether walking folder `root` would find `path`: a `*.hcl`/`*.json`/`*.yaml`/`*.yml` file under it, not inside a skipped
/// folder. The language server uses it for files reported by the editor's file watcher.
pub fn is_discoverable(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut components: Vec<_> = rel.components().collect();
    components.pop();
    is_consul_candidate(path)
        && components.iter().all(|c| match c {
            std::path::Component::Normal(name) => !is_skipped_dir(&name.to_string_lossy()),
            _ => false,
        })
}

/// Folders never walked into (the root itself is exempt, even when it is `.`).
fn is_skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules" || name == "target"
}

/// `*.hcl` and `*.json`, the suffixes Consul's own config loader reads from a folder, and `*.yaml`/`*.yml` for
/// Kubernetes (classification decides which of them are Consul's).
pub fn is_consul_candidate(path: &Path) -> bool {
    matches!(path.extension().and_then(|ext| ext.to_str()), Some("hcl" | "json" | "yaml" | "yml"))
}

/// `cannot read 'PATH': REASON`, one line, without the `(os error N)` suffix.
fn cannot_read(path: &Path, err: &io::Error) -> LoadError {
    let mut reason = err.to_string();
    if let Some(at) = reason.find(" (os error ") {
        reason.truncate(at);
    }
    let reason = reason.replace(['\n', '\r'], " ");
    LoadError { message: format!("cannot read '{}': {reason}", path.display()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh folder under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("consul-ls-discover-{}-{n}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
        fn write(&self, rel: &str, text: &str) -> PathBuf {
            let path = self.0.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn rel(root: &Path, files: &[PathBuf]) -> Vec<String> {
        files.iter().map(|f| f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect()
    }

    #[test]
    fn walks_folder_for_hcl_json_and_yaml_sorted() {
        let tmp = TempDir::new("walk");
        tmp.write("b.hcl", "");
        tmp.write("a.json", "{}");
        tmp.write("k8s/mesh.yaml", "");
        tmp.write("k8s/values.yml", "");
        tmp.write("sub/z.hcl", "");
        tmp.write("sub/deeper/y.json", "{}");
        tmp.write("readme.md", "");
        tmp.write("main.tf", "");
        tmp.write("config.hcl.bak", "");
        tmp.write("UPPER.HCL", "");
        let roots = discover(std::slice::from_ref(&tmp.0)).unwrap();
        assert_eq!(roots.len(), 1);
        assert!(roots[0].is_dir);
        assert_eq!(roots[0].root, tmp.0);
        assert_eq!(
            rel(&tmp.0, &roots[0].files),
            ["a.json", "b.hcl", "k8s/mesh.yaml", "k8s/values.yml", "sub/deeper/y.json", "sub/z.hcl"]
        );
    }

    #[test]
    fn skips_vcs_vendor_build_and_hidden_folders() {
        let tmp = TempDir::new("skip");
        tmp.write(".git/config.json", "{}");
        tmp.write("node_modules/pkg/package.json", "{}");
        tmp.write("target/debug/x.json", "{}");
        tmp.write(".terraform/modules/m.json", "{}");
        tmp.write("nested/.hidden/h.hcl", "");
        tmp.write("nested/target/t.hcl", "");
        tmp.write("nested/keep.hcl", "");
        // Hidden files are not hidden folders.
        tmp.write(".dotfile.hcl", "");
        let roots = discover(std::slice::from_ref(&tmp.0)).unwrap();
        assert_eq!(rel(&tmp.0, &roots[0].files), [".dotfile.hcl", "nested/keep.hcl"]);
    }

    #[test]
    fn hidden_or_skipped_root_is_still_walked() {
        let tmp = TempDir::new("root");
        let root = tmp.0.join(".config");
        tmp.write(".config/a.hcl", "");
        let target = tmp.0.join("target");
        tmp.write("target/b.hcl", "");
        let roots = discover(&[root.clone(), target.clone()]).unwrap();
        assert_eq!(rel(&root, &roots[0].files), ["a.hcl"]);
        assert_eq!(rel(&target, &roots[1].files), ["b.hcl"]);
    }

    #[test]
    fn discoverable_matches_the_walk() {
        let root = Path::new("/w");
        assert!(is_discoverable(root, Path::new("/w/a.hcl")));
        assert!(is_discoverable(root, Path::new("/w/sub/b.json")));
        assert!(is_discoverable(root, Path::new("/w/k8s/mesh.yaml")));
        assert!(is_discoverable(root, Path::new("/w/k8s/values.yml")));
        assert!(!is_discoverable(root, Path::new("/w/.github/workflows/ci.yml")));
        assert!(!is_discoverable(root, Path::new("/w/.git/c.hcl")));
        assert!(!is_discoverable(root, Path::new("/w/x/node_modules/c.json")));
        assert!(!is_discoverable(root, Path::new("/w/main.tf")));
        assert!(!is_discoverable(root, Path::new("/elsewhere/a.hcl")));
    }

    #[test]
    fn file_argument_is_taken_as_is() {
        let tmp = TempDir::new("file");
        let file = tmp.write("agent.conf", "datacenter = \"dc1\"");
        let roots = discover(std::slice::from_ref(&file)).unwrap();
        assert_eq!(roots, [DiscoveredRoot { root: file.clone(), is_dir: false, files: vec![file] }]);
    }

    #[test]
    fn one_root_per_argument_in_order() {
        let tmp = TempDir::new("order");
        let b = tmp.write("b/x.hcl", "");
        let a = tmp.write("a/y.hcl", "");
        let roots = discover(&[tmp.0.join("b"), tmp.0.join("a")]).unwrap();
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[0].files, [b]);
        assert_eq!(roots[1].files, [a]);
    }

    #[test]
    fn missing_path_is_a_one_line_error_naming_it() {
        let tmp = TempDir::new("missing");
        let missing = tmp.0.join("nope");
        let err = discover(std::slice::from_ref(&missing)).unwrap_err();
        assert!(err.message.starts_with(&format!("cannot read '{}': ", missing.display())), "{}", err.message);
        assert!(!err.message.contains('\n'));
        assert!(!err.message.contains("os error"), "{}", err.message);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_not_followed_forever() {
        let tmp = TempDir::new("loop");
        tmp.write("real/a.hcl", "");
        std::os::unix::fs::symlink(tmp.0.join("real"), tmp.0.join("real/again")).unwrap();
        std::os::unix::fs::symlink(tmp.0.join("gone"), tmp.0.join("dangling.hcl")).unwrap();
        tmp.write("other/b.hcl", "");
        std::os::unix::fs::symlink(tmp.0.join("other"), tmp.0.join("linked")).unwrap();
        let roots = discover(std::slice::from_ref(&tmp.0)).unwrap();
        assert_eq!(rel(&tmp.0, &roots[0].files), ["linked/b.hcl", "other/b.hcl", "real/a.hcl"]);
    }
}
