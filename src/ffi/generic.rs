//! `aotcompat_generic_*`: the generic profile, for runtimes that are not
//! wasmtime. The runtime describes its own engine and registers how each
//! setting is judged; artifacts carry a self-describing `.aotcompat.engine`
//! section.

use super::artifact::{aotcompat_section, extra_sections};
use super::boundary::{Failure, FfiResult};
use super::builder::{aotcompat_flag_set, flag_set_from_c, FlagSet};
use super::bytes::aotcompat_bytes;
use super::check::{kind_of_bytes, kind_of_file, mode_of, verdict};
use super::detect::{aotcompat_kind, io_failure, kind_from_c};
use super::error::aotcompat_error;
use super::handle::{ArcHandle, BoxHandle};
use super::probe::{aotcompat_finalizer, aotcompat_probe_callback, callback_probe, list_probe};
use super::report::aotcompat_report;
use super::status::*;
use crate::generic::{
    self, GenericCategory, GenericEngine, GenericEngineBuilder, GenericRule, GenericValue,
    SettingValue,
};
use crate::host::Probe;
use crate::model::{FlagValue, VersionStrategy};
use std::ffi::{c_char, c_void};
use std::path::Path;

/// Selects one of the four lists of a generic engine description: one of
/// the `AOTCOMPAT_GENERIC_CATEGORY_*` values.
pub type aotcompat_generic_category = u32;

/// Shared (target-independent) compiler flags.
pub const AOTCOMPAT_GENERIC_CATEGORY_SHARED_FLAG: aotcompat_generic_category = 0;
/// ISA (CPU feature) compiler flags.
pub const AOTCOMPAT_GENERIC_CATEGORY_ISA_FLAG: aotcompat_generic_category = 1;
/// Tunables (engine-wide settings with a number, on/off, text or no value).
pub const AOTCOMPAT_GENERIC_CATEGORY_TUNABLE: aotcompat_generic_category = 2;
/// Features (enabled or not).
pub const AOTCOMPAT_GENERIC_CATEGORY_FEATURE: aotcompat_generic_category = 3;

/// How a setting of a generic artifact is judged against the engine that
/// checks it: one of the `AOTCOMPAT_GENERIC_RULE_*` values.
///
/// A flag or tunable may be absent from either side; a feature is enabled
/// or not. Names without a registered rule are judged by the category's
/// default: ::AOTCOMPAT_GENERIC_RULE_EQUAL for flags and tunables,
/// ::AOTCOMPAT_GENERIC_RULE_SUBSET for features (see
/// aotcompat_generic_builder_set_default_rule()).
pub type aotcompat_generic_rule = u32;

/// The artifact's value must equal the engine's; a setting present on one
/// side only is a mismatch. For a feature: enabled in the artifact exactly
/// when enabled in the engine.
pub const AOTCOMPAT_GENERIC_RULE_EQUAL: aotcompat_generic_rule = 0;
/// The artifact's value must be exactly the given one, whatever the
/// engine's is; an artifact without the setting does not meet it.
pub const AOTCOMPAT_GENERIC_RULE_VALUE: aotcompat_generic_rule = 1;
/// The setting is not judged.
pub const AOTCOMPAT_GENERIC_RULE_IGNORE: aotcompat_generic_rule = 2;
/// When the artifact's setting is on (the value `true`, or the feature
/// enabled), the engine's probe must answer yes for the given host feature;
/// no, unknown, or no probe is a mismatch. Other values and an absent
/// setting need nothing; the engine's own value is not compared.
pub const AOTCOMPAT_GENERIC_RULE_NEEDS_PROBE: aotcompat_generic_rule = 3;
/// What the artifact has on must be on in the engine: a feature enabled in
/// the artifact must be enabled in the engine; an on/off flag or tunable
/// that is `true` in the artifact must be `true` in the engine. A value
/// that is not on/off must be equal, as with ::AOTCOMPAT_GENERIC_RULE_EQUAL;
/// an artifact without the setting asks nothing.
pub const AOTCOMPAT_GENERIC_RULE_SUBSET: aotcompat_generic_rule = 4;

