//! `manifest.json` in the layout of the wheel-made manifests
//! (`tools/wasmtime-wheels/manifest.py`: the top-level fields
//! `wasmtime_version`, `version_string`, `generating_cpu`, `source`, then one
//! JSON object per line in each list), and the fixture README in their style.

use crate::{GC, KIND, WASMTIME_VERSION};
use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

#[derive(Default)]
pub struct Manifest {
    /// The version string written in the artifacts (read from
    /// `default-module`).
    pub version_string: String,
    pub artifacts: Vec<Value>,
    pub hosts: Vec<Value>,
    pub verdicts: Vec<Value>,
}

pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("manifest entry without string `{key}`: {v}"))
}

/// The x86 features `is_x86_feature_detected!` reports on this machine,
/// among those any supported wasmtime release probes (Rust std names, the
/// order of every other manifest's `generating_cpu`).
pub fn generating_cpu() -> Vec<&'static str> {
    let mut out = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        macro_rules! probe {
            ($($f:tt),*) => {
                $(if std::is_x86_feature_detected!($f) { out.push($f); })*
            };
        }
        probe!(
            "sse3",
            "ssse3",
            "sse4.1",
            "sse4.2",
            "popcnt",
            "avx",
            "avx2",
            "fma",
            "bmi1",
            "bmi2",
            "lzcnt",
            "cmpxchg16b",
            "avx512f",
            "avx512dq",
            "avx512vl",
            "avx512bitalg",
            "avx512vbmi",
            "avxvnni",
            "avx512vnni"
        );
    }
    out
}

fn source() -> String {
    format!("crate wasmtime=={WASMTIME_VERSION}")
}

impl Manifest {
    pub fn load(dir: &Path) -> Result<Manifest> {
        let path = dir.join("manifest.json");
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let v: Value = serde_json::from_str(&text)?;
        ensure!(
            v["wasmtime_version"] == WASMTIME_VERSION && v["source"] == source(),
            "manifest is for another wasmtime version or source"
        );
        if v["generating_cpu"] != json!(generating_cpu()) {
            bail!(
                "manifest was generated on a CPU with features {} but this one has {:?}; \
                 the machine-dependent artifacts and probes would not match: regenerate from scratch",
                v["generating_cpu"],
                generating_cpu()
            );
        }
        let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
        Ok(Manifest {
            version_string: v["version_string"]
                .as_str()
                .context("version_string")?
                .to_string(),
            artifacts: list("artifacts"),
            hosts: list("hosts"),
            verdicts: list("verdicts"),
        })
    }

    /// Artifact by artifact, then host, as the other manifests.
    fn sort_verdicts(&mut self) {
        let index = |items: &[Value]| -> HashMap<String, usize> {
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (s(v, "name").to_string(), i))
                .collect()
        };
        let a = index(&self.artifacts);
        let h = index(&self.hosts);
        self.verdicts
            .sort_by_key(|v| (a[s(v, "artifact")], h[s(v, "host")]));
    }

    pub fn save(&mut self, dir: &Path) -> Result<()> {
        self.sort_verdicts();
        let one = |v: &Value| serde_json::to_string(v).unwrap();
        let list = |items: &[Value]| -> String {
            let lines: Vec<String> = items.iter().map(|v| format!("    {}", one(v))).collect();
            if lines.is_empty() {
                "[]".to_string()
            } else {
                format!("[\n{}\n  ]", lines.join(",\n"))
            }
        };
        let text = format!(
            "{{\n  \"wasmtime_version\": {},\n  \"version_string\": {},\n  \"generating_cpu\": {},\n  \"source\": {},\n  \"artifacts\": {},\n  \"hosts\": {},\n  \"verdicts\": {}\n}}\n",
            one(&json!(WASMTIME_VERSION)),
            one(&json!(self.version_string)),
            one(&json!(generating_cpu())),
            one(&json!(source())),
            list(&self.artifacts),
            list(&self.hosts),
            list(&self.verdicts)
        );
        // Must round-trip as JSON.
        let _: Value = serde_json::from_str(&text)?;
        fs::write(dir.join("manifest.json"), text)?;
        Ok(())
    }

    pub fn find_verdict(&self, artifact: &str, host: &str) -> Option<usize> {
        self.verdicts.iter().position(|v| {
            s(v, "artifact") == artifact && s(v, "host") == host && s(v, "kind") == KIND
        })
    }
}

