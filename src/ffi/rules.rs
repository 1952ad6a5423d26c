//! Rules an engine of the generic profile judges artifacts by, registered
//! on its builder.

use super::boundary::{Failure, FfiResult};
use super::builder::aotcompat_engine_builder;
use super::error::aotcompat_error;
use super::status::*;
use crate::model::{Rule, Setting, SettingValue};
use std::ffi::c_char;

/// A kind of setting an engine description lists: one of the
/// `AOTCOMPAT_SETTING_*` values.
pub type aotcompat_setting = u32;

/// Shared (target-independent) compiler flags. Same value as
/// ::AOTCOMPAT_FLAG_SET_SHARED.
pub const AOTCOMPAT_SETTING_SHARED_FLAG: aotcompat_setting = 0;
/// ISA (CPU feature) compiler flags. Same value as
/// ::AOTCOMPAT_FLAG_SET_ISA.
pub const AOTCOMPAT_SETTING_ISA_FLAG: aotcompat_setting = 1;
/// Tunables (engine-wide settings with a number, on/off, text or no value).
pub const AOTCOMPAT_SETTING_TUNABLE: aotcompat_setting = 2;
/// Features (enabled or not).
pub const AOTCOMPAT_SETTING_FEATURE: aotcompat_setting = 3;

/// How an engine of the generic profile judges one setting of an artifact
/// against its own: one of the `AOTCOMPAT_RULE_*` values.
///
/// A flag or tunable may be absent from either side; a feature is enabled
/// or not. Names without a registered rule are judged by their kind's
/// default: ::AOTCOMPAT_RULE_EQUAL for flags and tunables,
/// ::AOTCOMPAT_RULE_SUBSET for features (see
/// aotcompat_engine_builder_set_default_rule()). Engines of wasmtime
/// profiles judge by wasmtime's own rules and take no registered rules.
pub type aotcompat_rule = u32;

/// The artifact's value must equal the engine's; a setting present on one
/// side only is a mismatch. For a feature: enabled in the artifact exactly
/// when enabled in the engine.
pub const AOTCOMPAT_RULE_EQUAL: aotcompat_rule = 0;
/// The artifact's value must be exactly the given one, whatever the
/// engine's is; an artifact without the setting does not meet it.
pub const AOTCOMPAT_RULE_VALUE: aotcompat_rule = 1;
/// The setting is not judged.
pub const AOTCOMPAT_RULE_IGNORE: aotcompat_rule = 2;
/// When the artifact's setting is on (the value `true`, or the feature
/// enabled), the engine's probe must answer yes for the given host feature;
/// no, unknown, or no probe is a mismatch. Other values and an absent
/// setting need nothing; the engine's own value is not compared.
pub const AOTCOMPAT_RULE_NEEDS_PROBE: aotcompat_rule = 3;
/// What the artifact has on must be on in the engine: a feature enabled in
/// the artifact must be enabled in the engine; an on/off flag or tunable
/// that is `true` in the artifact must be `true` in the engine. A value
/// that is not on/off must be equal, as with ::AOTCOMPAT_RULE_EQUAL; an
/// artifact without the setting asks nothing.
pub const AOTCOMPAT_RULE_SUBSET: aotcompat_rule = 4;

fn setting_from_c(setting: aotcompat_setting) -> FfiResult<Setting> {
    match setting {
        AOTCOMPAT_SETTING_SHARED_FLAG => Ok(Setting::SharedFlag),
        AOTCOMPAT_SETTING_ISA_FLAG => Ok(Setting::IsaFlag),
        AOTCOMPAT_SETTING_TUNABLE => Ok(Setting::Tunable),
        AOTCOMPAT_SETTING_FEATURE => Ok(Setting::Feature),
        other => Err(Failure::invalid(format!(
            "parameter `setting` is {other}, which is not an aotcompat_setting"
        ))),
    }
}