fn category_from_c(category: aotcompat_generic_category) -> FfiResult<GenericCategory> {
    match category {
        AOTCOMPAT_GENERIC_CATEGORY_SHARED_FLAG => Ok(GenericCategory::SharedFlag),
        AOTCOMPAT_GENERIC_CATEGORY_ISA_FLAG => Ok(GenericCategory::IsaFlag),
        AOTCOMPAT_GENERIC_CATEGORY_TUNABLE => Ok(GenericCategory::Tunable),
        AOTCOMPAT_GENERIC_CATEGORY_FEATURE => Ok(GenericCategory::Feature),
        other => Err(Failure::invalid(format!(
            "parameter `category` is {other}, which is not an aotcompat_generic_category"
        ))),
    }
}

/// A rule constant and its argument as a rule.
fn rule_from_c(
    category: GenericCategory,
    rule: aotcompat_generic_rule,
    arg: Option<&str>,
) -> FfiResult<GenericRule> {
    let no_arg = |rule: GenericRule| match arg {
        None => Ok(rule),
        Some(_) => Err(Failure::invalid(format!(
            "parameter `arg` must be NULL for the {} rule",
            rule.name()
        ))),
    };
    match rule {
        AOTCOMPAT_GENERIC_RULE_EQUAL => no_arg(GenericRule::Equal),
        AOTCOMPAT_GENERIC_RULE_IGNORE => no_arg(GenericRule::Ignore),
        AOTCOMPAT_GENERIC_RULE_SUBSET => no_arg(GenericRule::Subset),
        AOTCOMPAT_GENERIC_RULE_VALUE => {
            let text = arg.ok_or_else(|| Failure::null("arg"))?;
            SettingValue::parse(category, text)
                .map(GenericRule::Value)
                .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))
        }
        AOTCOMPAT_GENERIC_RULE_NEEDS_PROBE => {
            let feature = arg.ok_or_else(|| Failure::null("arg"))?;
            Ok(GenericRule::NeedsProbe(feature.to_string()))
        }
        other => Err(Failure::invalid(format!(
            "parameter `rule` is {other}, which is not an aotcompat_generic_rule"
        ))),
    }
}

/// Describes a generic engine step by step: its target, version, flags,
/// tunables, features, rules and probe; then
/// aotcompat_generic_builder_build() (as often as needed; the builder stays
/// usable).
///
/// Not safe for concurrent use: a builder must be used by one thread at a
/// time (functions take it as non-`const`, except _build). It is uniquely
/// owned: free it with aotcompat_generic_builder_free(). Engines built from
/// it do not depend on it.
pub struct aotcompat_generic_builder {
    builder: GenericEngineBuilder,
}

impl BoxHandle for aotcompat_generic_builder {}

/// A generic engine: the engine of a runtime that is not wasmtime, as the
/// runtime described it, with the rules it judges artifacts by and its
/// host-feature probe.
///
/// Immutable once created and safe to share: any number of threads may use
/// one engine at once (all functions take it as `const`). It is
/// reference-counted: aotcompat_generic_engine_clone() adds an owner and
/// every owner calls aotcompat_generic_engine_free() once.
pub struct aotcompat_generic_engine {
    engine: GenericEngine,
}

impl ArcHandle for aotcompat_generic_engine {}

