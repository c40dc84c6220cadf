//! `consul-ls check [PATH...]`: analyse, render in the chosen format, exit 0 / 1 / 2.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{fail, render};
use crate::analysis;
use crate::rules::Severity;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to analyse; folders are searched for *.hcl and *.json files.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 when a diagnostic at this severity or above is found.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames and a summary, for people.
    Human,
    /// `{"version": 1, "diagnostics": [...]}`.
    Json,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    #[value(alias = "info")]
    Information,
    Hint,
}

impl From<FailOn> for Severity {
    fn from(level: FailOn) -> Severity {
        match level {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Information => Severity::Information,
            FailOn::Hint => Severity::Hint,
        }
    }
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(err) => return fail(format_args!("cannot read the current directory: {err}")),
    };
    let mut progress = Progress::new();
    let result = analysis::check(&args.paths, &mut |done, total| progress.update(done, total));
    progress.finish();
    let files = match result {
        Ok(files) => files,
        Err(err) => return fail(err),
    };

    let rows = render::rows(&files, &cwd);
    let code = if render::fails(&rows, args.fail_on.into()) { ExitCode::from(1) } else { ExitCode::SUCCESS };
    let written = match args.format {
        Format::Json => write_stdout(|out| render::json(&rows, out)),
        Format::Sarif => write_stdout(|out| render::sarif(&rows, out)),
        Format::Human => {
            let mut out = StandardStream::stdout(colour_choice());
            render::human(&files, &rows, &mut out).and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) => code,
        // `consul-ls check | head`: the reader is gone; the exit code still tells the result.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => code,
        Err(err) => fail(format_args!("cannot write output: {err}")),
    }
}

fn write_stdout(render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    render(&mut out)?;
    out.flush()
}

/// Colour only on a terminal, and never when `NO_COLOR` is set to something.
fn colour_choice() -> ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    if io::stdout().is_terminal() && !no_color { ColorChoice::Auto } else { ColorChoice::Never }
}

/// A progress bar on stderr for long runs on a terminal; nothing in pipes or CI.
struct Progress {
    enabled: bool,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Show the bar for runs over this many files, or once a run has taken this long.
    const MANY_FILES: usize = 200;
    const SLOW: Duration = Duration::from_millis(300);

    fn new() -> Progress {
        let ci = std::env::var_os("CI").is_some_and(|value| !value.is_empty());
        Progress { enabled: io::stderr().is_terminal() && !ci, started: Instant::now(), bar: None }
    }

    fn update(&mut self, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && done < total && (total > Self::MANY_FILES || self.started.elapsed() >= Self::SLOW) {
            let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("checking {bar:30} {pos}/{len} files") {
                bar.set_style(style);
            }
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
