use crate::check;
use crate::output::{self, Failure, Outcome};
use aotcompat::key;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("engine").required(true).args(["path", "host"]))]
pub struct Args {
    /// An artifact: prints the key of the engine that produced it.
    path: Option<String>,
    /// `native`: prints the key of this machine's default engine.
    #[arg(long)]
    host: Option<String>,
    /// The profile (default: the one whose layout fits the artifact).
    #[arg(long)]
    profile: Option<String>,
    /// Print the identity key (everything the compiler was given) instead
    /// of the load key (what the load check compares).
    #[arg(long)]
    identity: bool,
}

/// Prints the key in lowercase hex.
pub fn run(args: &Args) -> Outcome {
    let profile = output::profile(args.profile.as_deref())?;
    let source = match (&args.path, &args.host) {
        (Some(path), None) => path.as_str(),
        (None, Some(host)) if host == "native" => "native",
        (None, Some(host)) => {
            return Err(Failure::usage(format!(
                "--host takes `native`, not `{host}`"
            )))
        }
        _ => unreachable!("clap requires exactly one of PATH and --host"),
    };
    let engine = check::engine(source, profile, "native", None, false)?;
    let digest = if args.identity {
        key::identity_key(&engine)
    } else {
        key::load_key(&engine)
    };
    output::print(&format!("{}\n", key::to_hex(&digest)))?;
    Ok(ExitCode::SUCCESS)
}