/// Starts a generic engine description for `target`, a target triple such
/// as "aarch64-unknown-linux-gnu" (validated by
/// aotcompat_generic_builder_build(); artifacts are ELF files for that
/// machine).
///
/// The builder starts with no flags, tunables or features, no version
/// check, the default rules, and no probe (so a
/// ::AOTCOMPAT_GENERIC_RULE_NEEDS_PROBE rule fails until a probe is set).
/// On success `*out` receives a new builder that the caller owns; free it
/// with aotcompat_generic_builder_free(). Does not take ownership of
/// `target`; safe to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_new(
    target: *const c_char,
    out: *mut *mut aotcompat_generic_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let target = arg_str!(target);
        let out = arg_out!(out);
        out.set(
            aotcompat_generic_builder {
                builder: GenericEngineBuilder::new(target),
            }
            .into_raw(),
        );
        Ok(())
    })
}

/// Frees a builder. Engines built from it stay valid. Calling with NULL is
/// fine. Must not be called twice for the same builder.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_generic_builder_free(builder: *mut aotcompat_generic_builder) {
    // SAFETY: the caller passes NULL or a builder it owns, once.
    ffi_or!((), {
        unsafe { aotcompat_generic_builder::free_raw(builder) }
    })
}

/// Sets the version string the engine writes into its artifacts and
/// requires of the artifacts it checks (at most 255 bytes, else
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT), such as "toyvm 2.3". NULL means no
/// version: artifacts carry an empty string and the version is not checked
/// (the default). Does not take ownership of `version`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_version(
    builder: *mut aotcompat_generic_builder,
    version: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let strategy = match arg_opt_str!(version) {
            None => VersionStrategy::None,
            Some(v) => VersionStrategy::Custom(v.to_string()),
        };
        b.builder
            .version_strategy(strategy)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        Ok(())
    })
}

fn set_flag(
    b: &mut aotcompat_generic_builder,
    set: aotcompat_flag_set,
    name: &str,
    value: FlagValue,
) -> FfiResult {
    match flag_set_from_c(set)? {
        FlagSet::Shared => b.builder.shared_flag(name, value),
        FlagSet::Isa => b.builder.isa_flag(name, value),
    };
    Ok(())
}

/// Sets (or adds) the on/off compiler flag `name` in flag list `set`
/// (::AOTCOMPAT_FLAG_SET_SHARED or ::AOTCOMPAT_FLAG_SET_ISA; other values
/// give ::AOTCOMPAT_STATUS_INVALID_ARGUMENT). Any name is accepted; a flag
/// keeps its first position in the list. Does not take ownership of
/// `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_flag_bool(
    builder: *mut aotcompat_generic_builder,
    set: aotcompat_flag_set,
    name: *const c_char,
    value: bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        set_flag(b, set, name, FlagValue::Bool(value))
    })
}

/// As aotcompat_generic_builder_set_flag_bool(), for a numeric flag
/// (`Num(value)`).
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_flag_num(
    builder: *mut aotcompat_generic_builder,
    set: aotcompat_flag_set,
    name: *const c_char,
    value: u8,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        set_flag(b, set, name, FlagValue::Num(value))
    })
}

/// As aotcompat_generic_builder_set_flag_bool(), for a named choice
/// (`Enum(value)`). Does not take ownership of `name` or `value`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_flag_enum(
    builder: *mut aotcompat_generic_builder,
    set: aotcompat_flag_set,
    name: *const c_char,
    value: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        let value = arg_str!(value);
        set_flag(b, set, name, FlagValue::Enum(value.to_owned()))
    })
}

/// Sets (or adds) the numeric tunable `name`. Any name is accepted; a
/// tunable keeps its first position in the list, and a new value replaces
/// the old one whatever its type. Does not take ownership of `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_tunable_u64(
    builder: *mut aotcompat_generic_builder,
    name: *const c_char,
    value: u64,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        b.builder.tunable(name, GenericValue::U64(value));
        Ok(())
    })
}

/// As aotcompat_generic_builder_set_tunable_u64(), for an on/off value.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_tunable_bool(
    builder: *mut aotcompat_generic_builder,
    name: *const c_char,
    value: bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        b.builder.tunable(name, GenericValue::Bool(value));
        Ok(())
    })
}

