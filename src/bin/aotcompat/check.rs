use crate::output::{self, escape_controls, Failure, Outcome};
use crate::{features, inputs, inspect, parallel};
use aotcompat::artifact::{self, Artifact};
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{Engine, EngineBuilder, Kind};
use aotcompat::profiles::{self, Profile};
use aotcompat::rules::{self, Mode, Report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use target_lexicon::Triple;

#[derive(clap::Args)]
pub struct Args {
    /// Artifacts to check: files, or directories searched recursively for
    /// `.cwasm` files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// In directories, check every regular file, not only `.cwasm` ones.
    #[arg(long)]
    all_files: bool,
    /// `native`, or an artifact made by the host engine.
    #[arg(long)]
    host: String,
    /// module or component (default: the artifact's own kind, or module).
    #[arg(long)]
    kind: Option<String>,
    /// The profile of the host engine (default: the one whose layout fits
    /// the host artifact; with `--host native`, the one that wrote each
    /// artifact). A generic host judges by the default rules (equal for
    /// flags and tunables, subset for features).
    #[arg(long)]
    profile: Option<String>,
    /// `native`, or the CPU features that exist: `avx2,sse4.1`; `?name`
    /// for unknown, `?*` to make every unlisted name unknown. Names the
    /// host's architecture does not know are an error.
    #[arg(long, default_value = "native")]
    features: String,
    /// Describe a machine of another target: the host engine's triple.
    #[arg(long)]
    target: Option<String>,
    /// The host runtime was built without GC support.
    #[arg(long)]
    no_gc_support: bool,
    /// With `--host native`, the host's wasmtime patch release, such as
    /// `24.0.2`, for profiles up to wasmtime 37, whose version string names
    /// the patch (default: the release that wrote each artifact when the
    /// profile is taken from it, else the profile's newest patch).
    #[arg(long, value_name = "VERSION")]
    wasmtime_version: Option<String>,
    /// Also print where the artifact is weaker than the host engine's own
    /// compile (`advice: ...` lines: CPU features its code leaves unused, a
    /// lower optimization level, debug information or instrumentation the
    /// host would not add), alongside any mismatch; in JSON an `advice`
    /// list (which `--all` gives too). Never changes the verdict or the
    /// exit code.
    #[arg(long)]
    advice: bool,
    #[command(flatten)]
    format: ReportFormat,
    /// Also verify each file's integrity digest (reads every byte; see
    /// `aotcompat verify`): a file that does not verify counts as one the
    /// host cannot load.
    #[arg(long)]
    verify: bool,
}

/// What became of one file.
enum Outcome1 {
    Judged(Report),
    Unreadable(String),
}

pub fn run(args: &Args) -> Outcome {
    let format = ReportFormat {
        advice: args.advice,
        ..args.format.clone()
    };
    let profile = output::profile(args.profile.as_deref())?;
    let kind = args
        .kind
        .as_deref()
        .map(|k| k.parse::<Kind>().map_err(Failure::usage))
        .transpose()?;
    // One engine for every file, unless `--host native` without a profile
    // asks for the wasmtime that wrote each file.
    let per_file = args.host == "native" && profile.is_none();
    if args.wasmtime_version.is_some() && args.host != "native" {
        return Err(Failure::usage(
            "--wasmtime-version describes a native host; a host artifact carries its own",
        ));
    }
    let shared = if per_file {
        None
    } else {
        Some(engine(
            &args.host,
            profile,
            &args.features,
            args.target.as_deref(),
            args.no_gc_support,
            args.wasmtime_version.as_deref(),
        )?)
    };
    if per_file {
        // Refuse bad options once, before any file.
        engine(
            "native",
            None,
            &args.features,
            args.target.as_deref(),
            args.no_gc_support,
            None,
        )?;
    }
    let inputs = inputs::expand(&args.paths, args.all_files);
    let mode = format.mode();
    // Per-file engines, one per release met: a cache sweep holds many
    // files of few releases.
    let engines: Mutex<Vec<(EngineKey, Arc<Engine>)>> = Mutex::new(Vec::new());
    let results = parallel::map(&inputs.files, |path| {
        if let Err(e) = inputs::open(path) {
            return Ok(Outcome1::Unreadable(e));
        }
        let own;
        let engine = match &shared {
            Some(engine) => engine,
            None => {
                // The wasmtime that wrote the file, its patch release too
                // where the version string names one.
                let written = Artifact::read_file(path, None).ok();
                let profile = written.as_ref().map(|a| a.profile);
                let release = written.as_ref().and_then(|a| {
                    let named = a.profile.version.per_patch && a.profile.owns_version(&a.version);
                    named.then(|| a.version_str()).flatten()
                });
                let release = args.wasmtime_version.as_deref().or(release);
                let key = (profile.map(|p| p.name), release.map(str::to_string));
                let known = lock(&engines)
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, e)| Arc::clone(e));
                own = match known {
                    Some(engine) => engine,
                    None => {
                        let built = Arc::new(engine(
                            "native",
                            profile,
                            &args.features,
                            args.target.as_deref(),
                            args.no_gc_support,
                            release,
                        )?);
                        lock(&engines).push((key, Arc::clone(&built)));
                        built
                    }
                };
                &*own
            }
        };
        let kind = match kind {
            Some(kind) => kind,
            None => match own_kind(path) {
                Ok(kind) => kind,
                Err(e) => return Ok(Outcome1::Unreadable(e)),
            },
        };
        Ok(match rules::check_file(engine, path, kind, mode) {
            Ok(report) => Outcome1::Judged(report),
            Err(e) => Outcome1::Unreadable(format!("cannot read `{}`: {e}", inputs::shown(path))),
        })
    });
    let mut tally = Tally::default();
    let many = inputs.many();
    for (path, message) in &inputs.unreadable {
        tally.unreadable(path, message, format.json)?;
    }
    for (path, result) in inputs.files.iter().zip(results) {
        match result? {
            Outcome1::Unreadable(message) => tally.unreadable(path, &message, format.json)?,
            Outcome1::Judged(report) => {
                format.print_for(many.then_some(path.as_path()), path, &report)?;
                let verified = match args.verify {
                    true => crate::digest::after_check(path, many, format.json, &mut tally)?,
                    false => Some(true),
                };
                if let Some(verified) = verified {
                    tally.judged(report.is_compatible() && verified);
                }
            }
        }
    }
    if many {
        tally.summary();
    }
    tally.exit_code()
}

