use crate::inspect;
use crate::output::{self, escape_controls, Failure, Outcome};
use aotcompat::artifact::{self, Artifact};
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{Engine, EngineBuilder, Kind};
use aotcompat::profiles::{self, Profile};
use aotcompat::rules::{self, Mode, Report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use target_lexicon::Triple;

#[derive(clap::Args)]
pub struct Args {
    /// The artifact to check.
    path: PathBuf,
    /// `native`, or an artifact made by the host engine.
    #[arg(long)]
    host: String,
    /// module or component (default: the artifact's own kind, or module).
    #[arg(long)]
    kind: Option<String>,
    /// The profile of the host engine (default: the one whose layout fits
    /// the host artifact; with `--host native`, the newest). A generic host
    /// judges by the default rules (equal for flags and tunables, subset
    /// for features).
    #[arg(long)]
    profile: Option<String>,
    /// `native`, or the CPU features that exist: `avx2,sse4.1`; `?name`
    /// for unknown, `?*` to make every unlisted name unknown.
    #[arg(long, default_value = "native")]
    features: String,
    /// Describe a machine of another target: the host engine's triple.
    #[arg(long)]
    target: Option<String>,
    /// The host runtime was built without GC support.
    #[arg(long)]
    no_gc_support: bool,
    #[command(flatten)]
    format: ReportFormat,
}

pub fn run(args: &Args) -> Outcome {
    let kind = match &args.kind {
        Some(k) => k.parse::<Kind>().map_err(Failure::usage)?,
        None => own_kind(&args.path)?,
    };
    let mut profile = output::profile(args.profile.as_deref())?;
    if args.host == "native" && profile.is_none() {
        // "Can this machine load it?" asks about the wasmtime that wrote it.
        profile = Artifact::read_file(&args.path, None)
            .ok()
            .map(|a| a.profile);
    }
    let engine = engine(
        &args.host,
        profile,
        &args.features,
        args.target.as_deref(),
        args.no_gc_support,
    )?;
    let report = rules::check_file(&engine, &args.path, kind, args.format.mode())
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", args.path.display())))?;
    args.format.print(&report)
}

/// The host engine the flags describe: `native` or a host artifact, with
/// the probe, target and GC support the flags give.
pub fn engine(
    host: &str,
    profile: Option<&'static Profile>,
    features: &str,
    target: Option<&str>,
    no_gc_support: bool,
) -> Result<Engine, Failure> {
    let probe = probe(features)?;
    let mut builder = host_engine(host, profile, target, &probe)?;
    builder.probe(probe);
    if let Some(target) = target {
        builder.target(target);
    }
    if no_gc_support {
        builder.gc_support(false);
    }
    builder
        .build()
        .map_err(|e| Failure::usage(format!("{e:#}")))
}

/// A host artifact's engine, or with `native` the default engine of the
/// profile on this machine, or on a machine of `target` whose CPU `probe`
/// describes.
fn host_engine(
    host: &str,
    profile: Option<&'static Profile>,
    target: Option<&str>,
    probe: &Probe,
) -> Result<EngineBuilder, Failure> {
    if host == "native" {
        let profile = profile.unwrap_or(profiles::ALL[0]);
        if !profile.has_native_engine() {
            return Err(Failure::usage(format!(
                "profile `{profile}` has no native engine; pass --host with an artifact \
                 made by the host engine"
            )));
        }
        let machine = match target {
            Some(t) => t
                .parse::<Triple>()
                .map_err(|e| Failure::usage(format!("invalid target `{t}`: {e}")))?,
            None => Triple::host(),
        };
        return Ok(EngineBuilder::native_on(profile, &machine, probe.clone()));
    }
    let path = Path::new(host);
    let artifact = inspect::read(path, profile).map_err(|f| Failure {
        code: output::USAGE,
        ..f
    })?;
    artifact
        .engine_builder()
        .map_err(|e| Failure::usage(format!("host `{host}`: {e:#}")))
}

fn probe(features: &str) -> Result<Probe, Failure> {
    if features == "native" {
        return Ok(Probe::native());
    }
    let fixed = FixedProbe::parse_list(features).map_err(Failure::usage)?;
    Ok(Probe::Fixed(Arc::new(fixed)))
}

fn own_kind(path: &Path) -> Result<Kind, Failure> {
    artifact::detect_file(path, None)
        .map(|k| k.unwrap_or(Kind::Module))
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))
}

/// `compatible`, the parity message, or with `all` every message.
fn text(report: &Report, all: bool) -> String {
    let lines: Vec<&str> = match (report.message(), all) {
        (None, _) => vec!["compatible"],
        (Some(first), false) => vec![first],
        (Some(_), true) => report
            .mismatches()
            .iter()
            .map(|m| m.message.as_str())
            .collect(),
    };
    lines
        .iter()
        .map(|line| escape_controls(line) + "\n")
        .collect()
}

/// The report as `{"compatible": ..., "mismatches": [...]}`.
fn json(report: &Report) -> String {
    let mismatches: Vec<_> = report
        .mismatches()
        .iter()
        .map(|m| {
            serde_json::json!({
                "category": m.category.name(),
                "field": m.field,
                "artifact": m.artifact,
                "host": m.host,
                "message": m.message,
            })
        })
        .collect();
    let value =
        serde_json::json!({ "compatible": report.is_compatible(), "mismatches": mismatches });
    format!("{value}\n")
}

/// How a report is printed: `--all` and `--json`, shared by `check` and
/// `host-check`.
#[derive(clap::Args)]
pub struct ReportFormat {
    /// Print every mismatch, one per line.
    #[arg(long)]
    all: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

impl ReportFormat {
    /// Both options need every mismatch; otherwise stop at the first.
    pub fn mode(&self) -> Mode {
        if self.all || self.json {
            Mode::All
        } else {
            Mode::Parity
        }
    }

    /// Prints the report; exit code 0 when compatible, else 1.
    pub fn print(&self, report: &Report) -> Outcome {
        let text = if self.json {
            json(report)
        } else {
            text(report, self.all)
        };
        output::print(&text)?;
        Ok(if report.is_compatible() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(output::INCOMPATIBLE)
        })
    }
}
