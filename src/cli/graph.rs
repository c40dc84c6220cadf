//! `consul-ls graph [PATH...]`: the estate's topology as Mermaid (default), DOT or JSON on stdout. Exit 0, or 2
//! on a usage or I/O error (as `check`).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{fail, render};
use crate::analysis::AnalysisHost;
use crate::analysis::load::{self, Unreadable};
use crate::ide::graph;

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Files or folders to read; folders are searched for Consul files (a consul-ls.hcl manifest lays out the
    /// clusters).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Mermaid)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A Mermaid flowchart (GitHub renders it in a ```mermaid block).
    Mermaid,
    /// Graphviz DOT (`consul-ls graph --format dot | dot -Tsvg`).
    Dot,
    /// `{"version": 1, "clusters": [...], "services": [...], "edges": [...], "gateways": [...]}`.
    Json,
}

pub fn run(args: &GraphArgs) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(err) => return fail(format_args!("cannot read the current directory: {err}")),
    };
    let (roots, files) = match load::load(&args.paths, Unreadable::Fail, &mut |_, _| {}) {
        Ok(loaded) => loaded,
        Err(err) => return fail(err),
    };
    let analysis = AnalysisHost::with_sources(roots, files).analysis();
    let graph = graph::graph(&analysis, &|path| render::display_path(path, &cwd), &|file| analysis.diagnostics(file));
    let text = match args.format {
        Format::Mermaid => graph::mermaid::render(&graph),
        Format::Dot => graph::dot::render(&graph),
        Format::Json => graph.to_json(),
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => fail(format_args!("cannot write output: {err}")),
    }
}
