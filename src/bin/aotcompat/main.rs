//! `aotcompat`: detect, inspect, check and stamp wasmtime artifacts from the
//! command line. Every decision is the library's; this file only parses
//! arguments and prints.
//!
//! Exit codes: 0 success or compatible; 1 the host cannot load the artifact
//! for a reason found in the file; 2 usage error or unreadable file.

mod check;
mod detect;
mod digest;
mod features;
mod host_check;
mod input;
mod inputs;
mod inspect;
mod key;
mod output;
mod parallel;
mod profiles;
mod stamp;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
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
    /// Say whether each file is a precompiled module, component, a pre-3.0
    /// (`legacy`) artifact, or none.
    Detect {
        /// Files, or directories searched recursively for `.cwasm` files.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// In directories, take every regular file, not only `.cwasm` ones.
        #[arg(long)]
        all_files: bool,
        /// Print one JSON object per line: `{"path", "kind"}`.
        #[arg(long)]
        json: bool,
        /// Answer as this profile's wasmtime would (default: the wasmtime
        /// that wrote each file, or the newest).
        #[arg(long)]
        profile: Option<String>,
    },
    /// Print what each artifact's engine section says.
    Inspect {
        /// Artifacts: files, or directories searched for `.cwasm` files.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// In directories, take every regular file, not only `.cwasm` ones.
        #[arg(long)]
        all_files: bool,
        /// Print one JSON object per line, naming its path (the input
        /// `stamp --metadata` takes).
        #[arg(long)]
        json: bool,
        /// Also list the section table: name, type, flags, size,
        /// alignment and offset of every section.
        #[arg(long)]
        sections: bool,
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
    Profiles {
        /// Print one JSON object per line: `{"name", "about"}`.
        #[arg(long)]
        json: bool,
    },
    /// Write an artifact carrying the metadata of an `inspect --json` file,
    /// or stamp an existing ELF object with it (`--into`).
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
        /// An ELF64 relocatable object (from Cranelift, LLVM, a real
        /// artifact, ...) to stamp: the engine section and `.wasmtime.bti`
        /// are added or replaced and the header marks set; every other
        /// section, symbol and relocation is kept.
        #[arg(long, value_name = "OBJECT")]
        into: Option<PathBuf>,
        /// Where to write the artifact.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Add an integrity digest (`.aotcompat.digest`), as `aotcompat
        /// digest add` does.
        #[arg(long)]
        digest: bool,
    },
    /// Check that each file is what was written: its integrity digest
    /// (`.aotcompat.digest`) against every byte of it.
    Verify(digest::VerifyArgs),
    /// Add an integrity digest to an artifact.
    Digest {
        #[command(subcommand)]
        command: digest::DigestCommand,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish,
    /// powershell): `aotcompat completions bash > /etc/bash_completion.d/aotcompat`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Exit codes, shown by every `--help`.
const EXIT_CODES: &str = "\
Exit codes:
  0  success; every artifact is compatible
  1  an artifact cannot be loaded, for a reason found in the file (not ELF,
     wrong marks, bad engine section, a mismatch)
  2  usage error, or a file that cannot be read";

/// Examples of each subcommand, for its `--help`.
fn examples(name: &str) -> &'static str {
    match name {
        "detect" => {
            "\
Examples:
  aotcompat detect app.cwasm
  aotcompat detect --json ~/.cache/wasmtime/"
        }
        "inspect" => {
            "\
Examples:
  aotcompat inspect app.cwasm
  aotcompat inspect --json app.cwasm > app.json   # for `stamp --metadata`
  aotcompat inspect --sections app.cwasm"
        }
        "check" => {
            "\
Examples:
  aotcompat check app.cwasm --host native
  aotcompat check cache/ --host fleet-host.cwasm --features sse3,ssse3,sse4.1 --all
  aotcompat check app.cwasm --host native --target aarch64-unknown-linux-gnu --features lse,paca
  aotcompat check cache/ --host native --json | jq 'select(.compatible | not) | .path'"
        }
        "host-check" => {
            "\
Examples:
  aotcompat host-check
  aotcompat host-check --host fleet-host.cwasm --all"
        }
        "key" => {
            "\
Examples:
  aotcompat key --host native
  aotcompat key cache/ --json"
        }
        "stamp" => {
            "\
Examples:
  aotcompat inspect --json app.cwasm > app.json
  aotcompat stamp --metadata app.json --kind module -o copy.cwasm
  aotcompat stamp --metadata app.json --kind module --into code.o -o app2.cwasm"
        }
        "verify" => {
            "\
Examples:
  aotcompat verify app.cwasm
  aotcompat verify ~/.cache/wasmtime/"
        }
        "digest" => {
            "\
Examples:
  aotcompat digest add app.cwasm
  aotcompat digest add app.cwasm -o app-digested.cwasm"
        }
        "completions" => {
            "\
Examples:
  aotcompat completions bash > ~/.local/share/bash-completion/completions/aotcompat
  aotcompat completions zsh > ~/.zfunc/_aotcompat"
        }
        _ => "",
    }
}

/// The built-in profiles, one per line, for `--help`.
fn profiles_text() -> String {
    let mut text = String::from("Profiles (--profile), newest first:\n");
    for p in aotcompat::profiles::ALL {
        text.push_str(&format!("  {:<14} {}\n", p.name, p.about));
    }
    text
}

/// The command with each subcommand's examples, exit codes and profiles
/// after its options.
fn command() -> clap::Command {
    let profiles = profiles_text();
    let mut cmd = Cli::command().after_help(format!("{EXIT_CODES}\n\n{profiles}"));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let help = format!("{}\n\n{EXIT_CODES}\n\n{profiles}", examples(&name));
        cmd = cmd.mut_subcommand(&name, |sub| sub.after_help(help.trim_start().to_string()));
    }
    cmd
}

fn main() -> ExitCode {
    output::install_panic_hook();
    let cli = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
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
        Command::Detect {
            paths,
            all_files,
            json,
            profile,
        } => output::profile(profile.as_deref())
            .and_then(|p| detect::run(&paths, all_files, json, p)),
        Command::Profiles { json } => profiles::run(json),
        Command::Inspect {
            paths,
            all_files,
            json,
            sections,
            profile,
        } => inspect::run(&paths, all_files, json, sections, profile.as_deref()),
        Command::Completions { shell } => {
            let mut cmd = command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "aotcompat", &mut out);
            output::print(&String::from_utf8_lossy(&out)).map(|()| ExitCode::SUCCESS)
        }
        Command::Check(args) => check::run(&args),
        Command::HostCheck(args) => host_check::run(&args),
        Command::Key(args) => key::run(&args),
        Command::Stamp {
            metadata,
            kind,
            profile,
            into,
            output,
            digest,
        } => stamp::run(
            &metadata,
            &kind,
            profile.as_deref(),
            into.as_deref(),
            &output,
            digest,
        ),
        Command::Verify(args) => digest::verify(&args),
        Command::Digest { command } => digest::run(&command),
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
