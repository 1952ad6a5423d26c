use super::check::{judge_isa_flag, judge_shared_flag, Judgement, Mode, Sink};
use super::report::{Category, Report};
use crate::model::Engine;
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
    let _ = walk(engine, machine, &mut sink);
    sink.finish()
}

fn walk(engine: &Engine, machine: &Triple, sink: &mut Sink) -> ControlFlow<()> {
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
        sink.push(
            Category::Triple,
            "target",
            target.to_string(),
            machine.to_string(),
            message,
        )?;
    }
    for (name, value) in &engine.metadata().shared_flags {
        if let Err(Judgement { host, cause }) = judge_shared_flag(engine, name, value) {
            sink.push(
                Category::SharedFlag,
                name,
                format!("{value:?}"),
                host,
                cause,
            )?;
        }
    }
    for (name, value) in &engine.metadata().isa_flags {
        if let Err(Judgement { host, cause }) = judge_isa_flag(engine, name, value) {
            sink.push(Category::IsaFlag, name, format!("{value:?}"), host, cause)?;
        }
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{FixedProbe, Probe};
    use crate::model::{EngineBuilder, FlagValue, Profile};
    use std::str::FromStr;
    use std::sync::Arc;

    /// An engine compiling for AVX2 (and no other optional x86 feature),
    /// on a machine that has AVX2 or not.
    fn engine(target: &str, avx2_on_host: bool) -> Engine {
        let compiles_for = Probe::Fixed(Arc::new(FixedProbe::new(["avx2"])));
        let mut b = EngineBuilder::native_with_probe(Profile::Wasmtime31, compiles_for);
        let probe = FixedProbe::new(if avx2_on_host { vec!["avx2"] } else { vec![] });
        b.target(target)
            .isa_flag("has_avx2", FlagValue::Bool(true))
            .probe(Probe::Fixed(Arc::new(probe)));
        b.build().unwrap()
    }

    #[test]
    fn target_and_flags_are_judged() {
        let machine = Triple::from_str("x86_64-unknown-linux-gnu").unwrap();
        assert!(host_check_against(
            &engine("x86_64-unknown-linux-gnu", true),
            &machine,
            Mode::Parity
        )
        .is_compatible());
        let r = host_check_against(
            &engine("aarch64-unknown-linux-gnu", true),
            &machine,
            Mode::Parity,
        );
        assert_eq!(
            r.message(),
            Some("target 'aarch64-unknown-linux-gnu' specified in the configuration does not match the host")
        );
        let r = host_check_against(
            &engine("x86_64-unknown-linux-gnu", false),
            &machine,
            Mode::Parity,
        );
        assert_eq!(
            r.message(),
            Some("compilation setting \"has_avx2\" is enabled, but not available on the host")
        );
        let r = host_check_against(&engine("pulley64", true), &machine, Mode::Parity);
        assert!(r.is_compatible(), "{:?}", r.message());
        let r = host_check_against(&engine("pulley32", true), &machine, Mode::All);
        assert_eq!(r.mismatches().len(), 1);
    }
}
