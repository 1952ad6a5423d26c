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
            // Both sides have the engine's layout: one struct of bools.
            let fields = md.layout().features_shape().fields();
            let (Some(found_all), Some(expected_all)) =
                (md.feature_fields(), host.feature_fields())
            else {
                return ControlFlow::Continue(());
            };
            for row in rows {
                let Some(at) = fields.iter().position(|f| f.name == row.name) else {
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
                    format!(
                        "Module was compiled with {words} but support in the host was disabled at \
                         compile time because the `{GC_CARGO_FEATURE}` Cargo feature was not enabled"
                    )
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
            let FeatureForm::Bits(table) = md.layout().features else {
                return ControlFlow::Continue(());
            };
            let (Some(found), Some(expected)) = (md.feature_bits(), host.feature_bits()) else {
                return ControlFlow::Continue(());
            };
            // The host reads the artifact's bits with `from_bits_truncate`
            // and names what it lacks with `iter_names`.
            let module = found & table.all();
            let missing = module & !expected;
            for name in table.iter_names(missing) {
                let message = bool_message(true, false, &fill(words, &[("name", name)]));
                sink.push(Category::Feature, name, "true", "false", message)?;
            }
        }
    }
    ControlFlow::Continue(())
}
