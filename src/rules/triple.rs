use super::report::Category;
use super::sink::Sink;
use std::ops::ControlFlow;
use std::str::FromStr;
use target_lexicon::Triple;

/// Compares an artifact's target triple (text) with the host's. Only
/// architecture and operating system are compared, as in wasmtime; a
/// triple target-lexicon cannot parse fails with its own message.
pub(crate) fn check(host: &Triple, target: &str, sink: &mut Sink) -> ControlFlow<()> {
    let triple = match Triple::from_str(target) {
        Ok(t) => t,
        Err(e) => {
            return sink.push(
                Category::Triple,
                "target",
                target,
                host.to_string(),
                e.to_string(),
            )
        }
    };
    if triple.architecture != host.architecture {
        let arch = triple.architecture.to_string();
        let message = format!("Module was compiled for architecture '{arch}'");
        sink.push(
            Category::Triple,
            "architecture",
            arch,
            host.architecture.to_string(),
            message,
        )?;
    }
    if triple.operating_system != host.operating_system {
        let os = triple.operating_system.to_string();
        let message = format!("Module was compiled for operating system '{os}'");
        let host_os = host.operating_system.to_string();
        sink.push(Category::Triple, "operating_system", os, host_os, message)?;
    }
    ControlFlow::Continue(())
}
