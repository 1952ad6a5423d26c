//! Flags judged against the host engine's own (wasmtime 0.26 to 0.35).

use super::report::Category;
use super::sink::Sink;
use crate::model::{FlagList, FlagValue};
use crate::profiles::{fill, BoolEquality, FlagEquality, HostOrder};
use std::ops::ControlFlow;

/// Walks the host's flags in the rule's order: each must be in the
/// artifact, with the same value (an on/off flag by the rule's
/// [`BoolEquality`]); then every flag of the artifact the host lacks fails,
/// in the artifact's order. wasmtime 0.26 to 0.29 walk those leftovers in
/// a `HashMap`'s random order, so when there are several, which one they
/// name first varies from run to run; here it is the artifact's order.
pub(crate) fn check(
    rule: &FlagEquality,
    category: Category,
    artifact: &FlagList<'_>,
    host: &FlagList<'_>,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let m = rule.messages;
    let mut order: Vec<&(std::borrow::Cow<'_, str>, FlagValue<'_>)> = host.iter().collect();
    match rule.order {
        HostOrder::ByName => order.sort_by(|a, b| a.0.cmp(&b.0)),
        HostOrder::Listed(names) => order.sort_by_key(|(name, _)| {
            let at = names.iter().position(|n| n == name).unwrap_or(names.len());
            (at, name.clone())
        }),
    }
    let mut seen = vec![false; artifact.len()];
    for (name, host_value) in order {
        // A map keeps the last of several entries with one name.
        let Some(at) = artifact.iter().rposition(|(n, _)| n == name) else {
            let message = fill(m.missing, &[("flag", name)]);
            sink.push(category, &**name, "", host_value.to_string(), message)?;
            continue;
        };
        for (i, (n, _)) in artifact.iter().enumerate() {
            seen[i] |= n == name;
        }
        let value = &artifact[at].1;
        let template = match (rule.bools, value, host_value) {
            (BoolEquality::OnNeedsHost, FlagValue::Bool(on), FlagValue::Bool(host_on)) => {
                if *on && !*host_on {
                    m.unsupported
                } else {
                    continue;
                }
            }
            _ if value == host_value => continue,
            _ => m.different,
        };
        let (found, expected) = (value.to_string(), host_value.to_string());
        let message = fill(
            template,
            &[("flag", name), ("artifact", &found), ("host", &expected)],
        );
        sink.push(category, &**name, found, expected, message)?;
    }
    for (i, (name, value)) in artifact.iter().enumerate() {
        if seen[i] || artifact[i + 1..].iter().any(|(n, _)| n == name) {
            continue;
        }
        let message = fill(m.extra, &[("flag", name)]);
        sink.push(category, &**name, value.to_string(), "", message)?;
    }
    ControlFlow::Continue(())
}
