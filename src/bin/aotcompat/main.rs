//! `aotcompat`: detect, inspect, check and stamp wasmtime artifacts from the
//! command line. Every decision is the library's; this file only parses
//! arguments and prints.
//!
//! Exit codes: 0 success or compatible; 1 the host cannot load the artifact
//! for a reason found in the file; 2 usage error or unreadable file.

mod check;
mod detect;
mod host_check;
mod inspect;
mod key;
mod output;
mod profiles;
mod stamp;

use clap::{Parser, Subcommand};
use output::Failure;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "aotcompat",
    version,
    about = "Detect, inspect, check, key and stamp wasmtime precompiled artifacts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Say whether each file is a precompiled module, component, or neither.
    Detect {
        /// Files to look at.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Answer as this profile's wasmtime would (default: the wasmtime
        /// that wrote each file, or the newest).
        #[arg(long)]
        profile: Option<String>,
    },
    /// Print what an artifact's engine section says.
    Inspect {
        /// The artifact.
        path: PathBuf,
        /// Print JSON (the input `stamp --metadata` takes).
        #[arg(long)]
        json: bool,
        /// The layout to decode with (default: the one that fits exactly).
        #[arg(long)]
        profile: Option<String>,
    },
    /// Decide whether a host engine can load an artifact.
    Check(check::Args),
    /// Decide whether a host engine can run code on this machine.
    HostCheck(host_check::Args),
    /// Print the compatibility key of an artifact's engine or the native one.
    Key(key::Args),
    /// List the built-in profiles.
    Profiles,
    /// Write an artifact carrying the metadata of an `inspect --json` file.
    Stamp {
        /// JSON as printed by `inspect --json`.
        #[arg(long)]
        metadata: PathBuf,
        /// module or component.
        #[arg(long)]
        kind: String,
        /// Overrides the profile named in the JSON.
        #[arg(long)]
        profile: Option<String>,
        /// Where to write the artifact.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    output::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Detect { paths, profile } => {
            output::profile(profile.as_deref()).and_then(|p| detect::run(&paths, p))
        }
        Command::Profiles => profiles::run(),
        Command::Inspect {
            path,
            json,
            profile,
        } => inspect::run(&path, json, profile.as_deref()),
        Command::Check(args) => check::run(&args),
        Command::HostCheck(args) => host_check::run(&args),
        Command::Key(args) => key::run(&args),
        Command::Stamp {
            metadata,
            kind,
            profile,
            output,
        } => stamp::run(&metadata, &kind, profile.as_deref(), &output),
    };
    match result {
        Ok(code) => code,
        Err(Failure { code, message }) => {
            if let Some(message) = message {
                eprintln!("aotcompat: {}", output::escape_controls(&message));
            }
            ExitCode::from(code)
        }
    }
}
