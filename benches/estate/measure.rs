//! `consul-ls check` timed as CI runs it: wall time from spawn to exit and the peak resident memory of the process
//! (`ru_maxrss` from `wait4`), and the findings it printed, compared with what the generator seeded.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct CheckRun {
    pub wall: Duration,
    /// Peak RSS in bytes.
    pub max_rss: u64,
    pub exit_code: i32,
    /// (file, code) of every diagnostic.
    pub findings: BTreeSet<Finding>,
}

/// Runs `binary check --format json --fail-on hint` in `root` (output to `out`), killing it after `timeout`.
pub fn check(binary: &Path, root: &Path, out: &Path, timeout: Duration) -> Result<CheckRun, String> {
    let stdout = File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let start = Instant::now();
    let child = Command::new(binary)
        .args(["check", "--format", "json", "--fail-on", "hint"])
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value; `wait4` fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our child, not reaped yet (std's `Child` is never waited on); the pointers are valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break;
        }
        if reaped < 0 {
            return Err(format!("wait4: {}", std::io::Error::last_os_error()));
        }
        if start.elapsed() > timeout {
            // SAFETY: signalling our own child, which has not been reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            // SAFETY: as above; reaps the killed child.
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            return Err(format!("timeout after {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = start.elapsed();
    let exit_code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    let text = std::fs::read_to_string(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let report: Value = serde_json::from_str(&text).map_err(|e| format!("check output is not JSON: {e}"))?;
    let findings = report["diagnostics"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|d| (d["file"].as_str().unwrap_or("").to_string(), d["code"].as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    Ok(CheckRun { wall, max_rss: usage.ru_maxrss as u64 * 1024, exit_code, findings })
}

/// A finding as (file, code).
pub type Finding = (String, String);

/// Findings `check` reported that were not seeded, and seeded ones it did not report.
pub struct Verification {
    pub unexpected: Vec<Finding>,
    pub missing: Vec<Finding>,
}

pub fn compare(found: &BTreeSet<Finding>, seeded: &BTreeSet<Finding>) -> Verification {
    Verification {
        unexpected: found.difference(seeded).cloned().collect(),
        missing: seeded.difference(found).cloned().collect(),
    }
}