/// As aotcompat_generic_builder_set_tunable_u64(), for a text value. Does
/// not take ownership of `name` or `value`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_tunable_str(
    builder: *mut aotcompat_generic_builder,
    name: *const c_char,
    value: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        let value = arg_str!(value);
        b.builder.tunable(name, GenericValue::Str(value.to_owned()));
        Ok(())
    })
}

/// As aotcompat_generic_builder_set_tunable_u64(), for a tunable that is
/// set to "no value" (shown as `none`), which is not the same as not having
/// the tunable at all.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_tunable_none(
    builder: *mut aotcompat_generic_builder,
    name: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        b.builder.tunable(name, GenericValue::None);
        Ok(())
    })
}

/// Enables the feature `name` (any name; enabling twice is fine). Does not
/// take ownership of `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_enable_feature(
    builder: *mut aotcompat_generic_builder,
    name: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        b.builder.feature(name, true);
        Ok(())
    })
}

/// Registers how the setting `name` of `category` is judged, replacing an
/// earlier rule for it.
///
/// `arg` depends on `rule`:
///
/// - ::AOTCOMPAT_GENERIC_RULE_VALUE: the required value as text.
///   `true` and `false` are on/off values in every category (for a feature,
///   enabled or disabled; a feature accepts nothing else). For a flag,
///   decimal digits are a number from 0 to 255 (`Num`) and other text is a
///   named choice (`Enum`). For a tunable, decimal digits are a 64-bit
///   number, `none` is "no value", and other text is a string. For flags
///   and tunables, text in double quotes is always a named choice or a
///   string, without the quotes (`"\"true\""`, `"\"12\""`).
/// - ::AOTCOMPAT_GENERIC_RULE_NEEDS_PROBE: the host feature to ask the probe
///   about, such as "neon" (not empty).
/// - the other rules: NULL.
///
/// A missing `arg` gives ::AOTCOMPAT_STATUS_NULL_ARGUMENT; an `arg` for a
/// rule that takes none, a value that does not parse, an empty probe
/// feature, or an unknown `category` or `rule` give
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT. Does not take ownership of `name`
/// or `arg`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_rule(
    builder: *mut aotcompat_generic_builder,
    category: aotcompat_generic_category,
    name: *const c_char,
    rule: aotcompat_generic_rule,
    arg: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        let arg = arg_opt_str!(arg);
        let category = category_from_c(category)?;
        let rule = rule_from_c(category, rule, arg)?;
        b.builder
            .rule(category, name, rule)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        Ok(())
    })
}

/// Sets the rule for the names of `category` that have no registered rule:
/// ::AOTCOMPAT_GENERIC_RULE_EQUAL, ::AOTCOMPAT_GENERIC_RULE_IGNORE or
/// ::AOTCOMPAT_GENERIC_RULE_SUBSET (the others take an argument that
/// belongs to one name, and give ::AOTCOMPAT_STATUS_INVALID_ARGUMENT, as do
/// unknown values). The defaults are EQUAL for flags and tunables and
/// SUBSET for features.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_default_rule(
    builder: *mut aotcompat_generic_builder,
    category: aotcompat_generic_category,
    rule: aotcompat_generic_rule,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let category = category_from_c(category)?;
        let rule = match rule {
            AOTCOMPAT_GENERIC_RULE_EQUAL => GenericRule::Equal,
            AOTCOMPAT_GENERIC_RULE_IGNORE => GenericRule::Ignore,
            AOTCOMPAT_GENERIC_RULE_SUBSET => GenericRule::Subset,
            other => {
                return Err(Failure::invalid(format!(
                    "parameter `rule` is {other}; a default rule must be \
                     AOTCOMPAT_GENERIC_RULE_EQUAL, _IGNORE or _SUBSET"
                )))
            }
        };
        b.builder
            .default_rule(category, rule)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        Ok(())
    })
}

