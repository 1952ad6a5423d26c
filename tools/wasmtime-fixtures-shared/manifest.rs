//! `manifest.json`: the list of artifacts, hosts and verdicts, written one
//! entry per line so that diffs stay small.

use crate::GENERATOR;
use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

pub const KINDS: [&str; 2] = ["module", "component"];

#[derive(Default)]
pub struct Manifest {
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
/// among those any supported wasmtime release probes (Rust std names).
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

impl Manifest {
    pub fn load(dir: &Path) -> Result<Manifest> {
        let path = dir.join("manifest.json");
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let v: Value = serde_json::from_str(&text)?;
        ensure!(
            v["wasmtime_version"] == GENERATOR.wasmtime_version,
            "manifest is for another wasmtime version"
        );
        if GENERATOR.record_generating_cpu && v["generating_cpu"] != json!(generating_cpu()) {
            bail!(
                "manifest was generated on a CPU with features {} but this one has {:?}; \
                 the machine-dependent artifacts would not match: regenerate from scratch",
                v["generating_cpu"],
                generating_cpu()
            );
        }
        let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
        Ok(Manifest {
            artifacts: list("artifacts"),
            hosts: list("hosts"),
            verdicts: list("verdicts"),
        })
    }

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
        self.verdicts.sort_by_key(|v| {
            (
                a[s(v, "artifact")],
                h[s(v, "host")],
                KINDS.iter().position(|k| *k == s(v, "kind")).unwrap(),
            )
        });
    }

    /// One entry per line: readable, and diffs stay small.
    pub fn save(&mut self, dir: &Path) -> Result<()> {
        self.sort_verdicts();
        let list = |items: &[Value]| -> String {
            let lines: Vec<String> = items
                .iter()
                .map(|v| format!("    {}", serde_json::to_string(v).unwrap()))
                .collect();
            if lines.is_empty() {
                "[]".to_string()
            } else {
                format!("[\n{}\n  ]", lines.join(",\n"))
            }
        };
        let cpu = if GENERATOR.record_generating_cpu {
            format!("  \"generating_cpu\": {},\n", json!(generating_cpu()))
        } else {
            String::new()
        };
        let text = format!(
            "{{\n  \"wasmtime_version\": {},\n{cpu}  \"artifacts\": {},\n  \"hosts\": {},\n  \"verdicts\": {}\n}}\n",
            json!(GENERATOR.wasmtime_version),
            list(&self.artifacts),
            list(&self.hosts),
            list(&self.verdicts)
        );
        // Must round-trip as JSON.
        let _: Value = serde_json::from_str(&text)?;
        fs::write(dir.join("manifest.json"), text)?;
        Ok(())
    }

    pub fn find_verdict(&self, artifact: &str, host: &str, kind: &str) -> Option<usize> {
        self.verdicts.iter().position(|v| {
            s(v, "artifact") == artifact && s(v, "host") == host && s(v, "kind") == kind
        })
    }
}