pub fn write_readme(dir: &Path, m: &Manifest, notes: &[String]) -> Result<()> {
    assert!(GC);
    let ok = m.verdicts.iter().filter(|v| v["ok"] == true).count();
    let n = m.verdicts.len();
    let mut messages: BTreeMap<&str, usize> = BTreeMap::new();
    for v in m.verdicts.iter().filter(|v| v["ok"] == false) {
        *messages.entry(s(v, "message")).or_default() += 1;
    }
    let mut detect: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &m.artifacts {
        *detect.entry(s(a, "detect")).or_default() += 1;
    }
    let detect: Vec<String> = detect.iter().map(|(k, n)| format!("{n} `{k}`")).collect();
    let mut lines = vec![
        format!("# wasmtime {WASMTIME_VERSION} fixtures (crate)"),
        String::new(),
        format!(
            "Generated by `tools/wasmtime-fixtures-26/regenerate.sh` from the crate `wasmtime = \"={WASMTIME_VERSION}\"` \
             (the newest 26.x on crates.io; there is no PyPI wheel of 26, so `tools/wasmtime-wheels` cannot make this \
             directory). Do not edit by hand; regenerate. The matrix and the manifest layout are those of the wheel-made \
             `tests/fixtures/wasmtime-25` and `-27` (`tools/wasmtime-wheels/README.md` describes the fields, the matrix \
             and the inputs), with the `Config` calls of the crate; see \"Against the wasmtime-25 matrix\" below."
        ),
        String::new(),
        format!("- version string written in the artifacts: `{}`", m.version_string),
        "- kinds: module".to_string(),
        format!(
            "- {} artifacts, {} hosts, {n} verdicts: {ok} ok, {} failed",
            m.artifacts.len(),
            m.hosts.len(),
            n - ok
        ),
        format!(
            "- `detect` is what `Engine::detect_precompiled` (a method of `Engine` in 26) answers: {}",
            detect.join(", ")
        ),
        "- every host's probe is the generating machine's CPU (`generating_cpu`): the host engines keep wasmtime's \
         default `detect_host_feature` (`std::is_x86_feature_detected!`), like the wheels' engines"
            .to_string(),
        "- `gc_support`: true for the hosts built with the `gc` cargo feature (the default build), false for \
         `x86-64-default-nogc` (built with `--no-default-features`)"
            .to_string(),
        String::new(),
        "## Hosts".to_string(),
        String::new(),
    ];
    for h in &m.hosts {
        let strategy = match &h["version_strategy"] {
            Value::String(v) if v == "wasmtime" => String::new(),
            other => format!(
                " (version_strategy {})",
                serde_json::to_string(other).unwrap()
            ),
        };
        lines.push(format!(
            "- `{}`: {}{strategy}",
            s(h, "name"),
            s(h, "description")
        ));
    }
    lines.extend([
        String::new(),
        "## Messages (failed verdicts)".to_string(),
        String::new(),
        "| count | message |".to_string(),
        "|---|---|".to_string(),
    ]);
    for (msg, count) in &messages {
        let msg = msg.replace('\n', "\\n");
        // A message with a backtick needs a longer code span.
        if msg.contains('`') {
            lines.push(format!("| {count} | `` {msg} `` |"));
        } else {
            lines.push(format!("| {count} | `{msg}` |"));
        }
    }
    lines.push(String::new());
    lines.push(include_str!("readme_extra.md").trim_end().to_string());
    if !notes.is_empty() {
        lines.extend([
            String::new(),
            "## Not produced / notes".to_string(),
            String::new(),
        ]);
        lines.extend(notes.iter().map(|n| format!("- {n}")));
    }
    fs::write(dir.join("README.md"), lines.join("\n") + "\n")?;
    Ok(())
}
