//! Tunables judged by a profile's check list.

use super::report::Category;
use super::sink::Sink;
use crate::codec::Value;
use crate::model::{value_text, Engine, Metadata};
use crate::profiles::{fill, CollectorRule, TunableCheck};
use std::ops::ControlFlow;

/// Walks `checks` in order, comparing the artifact's tunables with the
/// host engine's.
pub(crate) fn check(
    checks: &[TunableCheck],
    engine: &Engine,
    md: &Metadata<'_>,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let host = engine.metadata();
    let positions = &engine.check_plan().tunables;
    for (check, position) in checks.iter().zip(positions) {
        let field = check.field();
        // Both sides have the engine's layout, so a field sits at the same
        // place in both (the plan found it in the engine's metadata); a
        // missing one can only be a table error and is skipped.
        let Some(at) = *position else {
            continue;
        };
        let (Some(found), Some(expected)) = (md.tunable_at(at), host.tunable_at(at)) else {
            continue;
        };
        let message = match *check {
            TunableCheck::Collector { rule, .. } => collector(rule, found, expected),
            TunableCheck::Int { words, .. } if found != expected => Some(format!(
                "Module was compiled with a {words} of '{}' but '{}' is expected for the host",
                value_text(None, found),
                value_text(None, expected)
            )),
            TunableCheck::Bool { words, .. } => match (found, expected) {
                (Value::Bool(f), Value::Bool(e)) if f != e => Some(bool_message(*f, *e, words)),
                _ => None,
            },
            TunableCheck::Cost { fuel, message, .. } => {
                let fuel_on = md.tunable(fuel) == Some(&Value::Bool(true));
                (fuel_on && found != expected).then(|| message.to_string())
            }
            TunableCheck::Choice { words, .. } => match (found, expected) {
                (Value::Variant(f, _), Value::Variant(e, _)) if f != e => Some(format!(
                    "module was compiled {} however the host is configured {}",
                    phrase(words, *f),
                    phrase(words, *e)
                )),
                _ => None,
            },
            TunableCheck::Int { .. } => None,
        };
        if let Some(message) = message {
            let shape = md.tunable_shape(field);
            sink.push(
                Category::Tunable,
                field,
                value_text(shape, found),
                value_text(shape, expected),
                message,
            )?;
        }
    }
    ControlFlow::Continue(())
}

/// wasmtime's sentence for two bools that differ.
pub(crate) fn bool_message(found: bool, expected: bool, words: &str) -> String {
    format!(
        "Module was compiled {} {words} but it {} enabled for the host",
        if found { "with" } else { "without" },
        if expected { "is" } else { "is not" }
    )
}

fn phrase(words: &[&str], index: u32) -> String {
    words.get(index as usize).map_or_else(
        || format!("with an unknown setting #{index}"),
        |w| w.to_string(),
    )
}

/// The collector: the artifact's (optional) collector against the host's.
fn collector(rule: &CollectorRule, found: &Value<'_>, expected: &Value<'_>) -> Option<String> {
    let index = |v: &Value<'_>| match v {
        Value::Option(Some(inner)) => match **inner {
            Value::Variant(i, _) => Some(i),
            _ => None,
        },
        _ => None,
    };
    match (index(found), index(expected)) {
        (None, None) => None,
        (None, Some(_)) if rule.without_gc_loads_anywhere => None,
        (None, Some(_)) => Some(rule.without_gc.to_string()),
        (Some(_), None) => Some(rule.gc_disabled.to_string()),
        (Some(a), Some(h)) if a == h => None,
        (Some(a), Some(h)) => {
            let name = |i: u32| rule.names.get(i as usize).copied().unwrap_or("unknown");
            Some(fill(
                rule.different,
                &[("artifact", name(a)), ("host", name(h))],
            ))
        }
    }
}
