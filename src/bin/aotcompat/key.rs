use crate::check::{self, path_text, Tally};
use crate::output::{self, Failure, Outcome};
use crate::{inputs, parallel};
use aotcompat::key;
use aotcompat::model::Engine;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("engine").required(true).args(["paths", "host"]))]
pub struct Args {
    /// Artifacts (files, or directories searched for `.cwasm` files): prints
    /// the key of the engine that produced each.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// In directories, take every regular file, not only `.cwasm` ones.
    #[arg(long)]
    all_files: bool,
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
    /// Print one JSON object per line: `{"path", "key", "kind"}`.
    #[arg(long)]
    json: bool,
}

/// Prints the key in lowercase hex: alone for one artifact or `--host
/// native`, as `KEY  PATH` lines for several.
pub fn run(args: &Args) -> Outcome {
    let profile = output::profile(args.profile.as_deref())?;
    let kind = if args.identity { "identity" } else { "load" };
    let digest = |engine: &Engine| {
        key::to_hex(&if args.identity {
            key::identity_key(engine)
        } else {
            key::load_key(engine)
        })
    };
    if let Some(host) = &args.host {
        if host != "native" {
            return Err(Failure::usage(format!(
                "--host takes `native`, not `{host}`"
            )));
        }
        if !args.paths.is_empty() {
            return Err(Failure::usage("give either PATH... or --host native"));
        }
        let hex = digest(&check::engine(
            "native", profile, "native", None, false, None,
        )?);
        let line = if args.json {
            serde_json::json!({ "host": "native", "key": hex, "kind": kind }).to_string()
        } else {
            hex
        };
        output::print(&format!("{line}\n"))?;
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let inputs = inputs::expand(&args.paths, args.all_files);
    let results = parallel::map(&inputs.files, |path| {
        inputs::open(path)?;
        let source = path.to_str().ok_or_else(|| {
            format!(
                "cannot read `{}`: the path is not UTF-8",
                inputs::shown(path)
            )
        })?;
        check::engine(source, profile, "native", None, false, None)
            .map(|e| digest(&e))
            .map_err(|f| f.message.unwrap_or_default())
    });
    let mut tally = Tally::default();
    for (path, message) in &inputs.unreadable {
        tally.unreadable(path, message, args.json)?;
    }
    let many = inputs.many();
    for (path, result) in inputs.files.iter().zip(results) {
        match result {
            Ok(hex) => {
                let line = if args.json {
                    serde_json::json!({ "path": path_text(path), "key": hex, "kind": kind })
                        .to_string()
                } else if many {
                    format!("{hex}  {}", inputs::shown(path))
                } else {
                    hex
                };
                output::print(&format!("{line}\n"))?;
                tally.judged(true);
            }
            Err(message) => tally.unreadable(path, &message, args.json)?,
        }
    }
    tally.exit_code()
}
