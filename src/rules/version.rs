use super::report::Category;
use super::sink::Sink;
use crate::model::{Engine, VersionStrategy};
use crate::profiles::fill;
use std::ops::ControlFlow;

/// Judges an artifact's raw version string by the engine's strategy and
/// the profile's words. Returns whether it matched; a string that is not
/// UTF-8 ends the check, as it does in wasmtime.
pub(crate) fn check(engine: &Engine, version: &[u8], sink: &mut Sink) -> ControlFlow<(), bool> {
    let rule = engine.profile().version;
    let (expected, template) = match engine.version_strategy() {
        VersionStrategy::None => return ControlFlow::Continue(true),
        VersionStrategy::WasmtimeVersion => (engine.wasmtime_version(), rule.default_mismatch),
        VersionStrategy::Custom(v) => (v.as_str(), rule.custom_mismatch),
    };
    let text = match std::str::from_utf8(version) {
        Ok(text) => text,
        Err(e) => {
            let lossy = String::from_utf8_lossy(version);
            let _ = sink.push(Category::Version, "version", lossy, expected, e.to_string());
            return ControlFlow::Break(());
        }
    };
    if text == expected {
        return ControlFlow::Continue(true);
    }
    let message = fill(template, &[("version", text)]);
    sink.push(Category::Version, "version", text, expected, message)?;
    ControlFlow::Continue(false)
}
