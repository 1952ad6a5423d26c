//! Features judged by a profile's rules.

use super::report::Category;
use super::sink::Sink;
use super::tunables::bool_message;
use crate::model::{Engine, Metadata};
use crate::profiles::{fill, FeatureForm, FeatureRules};
use std::ops::ControlFlow;

/// The Cargo feature whose absence takes GC support out of wasmtime.
const GC_CARGO_FEATURE: &str = "gc";

/// Compares the artifact's features with the host engine's.
pub(crate) fn check(
    rules: &FeatureRules,
    engine: &Engine,
    md: &Metadata<'_>,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let host = engine.metadata();
    match *rules {
        FeatureRules::PerField(rows) => {
            // Both sides have the engine's layout: one struct of bools, each
            // row's field at the place the plan found.
            let (Some(found_all), Some(expected_all)) =
                (md.feature_fields(), host.feature_fields())
            else {
                return ControlFlow::Continue(());
            };
            let positions = &engine.check_plan().features;
            for (row, position) in rows.iter().zip(positions) {
                let Some(at) = *position else {
                    continue;
                };
                let (Some(&found), Some(&expected)) = (found_all.get(at), expected_all.get(at))
                else {
                    continue;
                };
                let words = row.words;
                let message = if row.needs_gc_support && !engine.gc_support() {
                    if !found {
                        continue;
                    }
                    gc_disabled(words)
                } else if found == expected {
                    continue;
                } else {
                    bool_message(found, expected, words)
                };
                sink.push(
                    Category::Feature,
                    row.name,
                    found.to_string(),
                    expected.to_string(),
                    message,
                )?;
            }
        }
        FeatureRules::Subset { words } => {
            let Some((table, module, host)) = bit_sets(md, host) else {
                return ControlFlow::Continue(());
            };
            // What the artifact has and the host lacks, named by
            // `iter_names`.
            for name in table.iter_names(module & !host) {
                let message = bool_message(true, false, &fill(words, &[("name", name)]));
                sink.push(Category::Feature, name, "true", "false", message)?;
            }
        }
        FeatureRules::ExactXor {
            words,
            needs_gc_support,
        } => {
            let Some((table, module, host)) = bit_sets(md, host) else {
                return ControlFlow::Continue(());
            };
            // Every flag `iter_names` names in the difference of the two
            // sets, judged by whether each side holds all of its bits.
            for name in table.iter_names(module ^ host) {
                let mask = table.mask(name).unwrap_or(0);
                let (found, expected) = (module & mask == mask, host & mask == mask);
                let words = fill(words, &[("name", name)]);
                let message = if needs_gc_support.contains(&name) && !engine.gc_support() {
                    if !found {
                        continue;
                    }
                    gc_disabled(&words)
                } else if found == expected {
                    continue;
                } else {
                    bool_message(found, expected, &words)
                };
                sink.push(
                    Category::Feature,
                    name,
                    found.to_string(),
                    expected.to_string(),
                    message,
                )?;
            }
        }
    }
    ControlFlow::Continue(())
}

/// The artifact's and the host's feature bits in a layout of bits, the
/// artifact's read as the host's wasmparser reads them
/// (`from_bits_truncate`).
fn bit_sets(
    md: &Metadata<'_>,
    host: &Metadata<'_>,
) -> Option<(&'static crate::profiles::FeatureBits, u64, u64)> {
    let FeatureForm::Bits(table) = md.layout().features else {
        return None;
    };
    let (found, expected) = (md.feature_bits()?, host.feature_bits()?);
    Some((table, found & table.all(), expected & table.all()))
}

/// The words when the artifact uses a feature the runtime was built
/// without (wasmtime's `check_cfg_bool`).
fn gc_disabled(words: &str) -> String {
    format!(
        "Module was compiled with {words} but support in the host was disabled at compile time \
         because the `{GC_CARGO_FEATURE}` Cargo feature was not enabled"
    )
}
