//! The `consul-ls` command line: argument parsing and dispatch. Each subcommand lives in its own file and stays a
//! thin shell over the library (analysis in [`crate::workspace`], output in [`render`]).
pub mod check;
pub mod fmt;
pub mod graph;
pub mod render;
pub mod schema;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Language server and CI checker for HashiCorp Consul configuration.
#[derive(Debug, Parser)]
#[command(name = "consul-ls", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse files and folders and print diagnostics.
    Check(check::CheckArgs),
    /// Format Consul files in place (HCL as hashicorp/hcl's printer does, JSON as Go's json.Indent); other
    /// tools' files are never touched. Exit 1 when a file has a syntax error, or with --check when a file would
    /// change.
    Fmt(fmt::FmtArgs),
    /// Print the estate's topology: clusters, services, upstream and export edges, mesh gateways; edges with
    /// findings are red (Mermaid, DOT) or list their codes (JSON).
    Graph(graph::GraphArgs),
    /// Run the language server on stdin/stdout (logs on stderr; level from CONSUL_LS_LOG).
    Serve(ServeArgs),
    /// Print the JSON Schema (draft 2020-12) of a kind of Consul file; without KIND, list the kinds.
    Schema(schema::SchemaArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Communicate over stdin/stdout (the default and only transport; accepted because editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Exit code for usage and I/O errors (clap's own usage errors exit with 2 too).
pub const EXIT_ERROR: u8 = 2;

/// Entry point of the binary: parse arguments (clap exits 2 on a usage error, 0 for `--help`/`--version`), run.
pub fn main() -> ExitCode {
    run(Cli::parse())
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Serve(_) => crate::lsp::run(),
        Command::Schema(args) => schema::run(&args),
    }
}

/// Prints `consul-ls: MESSAGE` on one line of stderr and returns exit code 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    let message = message.to_string().replace(['\n', '\r'], " ");
    eprintln!("consul-ls: {message}");
    ExitCode::from(EXIT_ERROR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn check_defaults() {
        let cli = Cli::try_parse_from(["consul-ls", "check"]).unwrap();
        let Command::Check(args) = cli.command else { panic!("expected check") };
        assert_eq!(args.paths, [std::path::PathBuf::from(".")]);
        assert_eq!(args.format, check::Format::Human);
        assert_eq!(args.fail_on, check::FailOn::Error);
    }

    #[test]
    fn check_options() {
        let cli = Cli::try_parse_from(["consul-ls", "check", "a", "b.hcl", "--format", "sarif", "--fail-on", "hint"])
            .unwrap();
        let Command::Check(args) = cli.command else { panic!("expected check") };
        assert_eq!(args.paths.len(), 2);
        assert_eq!(args.format, check::Format::Sarif);
        assert_eq!(args.fail_on, check::FailOn::Hint);
        assert!(Cli::try_parse_from(["consul-ls", "check", "--fail-on", "fatal"]).is_err());
        assert!(Cli::try_parse_from(["consul-ls", "check", "--format", "xml"]).is_err());
    }

    #[test]
    fn schema_kind_is_optional() {
        let Command::Schema(args) = Cli::try_parse_from(["consul-ls", "schema"]).unwrap().command else { panic!() };
        assert_eq!(args.kind, None);
        let cli = Cli::try_parse_from(["consul-ls", "schema", "exported-services"]).unwrap();
        let Command::Schema(args) = cli.command else { panic!("expected schema") };
        assert_eq!(args.kind.as_deref(), Some("exported-services"));
    }

    #[test]
    fn fmt_defaults_and_options() {
        let cli = Cli::try_parse_from(["consul-ls", "fmt"]).unwrap();
        let Command::Fmt(args) = cli.command else { panic!("expected fmt") };
        assert_eq!(args.paths, [std::path::PathBuf::from(".")]);
        assert!(!args.check && !args.diff);
        let cli = Cli::try_parse_from(["consul-ls", "fmt", "a", "b.hcl", "--check", "--diff"]).unwrap();
        let Command::Fmt(args) = cli.command else { panic!("expected fmt") };
        assert_eq!(args.paths.len(), 2);
        assert!(args.check && args.diff);
        assert!(Cli::try_parse_from(["consul-ls", "fmt", "--write"]).is_err());
    }

    #[test]
    fn graph_defaults_and_options() {
        let Command::Graph(args) = Cli::try_parse_from(["consul-ls", "graph"]).unwrap().command else { panic!() };
        assert_eq!(args.paths, [std::path::PathBuf::from(".")]);
        assert_eq!(args.format, graph::Format::Mermaid);
        let cli = Cli::try_parse_from(["consul-ls", "graph", "a", "b", "--format", "dot"]).unwrap();
        let Command::Graph(args) = cli.command else { panic!("expected graph") };
        assert_eq!(args.paths.len(), 2);
        assert_eq!(args.format, graph::Format::Dot);
        assert!(Cli::try_parse_from(["consul-ls", "graph", "--format", "png"]).is_err());
    }

    #[test]
    fn serve_accepts_stdio() {
        for args in [&["consul-ls", "serve"][..], &["consul-ls", "serve", "--stdio"]] {
            assert!(matches!(Cli::try_parse_from(args).unwrap().command, Command::Serve(_)));
        }
    }
}