/// Uses no probe (the default): a ::AOTCOMPAT_GENERIC_RULE_NEEDS_PROBE
/// setting that is on is then a mismatch ("no probe to ask").
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_probe_none(
    builder: *mut aotcompat_generic_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        arg_mut!(builder).builder.probe(Probe::None);
        Ok(())
    })
}

/// Probes the CPU of the machine running this process, by Rust std's
/// feature names ("avx2", "sse4.1", "lse", ...; other names are unknown).
/// Results are detected once per engine and cached.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_probe_native(
    builder: *mut aotcompat_generic_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        arg_mut!(builder).builder.probe(Probe::native());
        Ok(())
    })
}

/// Describes a machine by a fixed list of features, with the syntax of
/// aotcompat_engine_builder_set_probe_list(): listed names exist, every
/// other name is absent, `?name` is unknown and `?*` makes every unlisted
/// name unknown. A bare `?` gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT. The
/// list is copied.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_probe_list(
    builder: *mut aotcompat_generic_builder,
    list: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let list = arg_str!(list);
        b.builder.probe(list_probe(list)?);
        Ok(())
    })
}

/// Uses the embedder's own probe function (see ::aotcompat_probe_callback),
/// exactly as aotcompat_engine_builder_set_probe_callback() does: it takes
/// ownership of `user_data` even if an error is returned, and
/// `finalizer(user_data)` (unless NULL) runs exactly once, when the last
/// builder or generic engine holding the callback is freed, or at once if
/// this call fails. `callback` must not be NULL.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_set_probe_callback(
    builder: *mut aotcompat_generic_builder,
    callback: aotcompat_probe_callback,
    user_data: *mut c_void,
    finalizer: aotcompat_finalizer,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        // From here on, dropping `probe` (on any error) runs the finalizer.
        let probe = callback_probe(callback, user_data, finalizer)?;
        arg_mut!(builder).builder.probe(probe);
        Ok(())
    })
}

/// Creates a generic engine from the builder's current description. The
/// target must be a triple the library knows (else
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT).
///
/// The builder is not changed and may be built again. On success `*out`
/// receives a new engine that the caller owns; free it with
/// aotcompat_generic_engine_free(). The engine shares the builder's probe
/// (and keeps a callback probe's user data alive).
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_builder_build(
    builder: *const aotcompat_generic_builder,
    out: *mut *mut aotcompat_generic_engine,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_ref!(builder);
        let out = arg_out!(out);
        let engine = b
            .builder
            .build()
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        out.set(aotcompat_generic_engine { engine }.into_raw());
        Ok(())
    })
}

/// Adds an owner to `engine` and returns it (the same pointer). Each owner
/// frees it once with aotcompat_generic_engine_free(). NULL gives NULL.
/// Safe to call from any thread.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_generic_engine_clone(
    engine: *const aotcompat_generic_engine,
) -> *mut aotcompat_generic_engine {
    // SAFETY: the caller passes NULL or an engine it owns.
    ffi_or!(std::ptr::null_mut(), {
        unsafe { aotcompat_generic_engine::clone_raw(engine) }
    })
}

/// Releases one owner of `engine`; the last release frees it, which also
/// runs the finalizer of a callback probe it holds. Calling with NULL is
/// fine. Must be called once per owner; the handle must not be used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_generic_engine_free(engine: *mut aotcompat_generic_engine) {
    // SAFETY: the caller passes NULL or an engine it owns, once.
    ffi_or!((), {
        unsafe { aotcompat_generic_engine::free_raw(engine) }
    })
}

