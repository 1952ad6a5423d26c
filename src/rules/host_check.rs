use super::by_engine;
use super::flags::{self, Refusal};
use super::report::{Category, Report};
use super::sink::{Mode, Sink};
use crate::model::{Engine, Setting};
use crate::profiles::{IsaFlagRules, Judged, SharedFlagRules};
use std::ops::ControlFlow;
use target_lexicon::Triple;

/// Can `engine` run code on the machine this library runs on? (wasmtime's
/// `check_compatible_with_native_host`.)
///
/// The engine's target must be this machine's triple (a Pulley target only
/// needs the same pointer width and byte order), and the engine's own
/// compiler flags must pass the profile's rules and the engine's probe.
/// Messages are wasmtime's, without the load check's outer context.
pub fn host_check(engine: &Engine, mode: Mode) -> Report {
    host_check_against(engine, &Triple::host(), mode)
}

/// [`host_check`] against a given machine triple instead of this one.
pub fn host_check_against(engine: &Engine, machine: &Triple, mode: Mode) -> Report {
    let mut sink = Sink::new(mode);
    let _ = walk(engine, machine, &mut sink, None);
    sink.finish()
}

/// The first step of a load in profiles that check the host engine first
/// (wasmtime 37 and later): the engine against the machine it describes,
/// each failure under `context`.
pub(crate) fn engine_first(engine: &Engine, context: &str, sink: &mut Sink) -> ControlFlow<()> {
    walk(engine, engine.triple(), sink, Some(context))
}

fn walk(
    engine: &Engine,
    machine: &Triple,
    sink: &mut Sink,
    context: Option<&str>,
) -> ControlFlow<()> {
    let with_context = |cause: String| match context {
        Some(context) => format!("{context}: {cause}"),
        None => cause,
    };
    let target = engine.triple();
    use target_lexicon::Architecture::{Pulley32, Pulley32be, Pulley64, Pulley64be};
    let is_pulley = matches!(
        target.architecture,
        Pulley32 | Pulley64 | Pulley32be | Pulley64be
    );
    let pulley_fits = is_pulley
        && target.pointer_width() == machine.pointer_width()
        && target.endianness() == machine.endianness();
    if target != machine && !pulley_fits {
        let message =
            format!("target '{target}' specified in the configuration does not match the host");
        let (t, m) = (target.to_string(), machine.to_string());
        sink.push(Category::Triple, "target", t, m, with_context(message))?;
    }
    let md = engine.metadata();
    match engine.profile().shared_flags {
        // An engine's flags are its own: equal to themselves.
        Judged::Table(SharedFlagRules::EqualToHost(_)) => {}
        Judged::Table(SharedFlagRules::PerFlag(table)) => {
            let plan = engine.check_plan();
            for (i, (name, value)) in md.shared_flags.iter().enumerate() {
                if plan.accepts_shared(i, name, value) {
                    continue;
                }
                if let Err(Refusal { host, probe, cause }) =
                    flags::judge_shared(table, engine, name, value)
                {
                    let value = value.to_string();
                    sink.push_probed(
                        Category::SharedFlag,
                        &**name,
                        value,
                        host,
                        probe,
                        with_context(cause),
                    )?;
                }
            }
        }
        Judged::ByEngine => by_engine::check_own(engine, Setting::SharedFlag, sink)?,
    }
    match engine.profile().isa_flags {
        Judged::Table(IsaFlagRules::EqualToHost(_)) => {}
        Judged::Table(IsaFlagRules::PerFlag(table)) => {
            let plan = engine.check_plan();
            for (i, (name, value)) in md.isa_flags.iter().enumerate() {
                if plan.accepts_isa(engine, i, name, value) {
                    continue;
                }
                if let Err(Refusal { host, probe, cause }) =
                    flags::judge_isa(table, engine, name, value)
                {
                    let value = value.to_string();
                    let cause = with_context(cause);
                    sink.push_probed(Category::IsaFlag, &**name, value, host, probe, cause)?;
                }
            }
        }
        Judged::ByEngine => by_engine::check_own(engine, Setting::IsaFlag, sink)?,
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{FixedProbe, Probe};
    use crate::model::{EngineBuilder, FlagValue};
    use crate::profiles::WASMTIME_31;
    use std::str::FromStr;
    use std::sync::Arc;

    /// An engine compiling for AVX2 (and no other optional x86 feature),
    /// on a machine that has AVX2 or not.
    fn engine(target: &str, avx2_on_host: bool) -> Engine {
        let compiles_for = Probe::Fixed(Arc::new(FixedProbe::new(["avx2"])));
        let mut b = EngineBuilder::native_with_probe(&WASMTIME_31, compiles_for);
        let probe = FixedProbe::new(if avx2_on_host { vec!["avx2"] } else { vec![] });
        b.target(target)
            .isa_flag("has_avx2", FlagValue::Bool(true))
            .probe(Probe::Fixed(Arc::new(probe)));
        b.build().unwrap()
    }

    #[test]
    fn target_and_flags_are_judged() {
        let machine = Triple::from_str("x86_64-unknown-linux-gnu").unwrap();
        let check = |e: &Engine, mode| host_check_against(e, &machine, mode);
        assert!(check(&engine("x86_64-unknown-linux-gnu", true), Mode::Parity).is_compatible());
        let r = check(&engine("aarch64-unknown-linux-gnu", true), Mode::Parity);
        assert_eq!(
            r.message(),
            Some("target 'aarch64-unknown-linux-gnu' specified in the configuration does not match the host")
        );
        let r = check(&engine("x86_64-unknown-linux-gnu", false), Mode::Parity);
        assert_eq!(
            r.message(),
            Some("compilation setting \"has_avx2\" is enabled, but not available on the host")
        );
        let r = check(&engine("pulley64", true), Mode::Parity);
        assert!(r.is_compatible(), "{:?}", r.message());
        let r = check(&engine("pulley32", true), Mode::All);
        assert_eq!(r.mismatches().len(), 1);
    }
}
