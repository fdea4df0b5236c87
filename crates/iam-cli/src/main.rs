//! `iam-playground`: evaluate request files and check policies from the command line.

#[macro_use]
mod out;
mod check;
mod diagnostics;
mod eval_request;
mod explain;
mod files;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "iam-playground", version, about = "Evaluate and explain AWS IAM policies, offline")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate request files: one JSON line per file, or a readable explanation.
    EvalRequest {
        /// Request files, or directories searched recursively for *.json.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print a readable explanation of every decision instead of JSON lines.
        #[arg(long)]
        explain: bool,
    },
    /// Validate one policy document and print its diagnostics.
    Check {
        file: PathBuf,
        /// What the policy is for: identity, resource, trust, scp, rcp, boundary or session.
        #[arg(long = "type", value_name = "TYPE", value_parser = check::parse_kind)]
        kind: iam_core::PolicyKind,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::EvalRequest { paths, explain } => eval_request::run(&paths, explain),
        Command::Check { file, kind, format } => check::run(&file, kind, format),
    };
    ExitCode::from(code)
}