/// Checks whether the generic engine `engine` can load the generic artifact
/// in `bytes`: the ELF container and marks, the `.aotcompat.engine` section,
/// the version (when the engine has one), the payload, the target's
/// architecture and operating system, then every shared flag, ISA flag,
/// tunable and feature by the engine's rules.
///
/// `bytes`/`len`: the artifact, only read during the call. `kind`:
/// ::AOTCOMPAT_KIND_MODULE or ::AOTCOMPAT_KIND_COMPONENT, the kind the
/// runtime will load it as; ::AOTCOMPAT_KIND_NONE means the kind the
/// artifact says it is, or module when it says neither; other values give
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT. `all`: false stops at the first
/// mismatch; true goes on through the settings and lists every mismatch
/// (the first is the same either way). Settings are reported in the
/// artifact's order, then the engine's settings the artifact lacks.
///
/// Returns ::AOTCOMPAT_STATUS_OK when compatible and
/// ::AOTCOMPAT_STATUS_INCOMPATIBLE when not; in both cases `*report_out`
/// receives a new report that the caller owns (free it with
/// aotcompat_report_free()), and with INCOMPATIBLE `*err` (if not NULL)
/// also receives an error carrying the first message. Other statuses are
/// failures of the call, with no report. Does not take ownership of any
/// argument; safe to call from several threads at once on one engine.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_check(
    engine: *const aotcompat_generic_engine,
    bytes: *const u8,
    len: usize,
    kind: aotcompat_kind,
    all: bool,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let data = arg_slice!(bytes, len);
        let out = arg_out!(report_out);
        let kind = kind_of_bytes(kind, data)?;
        verdict(
            generic::check(&engine.engine, data, kind, mode_of(all)),
            out,
        )
    })
}

/// aotcompat_generic_check() for a file. Only the ELF header, section table
/// and engine section are read, and the file is never mapped.
///
/// `path`: NUL-terminated UTF-8. A file that cannot be opened gives
/// ::AOTCOMPAT_STATUS_IO and no report; whatever is wrong inside a readable
/// file is part of the report. Otherwise as aotcompat_generic_check().
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_check_file(
    engine: *const aotcompat_generic_engine,
    path: *const c_char,
    kind: aotcompat_kind,
    all: bool,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let path = Path::new(arg_str!(path));
        let out = arg_out!(report_out);
        let kind = kind_of_file(kind, path)?;
        let report = generic::check_file(&engine.engine, path, kind, mode_of(all))
            .map_err(|e| io_failure(path, &e))?;
        verdict(report, out)
    })
}

/// Writes a generic artifact of `kind` stamped with `engine`: an ELF64 file
/// for the engine's target, with the same marks as a wasmtime artifact (so
/// aotcompat_detect() tells its kind), whose `.aotcompat.engine` section
/// carries the engine's version string and its self-describing metadata,
/// plus the `count` sections of `sections` in order.
///
/// `kind`: ::AOTCOMPAT_KIND_MODULE or ::AOTCOMPAT_KIND_COMPONENT (anything
/// else gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT). `sections`: an array of
/// `count` descriptions (NULL is fine when `count` is 0), read only during
/// the call. A section named ".aotcompat.engine", an alignment that is not
/// a power of two or a target the library cannot write give
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT. On success `*out` receives a new
/// buffer that the caller owns; free it with aotcompat_bytes_free(). Does
/// not take ownership of any argument; safe to call from several threads at
/// once on one engine.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_generic_artifact_write(
    engine: *const aotcompat_generic_engine,
    kind: aotcompat_kind,
    sections: *const aotcompat_section,
    count: usize,
    out: *mut *mut aotcompat_bytes,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let sections = arg_slice!(sections, count);
        let out = arg_out!(out);
        let Some(kind) = kind_from_c(kind, "kind")? else {
            return Err(Failure::invalid(
                "parameter `kind` must be AOTCOMPAT_KIND_MODULE or AOTCOMPAT_KIND_COMPONENT",
            ));
        };
        // SAFETY: aotcompat_section documents its pointers' validity.
        let extra = unsafe { extra_sections(sections) }?;
        let data = generic::write_artifact(&engine.engine, kind, &extra)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        out.set(aotcompat_bytes { data }.into_raw());
        Ok(())
    })
}
