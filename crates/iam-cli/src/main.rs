//! `iam-playground`: evaluate request files and check policies from the command line.

#[macro_use]
mod out;
mod catalogue;
mod check;
mod compare;
mod diagnostics;
mod eval_request;
mod explain;
mod files;
mod findings;
mod import;
mod lesson;
mod scenario;
mod what_can;
mod who_can;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
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

/// What `eval` prints.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
    /// The CloudTrail-shaped record AWS would write for each step
    /// (`{"Records": [...]}` per file): modelled, not real logs.
    Cloudtrail,
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
    /// Run scenario files: a table of steps with decision, expected and pass.
    Eval {
        /// Scenario files, or directories searched recursively for *.json.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Explain every step: layers, statements, context keys and sessions.
        #[arg(long)]
        explain: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: EvalFormat,
    },
    /// Print a share link holding the scenario in its URL fragment.
    Link {
        scenario: PathBuf,
        /// The playground's address.
        #[arg(long, default_value = "http://127.0.0.1:8080/")]
        base: String,
        /// Make the link even when the scenario has errors (to show someone
        /// the problem); the errors are still printed.
        #[arg(long)]
        allow_errors: bool,
    },
    /// Print the scenario JSON that a share link holds.
    Unlink {
        /// The link, a file that holds it, or `-` to read it from standard input.
        link: String,
    },
    /// Read `aws iam get-account-authorization-details` output into a
    /// scenario (printed); what was left out goes to standard error.
    Import {
        /// The JSON that `aws iam get-account-authorization-details` printed.
        file: PathBuf,
        /// The credential report (`aws iam get-credential-report` output, or
        /// its decoded CSV): console passwords, MFA and access-key ages.
        #[arg(long)]
        credential_report: Option<PathBuf>,
        /// An Organizations export (the outputs of describe-organization,
        /// list-roots, the OU and account listings and describe-policy with
        /// its targets, in one object; see docs/import.md): SCPs, RCPs and
        /// where they are attached.
        #[arg(long)]
        organization: Option<PathBuf>,
    },
    /// Every principal of a scenario that can do an action on a resource:
    /// users, roles reached by assuming roles (with the chain), and services.
    WhoCan {
        scenario: PathBuf,
        #[arg(long)]
        action: String,
        #[arg(long)]
        resource: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// What is risky in a whole scenario: trust policies, external access,
    /// administrators, privilege escalation and best practices.
    Findings {
        scenario: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// The actions a principal of a scenario may do, by service and access level.
    WhatCan {
        scenario: PathBuf,
        /// A user's ARN, or a role's that a principal of the scenario can reach.
        #[arg(long)]
        principal: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// A user beside a role with the same permissions: credentials, ARNs and
    /// keys, Principal entries, session tags and the audit trail, each read
    /// from the evaluation of the same request.
    Compare {
        scenario: PathBuf,
        /// The user's ARN.
        #[arg(long)]
        user: String,
        /// The request both make (default: the user's first request step).
        #[arg(long, requires = "resource")]
        action: Option<String>,
        #[arg(long, requires = "action")]
        resource: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List the AWS actions that action patterns name (`s3:Get*`), from the bundled catalogue.
    Expand {
        #[arg(required = true)]
        patterns: Vec<String>,
        /// Group the actions by access level (list, read, write, permissions management, tagging).
        #[arg(long)]
        access_level: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check lesson files for CI: each is read, and each task is proven not
    /// done at its start and done by its solution.
    Lesson {
        /// Lesson files, or directories searched recursively for *.json.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the scenario at the start of step N (from 1) of one lesson.
        #[arg(long, value_name = "N")]
        step: Option<usize>,
    },
    /// Validate one policy document and print its diagnostics, including the
    /// AWS catalogue's (unknown services and actions, with "did you mean").
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
    // `--version` names the AWS data too; reading the data costs time, so
    // only when the version is asked for.
    let asked = std::env::args().skip(1).any(|a| a == "--version" || a == "-V");
    let version = if asked { catalogue::version() } else { env!("CARGO_PKG_VERSION").to_string() };
    let matches = Cli::command().version(version).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let code = match cli.command {
        Command::Expand { patterns, access_level, format } => catalogue::expand(&patterns, access_level, format),
        Command::EvalRequest { paths, explain } => eval_request::run(&paths, explain),
        Command::Check { file, kind, format } => check::run(&file, kind, format),
        Command::Eval { paths, format: EvalFormat::Cloudtrail, .. } => scenario::cloudtrail(&paths),
        Command::Eval { paths, explain, format } => {
            scenario::eval(&paths, explain, if format == EvalFormat::Json { Format::Json } else { Format::Text })
        }
        Command::Link { scenario, base, allow_errors } => scenario::link(&scenario, &base, allow_errors),
        Command::Unlink { link } => scenario::unlink(&link),
        Command::Import { file, credential_report, organization } => {
            import::run(&file, credential_report.as_deref(), organization.as_deref())
        }
        Command::Findings { scenario, format } => findings::run(&scenario, format),
        Command::WhatCan { scenario, principal, format } => what_can::run(&scenario, &principal, format),
        Command::Compare { scenario, user, action, resource, format } => {
            compare::run(&scenario, &user, action.as_deref().zip(resource.as_deref()), format)
        }
        Command::WhoCan { scenario, action, resource, format } => who_can::run(&scenario, &action, &resource, format),
        Command::Lesson { paths, step } => lesson::run_files(&paths, step),
    };
    ExitCode::from(code)
}