/// Counts of a run over many files, and its exit code.
#[derive(Default)]
pub struct Tally {
    compatible: usize,
    incompatible: usize,
    unreadable: usize,
}

impl Tally {
    pub fn judged(&mut self, compatible: bool) {
        if compatible {
            self.compatible += 1;
        } else {
            self.incompatible += 1;
        }
    }

    /// Reports an unreadable file: on stderr, and with `json` also as a
    /// JSON line on stdout.
    pub fn unreadable(&mut self, path: &Path, message: &str, json: bool) -> Result<(), Failure> {
        self.unreadable += 1;
        eprintln!("aotcompat: {}", escape_controls(message));
        if json {
            let line = serde_json::json!({ "path": path_text(path), "error": message });
            output::print(&format!("{line}\n"))?;
        }
        Ok(())
    }

    /// `N compatible, N incompatible, N unreadable` on stderr.
    pub fn summary(&self) {
        eprintln!(
            "{} compatible, {} incompatible, {} unreadable",
            self.compatible, self.incompatible, self.unreadable
        );
    }

    /// 2 when a file could not be read, else 1 when one is incompatible,
    /// else 0.
    pub fn exit_code(&self) -> Outcome {
        if self.unreadable > 0 {
            Err(Failure {
                code: output::USAGE,
                message: None,
            })
        } else if self.incompatible > 0 {
            Ok(ExitCode::from(output::INCOMPATIBLE))
        } else {
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A path in JSON: its text (lossy for non-UTF-8 names).
pub fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The host engine the flags describe: `native` or a host artifact, with
/// the probe, target and GC support the flags give.
pub fn engine(
    host: &str,
    profile: Option<&'static Profile>,
    features: &str,
    target: Option<&str>,
    no_gc_support: bool,
    wasmtime_version: Option<&str>,
) -> Result<Engine, Failure> {
    let probe = probe(features)?;
    let mut builder = host_engine(host, profile, target, &probe)?;
    builder.probe(probe);
    if let Some(version) = wasmtime_version {
        builder
            .wasmtime_version(version)
            .map_err(|e| Failure::usage(format!("{e:#}")))?;
    }
    if let Some(target) = target {
        builder.target(target);
    }
    if no_gc_support {
        builder.gc_support(false);
    }
    let engine = builder
        .build()
        .map_err(|e| Failure::usage(format!("{e:#}")))?;
    if features != "native" {
        features::validate(features, engine.triple().architecture)?;
    }
    Ok(engine)
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

/// What a per-file engine is built from: the profile and the release.
type EngineKey = (Option<&'static str>, Option<String>);

/// The lock, whether or not a thread panicked while holding it (the cache
/// is only ever pushed to).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn own_kind(path: &Path) -> Result<Kind, String> {
    artifact::detect_file(path, None)
        .map(|k| k.unwrap_or(Kind::Module))
        .map_err(|e| format!("cannot read `{}`: {e}", inputs::shown(path)))
}

/// `compatible`, the parity message, or with `all` every message and then
/// every note (`note: ...`: what the check could not judge); with `advice`
/// then every piece of advice (`advice: ...`); each line after `prefix`
/// (the path, when the run names files).
fn text(report: &Report, all: bool, advice: bool, prefix: &str) -> String {
    let mut lines: Vec<String> = match (report.message(), all) {
        (None, _) => vec!["compatible".into()],
        (Some(first), false) => vec![first.into()],
        (Some(_), true) => report
            .mismatches()
            .iter()
            .map(|m| m.message.clone())
            .collect(),
    };
    if all {
        lines.extend(report.notes().iter().map(|n| format!("note: {n}")));
    }
    if advice {
        lines.extend(
            report
                .advice()
                .iter()
                .map(|a| format!("advice: {}", a.message)),
        );
    }
    lines
        .iter()
        .map(|line| format!("{prefix}{}\n", escape_controls(line)))
        .collect()
}

/// The report as JSON: `{"compatible": ..., "mismatches": [...]}`, each
/// mismatch with its category, field, artifact and host values, the
/// probe's answer (`{"feature", "answer"}` or null) and the message;
/// with `with_advice` (`--advice` or `--all`), `"advice": [...]`, each
/// with its category, field, artifact and host values and message; and
/// `"notes": [...]` when the check could not judge something.
///
/// Without `all`, only the first mismatch (the parity one) is listed.
pub fn report_json(report: &Report, all: bool, with_advice: bool) -> serde_json::Value {
    let shown = if all { usize::MAX } else { 1 };
    let mismatches: Vec<_> = report
        .mismatches()
        .iter()
        .take(shown)
        .map(|m| {
            serde_json::json!({
                "category": m.category.name(),
                "field": m.field,
                "artifact": m.artifact,
                "host": m.host,
                "probe": m.probe.as_ref().map(|p| serde_json::json!({
                    "feature": p.feature,
                    "answer": p.answer.name(),
                })),
                "message": m.message,
            })
        })
        .collect();
    let advice: Vec<_> = report
        .advice()
        .iter()
        .map(|a| {
            serde_json::json!({
                "category": a.category.name(),
                "field": a.field,
                "artifact": a.artifact,
                "host": a.host,
                "message": a.message,
            })
        })
        .collect();
    let mut value =
        serde_json::json!({ "compatible": report.is_compatible(), "mismatches": mismatches });
    if with_advice {
        value["advice"] = advice.into();
    }
    if !report.notes().is_empty() {
        value["notes"] = report.notes().into();
    }
    value
}

/// How a report is printed: `--all` and `--json`, shared by `check` and
/// `host-check`.
#[derive(clap::Args, Clone)]
pub struct ReportFormat {
    /// Print every mismatch (one per line), not only the first.
    #[arg(long)]
    all: bool,
    /// Print one JSON object per file (with `--all`, listing every
    /// mismatch).
    #[arg(long)]
    json: bool,
    /// Where the artifact is weaker than the host engine's own compile;
    /// set by `check --advice`.
    #[arg(skip)]
    advice: bool,
}

impl ReportFormat {
    /// `--all` goes on past the first mismatch, and so does the check
    /// behind `--advice`, which is part of the full report; without `--all`
    /// only the first mismatch is printed.
    pub fn mode(&self) -> Mode {
        if self.all || self.advice {
            Mode::All
        } else {
            Mode::Parity
        }
    }

    /// Prints the report of the native host check; exit code 0 when
    /// compatible, else 1.
    pub fn print(&self, report: &Report) -> Outcome {
        let text = if self.json {
            format!("{}\n", report_json(report, self.all, self.advice))
        } else {
            text(report, self.all, self.advice, "")
        };
        output::print(&text)?;
        Ok(if report.is_compatible() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(output::INCOMPATIBLE)
        })
    }

    /// Prints the report of one file: JSON naming `path`, or text, each
    /// line after `PATH: ` when `named` is given.
    fn print_for(&self, named: Option<&Path>, path: &Path, report: &Report) -> Result<(), Failure> {
        let text = if self.json {
            let mut value = report_json(report, self.all, self.advice || self.all);
            value["path"] = path_text(path).into();
            let value = reorder_path_first(value);
            format!("{value}\n")
        } else {
            let prefix = named.map_or(String::new(), |p| format!("{}: ", inputs::shown(p)));
            text(report, self.all, self.advice, &prefix)
        };
        output::print(&text)
    }
}

/// Puts `path` first in a JSON object (serde_json keeps insertion order).
pub fn reorder_path_first(value: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Object(map) = value else {
        return value;
    };
    let mut out = serde_json::Map::new();
    if let Some(path) = map.get("path") {
        out.insert("path".into(), path.clone());
    }
    for (k, v) in map {
        if k != "path" {
            out.insert(k, v);
        }
    }
    serde_json::Value::Object(out)
}
