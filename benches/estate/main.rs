//! The estate benchmark: generated Consul estates measured through consul-ls's public surface (`check`, and the
//! language server over stdio), beside vscode-json-language-server validating the same JSON edits against the
//! schemas `consul-ls schema` generates. Prints a Markdown report.
//!
//! ```sh
//! cargo bench --bench estate                          # 1k, 2k, 5k, 10k, 20k files (long)
//! cargo bench --bench estate -- --sizes 1000,2000     # chosen sizes
//! cargo bench --bench estate -- --quick               # one small estate, a few edits: under a minute
//! cargo bench --bench estate -- --consul-ls path/to/consul-ls   # measure another build
//! ```
//!
//! Method: docs/benchmarks.md. Modules: [`generate`] (estates), [`lsp`] (client), [`drive`] (editor sessions),
//! [`measure`] (`check`).

mod drive;
mod generate;
mod lsp;
mod measure;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use clap::Parser;
use serde_json::Value;

use drive::{EditLoop, Options, Session, percentile};
use generate::{EditKind, Estate};
use measure::CheckRun;

#[derive(Debug, Parser)]
#[command(name = "estate", about = "Times consul-ls on generated Consul estates beside vscode-json-language-server")]
struct Args {
    /// Estate sizes in files, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,2000,5000,10000,20000")]
    sizes: Vec<usize>,
    /// One small estate of each shape, a few edits, small single files (for CI: under a minute).
    #[arg(long)]
    quick: bool,
    /// Which estates to run: mixed, dense, huge (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "mixed,dense,huge")]
    estates: Vec<String>,
    /// Clusters of the mixed estate.
    #[arg(long, default_value_t = 5)]
    clusters: usize,
    /// Generator seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Edits per edit loop.
    #[arg(long, default_value_t = 40)]
    edits: usize,
    /// Stop an edit loop after this many seconds.
    #[arg(long, default_value_t = 120)]
    edit_budget_secs: u64,
    /// Per-edit timeout (the edit counts as "timeout").
    #[arg(long, default_value_t = 30)]
    edit_timeout_secs: u64,
    /// Timeout of `check`, of the initial indexing and of opening the big file.
    #[arg(long, default_value_t = 600)]
    timeout_secs: u64,
    /// Quiet period after which the initial diagnostics count as settled.
    #[arg(long, default_value_t = 500)]
    settle_ms: u64,
    /// Size of the big JSON file of the mixed estate, in MB.
    #[arg(long, default_value_t = 5.0)]
    big_file_mb: f64,
    /// Services of the single huge agent config (100k ≈ 18 MB).
    #[arg(long, default_value_t = 100_000)]
    huge_services: usize,
    /// The consul-ls binary to measure (default: the one cargo built with this benchmark).
    #[arg(long)]
    consul_ls: Option<PathBuf>,
    /// Skip vscode-json-language-server.
    #[arg(long)]
    no_baseline: bool,
    /// Where estates are written (default: a folder under the system temp dir).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Keep the generated estates.
    #[arg(long)]
    keep: bool,
    /// Also write the report to this file.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

struct EstateResult {
    n_files: usize,
    bytes: usize,
    check: Result<CheckRun, String>,
    /// Unexpected (not seeded) and missing (seeded, not reported) findings.
    verification: Option<measure::Verification>,
    server: Session,
    baseline: Option<Session>,
}

fn main() {
    let mut args = Args::parse();
    if args.quick {
        args.sizes = vec![400];
        args.edits = args.edits.min(12);
        args.big_file_mb = args.big_file_mb.min(1.0);
        args.huge_services = args.huge_services.min(10_000);
        args.timeout_secs = args.timeout_secs.min(120);
    }
    let binary = args.consul_ls.clone().unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_consul-ls")));
    let work = args.work_dir.clone().unwrap_or_else(|| std::env::temp_dir().join("consul-ls-estate-bench"));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("create the work dir");
    let options = Options {
        settle: Duration::from_millis(args.settle_ms),
        index_timeout: Duration::from_secs(args.timeout_secs),
        edit_timeout: Duration::from_secs(args.edit_timeout_secs),
        n_edits: args.edits,
        edit_budget: Duration::from_secs(args.edit_budget_secs),
    };
    let version =
        Command::new(&binary).arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let version = version.unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    eprintln!("measuring {version} ({})", binary.display());

    let baseline = if args.no_baseline { Err("skipped (--no-baseline)".to_string()) } else { install_baseline() };
    let schemas = match &baseline {
        Ok(_) => baseline_schemas(&binary),
        Err(e) => {
            eprintln!("baseline: {e}");
            Vec::new()
        }
    };

    let mut mixed = Vec::new();
    let mut dense = Vec::new();
    let wanted = |name: &str| args.estates.iter().any(|e| e == name);
    for &size in &args.sizes {
        if wanted("mixed") {
            let n = size.max(generate::mixed_min_files(args.clusters));
            let big_bytes = (args.big_file_mb * 1e6) as usize;
            let estate = generate::mixed(n, args.clusters, args.seed, big_bytes);
            mixed.push(run_estate("mixed", &estate, &work, &binary, &baseline, &schemas, &options, &args));
        }
        if wanted("dense") {
            let n = size.max(generate::dense_min_files());
            let estate = generate::dense(n, args.seed);
            dense.push(run_estate("dense", &estate, &work, &binary, &baseline, &schemas, &options, &args));
        }
    }

    let huge = wanted("huge").then(|| {
        eprintln!("huge: {} services", args.huge_services);
        let huge = generate::huge_agent(args.huge_services);
        let dir = work.join("huge");
        huge.write(&dir).expect("write the huge estate");
        let check = measure::check(&binary, &dir, &work.join("huge-check.json"), options.index_timeout);
        if !args.keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
        (huge.bytes(), check)
    });

    let report = report(&version, &binary, &args, &mixed, &dense, huge.as_ref(), &baseline);
    println!("{report}");
    if let Some(path) = &args.output {
        std::fs::write(path, &report).unwrap_or_else(|e| eprintln!("cannot write {}: {e}", path.display()));
    }
    if !args.keep {
        let _ = std::fs::remove_dir_all(&work);
    }
}

#[allow(clippy::too_many_arguments)]
fn run_estate(
    shape: &str,
    estate: &Estate,
    work: &Path,
    binary: &Path,
    baseline: &Result<PathBuf, String>,
    schemas: &[(Vec<String>, Value)],
    options: &Options,
    args: &Args,
) -> EstateResult {
    let n_files = estate.files.len();
    let dir = work.join(format!("{shape}-{n_files}"));
    eprintln!("{shape} {n_files} files ({:.1} MB, digest {:016x})", estate.bytes() as f64 / 1e6, estate.digest());
    estate.write(&dir).expect("write the estate");
    let check =
        measure::check(binary, &dir, &work.join(format!("{shape}-{n_files}-check.json")), options.index_timeout);
    let verification = check.as_ref().ok().map(|run| {
        let seeded: BTreeSet<(String, String)> =
            estate.seeded.iter().map(|s| (s.file.clone(), s.code.to_string())).collect();
        measure::compare(&run.findings, &seeded)
    });
    match &check {
        Ok(run) => eprintln!("  check: {} ({} peak)", duration(run.wall), mib(run.max_rss)),
        Err(e) => eprintln!("  check: {e}"),
    }
    let edit = estate.edit.as_ref().expect("every estate has an edit target");
    let server = drive::consul_ls(binary, &dir, edit, estate.big_file.as_deref(), options);
    eprintln!(
        "  server: ready {}, edits p50 {}{}",
        opt(server.cold.ready),
        opt(percentile(&server.edits.latencies(None), 50.0)),
        server.error.as_ref().map(|e| format!(" — {e}")).unwrap_or_default()
    );
    let baseline = baseline.as_ref().ok().map(|js| {
        let session = drive::baseline(js, &dir, schemas, edit, estate.big_file.as_deref(), options);
        eprintln!("  baseline: edits p50 {}", opt(percentile(&session.edits.latencies(None), 50.0)));
        session
    });
    if !args.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    EstateResult { n_files, bytes: estate.bytes(), check, verification, server, baseline }
}

/// `npm ci` in benches/estate/baseline when its node_modules is missing; the server's entry point.
fn install_baseline() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/estate/baseline");
    let js = drive::baseline_server_js(&dir);
    if !js.exists() {
        eprintln!("baseline: npm ci in {}", dir.display());
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !status.success() {
            return Err(format!("npm ci failed ({status})"));
        }
    }
    let node = Command::new("node").arg("--version").output().map_err(|e| format!("cannot run node: {e}"))?;
    eprintln!("baseline: vscode-json-language-server on node {}", String::from_utf8_lossy(&node.stdout).trim());
    Ok(js)
}

