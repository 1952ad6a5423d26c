use crate::check;
use crate::output::{self, Failure, Outcome};
use aotcompat::model::Profile;
use aotcompat::rules::{self, Mode};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// `native`, or an artifact made by the engine to judge.
    #[arg(long, default_value = "native")]
    host: String,
    /// The profile (default: the one whose layout fits the host artifact).
    #[arg(long)]
    profile: Option<String>,
    /// `native`, or the CPU features this machine is taken to have.
    #[arg(long, default_value = "native")]
    features: String,
    /// Print every problem, one per line.
    #[arg(long)]
    all: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Prints `compatible` when the engine can run code here, else wasmtime's
/// reason (exit code 1).
pub fn run(args: &Args) -> Outcome {
    let profile = args
        .profile
        .as_deref()
        .map(str::parse::<Profile>)
        .transpose()
        .map_err(Failure::usage)?;
    let engine = check::engine(&args.host, profile, &args.features, None, false)?;
    let mode = if args.all || args.json {
        Mode::All
    } else {
        Mode::Parity
    };
    let report = rules::host_check(&engine, mode);
    let text = if args.json {
        check::json(&report)
    } else {
        check::text(&report, args.all)
    };
    output::print(&text)?;
    Ok(if report.is_compatible() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(output::INCOMPATIBLE)
    })
}
