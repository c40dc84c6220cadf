//! `consul-ls fmt [PATH...] [--check] [--diff]`: format Consul files (and the manifest) in place.
//!
//! Folders are walked as `check` walks them; only files that are Consul's (or `consul-ls.hcl`) are touched —
//! Terraform, Nomad, Packer, Vault and other files are skipped silently, byte for byte unchanged. A Consul file with
//! a syntax error is left alone and named on stderr. Files are replaced through a temporary file in the same folder
//! (same permissions), so an interrupted run never leaves a half-written file.
//!
//! Output: the paths of the files that were (or, with `--check`, would be) reformatted, one per line, on stdout;
//! with `--diff`, unified diffs instead. Exit 0: all good; 1: `--check` found files to reformat, or some file has a
//! syntax error; 2: usage or I/O error.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{fail, render::display_path};
use crate::format::{self, NotFormatted};
use crate::workspace::discover::discover;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or folders to format; folders are searched for *.hcl and *.json files.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that would be reformatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Print unified diffs of the changes instead of writing them.
    #[arg(long)]
    pub diff: bool,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    /// Formatted text that differs from the file's.
    Changed(String),
    /// A Consul file that does not parse (the message names the first error).
    Broken(String),
    Skipped,
}

pub fn run(args: &FmtArgs) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(err) => return fail(format_args!("cannot read the current directory: {err}")),
    };
    let roots = match discover(&args.paths) {
        Ok(roots) => roots,
        Err(err) => return fail(err),
    };
    let mut files: Vec<PathBuf> = roots.into_iter().flat_map(|root| root.files).collect();
    // A file reached through two arguments is formatted once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.canonicalize().unwrap_or_else(|_| file.clone())));

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut changed = 0usize;
    let mut broken = 0usize;
    for path in &files {
        let shown = display_path(path, &cwd);
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => return fail(format_args!("cannot read '{shown}': {}", io_reason(&err))),
        };
        let outcome = match std::str::from_utf8(&bytes) {
            Ok(text) => outcome(text, path),
            // Not text: if it looks like a Consul file, say why it is not formatted.
            Err(_) => match outcome(&String::from_utf8_lossy(&bytes), path) {
                Outcome::Skipped => Outcome::Skipped,
                _ => Outcome::Broken("file is not valid UTF-8".into()),
            },
        };
        let written = match outcome {
            Outcome::Unchanged | Outcome::Skipped => Ok(()),
            Outcome::Broken(message) => {
                broken += 1;
                eprintln!("consul-ls: {shown}: not formatted: {message}");
                Ok(())
            }
            Outcome::Changed(formatted) => {
                changed += 1;
                let old = String::from_utf8_lossy(&bytes);
                if args.diff {
                    write_diff(&mut out, &shown, &old, &formatted)
                } else if args.check {
                    writeln!(out, "{shown}")
                } else {
                    if let Err(err) = replace_file(path, formatted.as_bytes()) {
                        let _ = out.flush();
                        return fail(format_args!("cannot write '{shown}': {}", io_reason(&err)));
                    }
                    writeln!(out, "{shown}")
                }
            }
        };
        match written {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => break,
            Err(err) => return fail(format_args!("cannot write output: {err}")),
        }
    }
    match out.flush() {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {}
        Err(err) => return fail(format_args!("cannot write output: {err}")),
    }
    if broken > 0 || (args.check && changed > 0) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn outcome(text: &str, path: &Path) -> Outcome {
    match format::format_file(text, path) {
        Ok(formatted) if formatted == text => Outcome::Unchanged,
        Ok(formatted) => Outcome::Changed(formatted),
        Err(NotFormatted::NotConsul) => Outcome::Skipped,
        Err(NotFormatted::Syntax(error)) => {
            let index = line_index::LineIndex::new(text);
            let at = index.line_col(line_index::TextSize::from(error.range.start));
            Outcome::Broken(format!("syntax error at line {}: {}", at.line + 1, error.message))
        }
        Err(err @ NotFormatted::Unsafe) => Outcome::Broken(err.to_string()),
    }
}

/// A unified diff with three lines of context, `--- a/PATH` / `+++ b/PATH` headers as `git diff` writes them.
fn write_diff(out: &mut dyn Write, shown: &str, old: &str, new: &str) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut unified = diff.unified_diff();
    unified.context_radius(3).header(&format!("a/{shown}"), &format!("b/{shown}"));
    write!(out, "{unified}")
}

/// Replaces `path`'s content: a temporary file in the same folder with the same permissions, renamed over it.
fn replace_file(path: &Path, content: &[u8]) -> io::Result<()> {
    // Through a symlink, the link's target is replaced, not the link.
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut temp = tempfile::Builder::new().prefix(".consul-ls-fmt-").tempfile_in(dir)?;
    temp.write_all(content)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(&target).map_err(|err| err.error)?;
    Ok(())
}

/// An I/O error's reason without the `(os error N)` suffix.
fn io_reason(err: &io::Error) -> String {
    let mut reason = err.to_string();
    if let Some(at) = reason.find(" (os error ") {
        reason.truncate(at);
    }
    reason
}