/// The schemas the baseline validates with, from `consul-ls schema`, associated by the estates' file layout.
fn baseline_schemas(binary: &Path) -> Vec<(Vec<String>, Value)> {
    let schema = |kind: &str| -> Value {
        let output = Command::new(binary).args(["schema", kind]).output().expect("consul-ls schema");
        assert!(output.status.success(), "consul-ls schema {kind} failed: {output:?}");
        serde_json::from_slice(&output.stdout).expect("consul-ls schema prints JSON")
    };
    let patterns = |list: &[&str]| list.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    vec![
        (
            patterns(&["services/*.json", "agent/*.json", "agent.json", "gateways/*.json", "mesh-gateway.json"]),
            schema("agent"),
        ),
        (patterns(&["exported-services.json"]), schema("exported-services")),
        (patterns(&["mesh.json"]), schema("mesh")),
        (patterns(&["proxy-defaults.json"]), schema("proxy-defaults")),
        (patterns(&["defaults/*.json"]), schema("service-defaults")),
        (patterns(&["resolvers/*.json"]), schema("service-resolver")),
        (patterns(&["policies/*.json"]), schema("acl-policy")),
    ]
}

// ---------------------------------------------------------------------------------------------------------------
// The report

fn duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn opt(d: Option<Duration>) -> String {
    d.map(duration).unwrap_or_else(|| "—".into())
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn files(n: usize) -> String {
    if n >= 1000 && n % 1000 == 0 { format!("{}k", n / 1000) } else { n.to_string() }
}

/// `p50 / p99` of an edit loop, with timeouts and a short loop noted.
fn edits(loop_: &EditLoop, requested: usize) -> String {
    let all = loop_.latencies(None);
    let mut out = match (percentile(&all, 50.0), percentile(&all, 99.0)) {
        (Some(p50), Some(p99)) => format!("{} / {}", duration(p50), duration(p99)),
        _ => "—".to_string(),
    };
    if loop_.timeouts > 0 {
        let _ = write!(out, " ({} of {} timed out)", loop_.timeouts, loop_.attempted);
    } else if loop_.attempted < requested {
        let _ = write!(out, " ({} edits: time budget)", loop_.attempted);
    }
    out
}

fn session_edits(session: &Session, requested: usize) -> String {
    match &session.error {
        Some(_) if session.edits.attempted == 0 => "error".into(),
        _ => edits(&session.edits, requested),
    }
}

fn report(
    version: &str,
    binary: &Path,
    args: &Args,
    mixed: &[EstateResult],
    dense: &[EstateResult],
    huge: Option<&(usize, Result<CheckRun, String>)>,
    baseline: &Result<PathBuf, String>,
) -> String {
    let mut out = String::new();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let _ = writeln!(out, "## Estate benchmark: {version}\n");
    let _ = writeln!(
        out,
        "Binary `{}`; {cores} cores; seed {}; {} edits per loop; settle {} ms. Baseline: {}.\n",
        binary.display(),
        args.seed,
        args.edits,
        args.settle_ms,
        match baseline {
            Ok(_) => "vscode-json-language-server (vscode-langservers-extracted 4.10.0) with `consul-ls schema` output"
                .to_string(),
            Err(e) => format!("not run ({e})"),
        }
    );
    for (title, results) in [
        (
            format!(
                "Mixed estate ({} clusters, HCL and JSON, ~2% seeded mistakes, one {} MB JSON file)",
                args.clusters, args.big_file_mb
            ),
            mixed,
        ),
        ("Dense peering (40 clusters, 3 peered upstreams per service)".to_string(), dense),
    ] {
        let _ = writeln!(out, "### {title}\n");
        let _ = writeln!(
            out,
            "| files | `check` | `check` peak RSS | cold index → last publish | server RSS after index (peak) | edit → publish p50 / p99 | baseline edit → publish p50 / p99 |"
        );
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
        for r in results {
            let (check_time, check_rss) = match &r.check {
                Ok(run) => (duration(run.wall), mib(run.max_rss)),
                Err(e) => (format!("error: {e}"), "—".into()),
            };
            let cold = if r.server.cold.timed_out { "timeout".into() } else { opt(r.server.cold.ready) };
            let rss = r.server.cold.rss.map(|m| format!("{} ({})", mib(m.current), mib(m.peak))).unwrap_or("—".into());
            let baseline = r.baseline.as_ref().map(|b| session_edits(b, args.edits)).unwrap_or("—".into());
            let _ = writeln!(
                out,
                "| {} | {check_time} | {check_rss} | {cold} | {rss} | {} | {baseline} |",
                files(r.n_files),
                session_edits(&r.server, args.edits)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "### Single files\n");
    let _ = writeln!(out, "| what | consul-ls | baseline |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for r in mixed {
        let open = |s: &Session| match &s.big_open {
            Some(Ok(d)) => duration(*d),
            Some(Err(e)) => e.clone(),
            None => "—".into(),
        };
        let _ = writeln!(
            out,
            "| open the {} MB JSON file → first publish (mixed, {} files) | {} | {} |",
            args.big_file_mb,
            files(r.n_files),
            open(&r.server),
            r.baseline.as_ref().map(open).unwrap_or("—".into())
        );
    }
    if let Some((huge_bytes, huge_check)) = huge {
        let huge_figures = match huge_check {
            Ok(run) => format!("{}, {} peak RSS", duration(run.wall), mib(run.max_rss)),
            Err(e) => format!("error: {e}"),
        };
        let _ = writeln!(
            out,
            "| `check` of one {:.1} MB JSON agent config ({} services, one upstream each) | {huge_figures} | — |",
            *huge_bytes as f64 / 1e6,
            args.huge_services
        );
    }
    out.push('\n');

    let _ = writeln!(out, "### Details\n");
    let _ = writeln!(
        out,
        "Edit → publish p50 by kind of edit (value: a quoted `local_bind_port`; the others change cross-cluster facts), the target's open → first publish, and the server's RSS at the end of the session (current / peak):\n"
    );
    let _ = writeln!(
        out,
        "| estate | value | destination_peer | destination_name | service name | open target | cold: last publish / progress end (publishes) | RSS at end (server) | RSS at end (baseline) | estate check |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (shape, results) in [("mixed", mixed), ("dense", dense)] {
        for r in results {
            let by_kind = |kind| opt(percentile(&r.server.edits.latencies(Some(kind)), 50.0));
            let rss =
                |s: &Session| s.rss_end.map(|m| format!("{} / {}", mib(m.current), mib(m.peak))).unwrap_or("—".into());
            let verification = match &r.verification {
                Some(measure::Verification { unexpected, missing }) if unexpected.is_empty() && missing.is_empty() => {
                    "findings = seeded".to_string()
                }
                Some(measure::Verification { unexpected, missing }) => format!(
                    "{} unexpected (e.g. {}), {} missing",
                    unexpected.len(),
                    unexpected.first().map(|(f, c)| format!("{c} in {f}")).unwrap_or_default(),
                    missing.len()
                ),
                None => "—".into(),
            };
            let cold = &r.server.cold;
            let baseline_rss = match &r.baseline {
                Some(b) if b.edits.attempted > 0 && !b.edits.reported_value_errors() => {
                    format!("{} (it reported no schema error: not validating?)", rss(b))
                }
                Some(b) => rss(b),
                None => "—".into(),
            };
            let _ = writeln!(
                out,
                "| {shape} {} ({:.1} MB) | {} | {} | {} | {} | {} | {} / {} ({}) | {} | {baseline_rss} | {verification} |",
                files(r.n_files),
                r.bytes as f64 / 1e6,
                by_kind(EditKind::Value),
                by_kind(EditKind::Peer),
                by_kind(EditKind::UpstreamName),
                by_kind(EditKind::ServiceName),
                opt(r.server.edits.open),
                opt(cold.last_publish),
                opt(cold.progress_end),
                cold.publishes,
                rss(&r.server),
            );
            if let Some(e) = &r.server.error {
                let _ = writeln!(out, "\n> consul-ls {shape} {}: {e}\n", files(r.n_files));
            }
            if let Some(e) = r.baseline.as_ref().and_then(|b| b.error.as_ref()) {
                let _ = writeln!(out, "\n> baseline {shape} {}: {e}\n", files(r.n_files));
            }
        }
    }
    out
}