/// A rule constant and its argument as a rule.
fn rule_from_c(setting: Setting, rule: aotcompat_rule, arg: Option<&str>) -> FfiResult<Rule> {
    let no_arg = |rule: Rule| match arg {
        None => Ok(rule),
        Some(_) => Err(Failure::invalid(format!(
            "parameter `arg` must be NULL for the {} rule",
            rule.name()
        ))),
    };
    match rule {
        AOTCOMPAT_RULE_EQUAL => no_arg(Rule::Equal),
        AOTCOMPAT_RULE_IGNORE => no_arg(Rule::Ignore),
        AOTCOMPAT_RULE_SUBSET => no_arg(Rule::Subset),
        AOTCOMPAT_RULE_VALUE => {
            let text = arg.ok_or_else(|| Failure::null("arg"))?;
            SettingValue::parse(setting, text)
                .map(Rule::Value)
                .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))
        }
        AOTCOMPAT_RULE_NEEDS_PROBE => {
            let feature = arg.ok_or_else(|| Failure::null("arg"))?;
            Ok(Rule::NeedsProbe(feature.to_string()))
        }
        other => Err(Failure::invalid(format!(
            "parameter `rule` is {other}, which is not an aotcompat_rule"
        ))),
    }
}

/// Refuses rules for a builder whose profile judges by its own tables.
fn ensure_rules_apply(b: &aotcompat_engine_builder) -> FfiResult {
    let profile = b.builder.profile();
    if profile.rules_by_engine() {
        return Ok(());
    }
    Err(Failure::new(
        AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
        format!(
            "profile `{}` judges artifacts by wasmtime's own rules; rules can be \
                 registered only on a builder of the generic profile",
            profile.name
        ),
    ))
}

/// Registers how the setting `name` of kind `setting` is judged by engines
/// built from `builder`, replacing an earlier rule for it. Only for the
/// generic profile: a builder of a wasmtime profile gives
/// ::AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE and is left unchanged.
///
/// `arg` depends on `rule`:
///
/// - ::AOTCOMPAT_RULE_VALUE: the required value as text. `true` and
///   `false` are on/off values in every kind (for a feature, enabled or
///   disabled; a feature accepts nothing else). For a flag, decimal digits
///   are a number from 0 to 255 (`Num`) and other text is a named choice
///   (`Enum`). For a tunable, decimal digits are a 64-bit number, `none` is
///   "no value", and other text is a string. For flags and tunables, text
///   in double quotes is always a named choice or a string, without the
///   quotes (`"\"true\""`, `"\"12\""`).
/// - ::AOTCOMPAT_RULE_NEEDS_PROBE: the host feature to ask the probe about,
///   such as "neon" (not empty).
/// - the other rules: NULL.
///
/// A missing `arg` gives ::AOTCOMPAT_STATUS_NULL_ARGUMENT; an `arg` for a
/// rule that takes none, a value that does not parse, an empty probe
/// feature, or an unknown `setting` or `rule` give
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT. Does not take ownership of `name`
/// or `arg`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_rule(
    builder: *mut aotcompat_engine_builder,
    setting: aotcompat_setting,
    name: *const c_char,
    rule: aotcompat_rule,
    arg: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        let arg = arg_opt_str!(arg);
        ensure_rules_apply(b)?;
        let setting = setting_from_c(setting)?;
        let rule = rule_from_c(setting, rule, arg)?;
        b.builder
            .rule(setting, name, rule)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        Ok(())
    })
}

/// Sets the rule for the names of kind `setting` that have no registered
/// rule: ::AOTCOMPAT_RULE_EQUAL, ::AOTCOMPAT_RULE_IGNORE or
/// ::AOTCOMPAT_RULE_SUBSET (the others take an argument that belongs to
/// one name, and give ::AOTCOMPAT_STATUS_INVALID_ARGUMENT, as do unknown
/// values). The defaults are EQUAL for flags and tunables and SUBSET for
/// features. Only for the generic profile, as
/// aotcompat_engine_builder_set_rule().
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_default_rule(
    builder: *mut aotcompat_engine_builder,
    setting: aotcompat_setting,
    rule: aotcompat_rule,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        ensure_rules_apply(b)?;
        let setting = setting_from_c(setting)?;
        let rule = match rule {
            AOTCOMPAT_RULE_EQUAL => Rule::Equal,
            AOTCOMPAT_RULE_IGNORE => Rule::Ignore,
            AOTCOMPAT_RULE_SUBSET => Rule::Subset,
            other => {
                return Err(Failure::invalid(format!(
                    "parameter `rule` is {other}; a default rule must be \
                     AOTCOMPAT_RULE_EQUAL, _IGNORE or _SUBSET"
                )))
            }
        };
        b.builder
            .default_rule(setting, rule)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        Ok(())
    })
}
