use crate::check;
use crate::output::{self, Outcome};
use aotcompat::rules;

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
    #[command(flatten)]
    format: check::ReportFormat,
}

/// Prints `compatible` when the engine can run code here, else wasmtime's
/// reason (exit code 1).
pub fn run(args: &Args) -> Outcome {
    let profile = output::profile(args.profile.as_deref())?;
    let engine = check::engine(&args.host, profile, &args.features, None, false, None)?;
    let report = rules::host_check(&engine, args.format.mode());
    args.format.print(&report)
}
