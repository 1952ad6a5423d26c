//! The C surface called from Rust through its symbols, as a C program would
//! (no access to the crate's private `ffi` module): the panic boundary,
//! NULL and UTF-8 checks, outputs left alone on failure, a callback
//! probe's finalizer running exactly once, and one engine handle and one
//! builder serving every built-in profile.

use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

// Link the library so the `aotcompat_*` symbols below resolve.
extern crate aotcompat;

type Status = u32;
const OK: Status = 0;
const INCOMPATIBLE: Status = 1;
const NULL_ARGUMENT: Status = 100;
const INVALID_UTF8: Status = 101;
const INVALID_ARGUMENT: Status = 102;
const UNKNOWN_PROFILE: Status = 103;
const UNKNOWN_NAME: Status = 104;
const TYPE_MISMATCH: Status = 105;
const UNSUPPORTED_BY_PROFILE: Status = 106;
const PANIC: Status = 900;
const KIND_NONE: u32 = 0;
const KIND_MODULE: u32 = 1;
const SETTING_TUNABLE: u32 = 2;
const RULE_VALUE: u32 = 1;
const RULE_IGNORE: u32 = 2;

/// The profile of the engines these tests make, unless they say otherwise.
const PROFILE: &CStr = c"wasmtime-31";

#[repr(C)]
struct Opaque {
    _private: [u8; 0],
}

type Callback = unsafe extern "C" fn(*mut c_void, *const c_char) -> i32;
type Finalizer = unsafe extern "C" fn(*mut c_void);

extern "C" {
    fn aotcompat_status_str(code: Status) -> *const c_char;
    fn aotcompat_error_message(err: *const Opaque) -> *const c_char;
    fn aotcompat_error_status(err: *const Opaque) -> Status;
    fn aotcompat_error_free(err: *mut Opaque);
    fn aotcompat_test_force_panic(err: *mut *mut Opaque) -> Status;
    fn aotcompat_engine_new_native(
        profile: *const c_char,
        out: *mut *mut Opaque,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_free(engine: *mut Opaque);
    fn aotcompat_engine_profile(engine: *const Opaque) -> *const c_char;
    fn aotcompat_profile_count() -> usize;
    fn aotcompat_profile_name(index: usize) -> *const c_char;
    fn aotcompat_profile_about(index: usize) -> *const c_char;
    fn aotcompat_detect(
        profile: *const c_char,
        bytes: *const u8,
        len: usize,
        kind_out: *mut u32,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_builder_set_tunable_json(
        builder: *mut Opaque,
        name: *const c_char,
        json: *const c_char,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_builder_set_tunable_u64(
        builder: *mut Opaque,
        name: *const c_char,
        value: u64,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_builder_set_rule(
        builder: *mut Opaque,
        setting: u32,
        name: *const c_char,
        rule: u32,
        arg: *const c_char,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_builder_new(
        profile: *const c_char,
        out: *mut *mut Opaque,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_builder_set_probe_callback(
        builder: *mut Opaque,
        callback: Option<Callback>,
        user_data: *mut c_void,
        finalizer: Option<Finalizer>,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_builder_build(
        builder: *const Opaque,
        out: *mut *mut Opaque,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_engine_builder_free(builder: *mut Opaque);
    fn aotcompat_engine_detect_feature(
        engine: *const Opaque,
        feature: *const c_char,
        answer_out: *mut i32,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_artifact_write(
        engine: *const Opaque,
        kind: u32,
        sections: *const c_void,
        count: usize,
        out: *mut *mut Opaque,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_bytes_data(bytes: *const Opaque) -> *const u8;
    fn aotcompat_bytes_len(bytes: *const Opaque) -> usize;
    fn aotcompat_bytes_free(bytes: *mut Opaque);
    fn aotcompat_check(
        engine: *const Opaque,
        bytes: *const u8,
        len: usize,
        kind: u32,
        report_out: *mut *mut Opaque,
        err: *mut *mut Opaque,
    ) -> Status;
    fn aotcompat_report_is_compatible(report: *const Opaque) -> bool;
    fn aotcompat_report_message(report: *const Opaque) -> *const c_char;
    fn aotcompat_report_free(report: *mut Opaque);
}

fn text(p: *const c_char) -> String {
    assert!(!p.is_null());
    // SAFETY: the library returns NUL-terminated strings.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

/// Takes the error out of `err`, returning (status, message).
fn take_error(err: &mut *mut Opaque) -> (Status, String) {
    assert!(!err.is_null(), "no error object was written");
    // SAFETY: a live error from the library, freed once here.
    let result = unsafe {
        (
            aotcompat_error_status(*err),
            text(aotcompat_error_message(*err)),
        )
    };
    unsafe { aotcompat_error_free(*err) };
    *err = ptr::null_mut();
    result
}

fn sentinel() -> *mut Opaque {
    ptr::dangling_mut()
}

/// Run by [`a_caught_panic_prints_nothing`] in a child process.
#[test]
fn panic_child() {
    if std::env::var_os("AOTCOMPAT_PANIC_CHILD").is_none() {
        return;
    }
    for _ in 0..3 {
        // SAFETY: NULL err is allowed.
        assert_eq!(
            unsafe { aotcompat_test_force_panic(ptr::null_mut()) },
            PANIC
        );
    }
    // A panic outside the library still reaches the previous hook.
    let outside = std::panic::catch_unwind(|| panic!("outside the library"));
    assert!(outside.is_err());
}

#[test]
fn a_caught_panic_prints_nothing() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "panic_child", "--nocapture", "--test-threads=1"])
        .env("AOTCOMPAT_PANIC_CHILD", "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Only the panic outside the library is printed, by the default hook.
    assert!(!stderr.contains("forced panic"), "{stderr}");
    assert!(stderr.contains("outside the library"), "{stderr}");
}

#[test]
fn a_panic_becomes_a_status_and_an_error() {
    let mut err = ptr::null_mut();
    // SAFETY: valid out pointer.
    let status = unsafe { aotcompat_test_force_panic(&mut err) };
    assert_eq!(status, PANIC);
    let (code, message) = take_error(&mut err);
    assert_eq!(code, PANIC);
    assert!(message.contains("forced panic"), "{message}");
    assert!(message.contains("src/ffi/testing.rs:"), "{message}");
    // SAFETY: NULL err is allowed.
    assert_eq!(
        unsafe { aotcompat_test_force_panic(ptr::null_mut()) },
        PANIC
    );
    // The library keeps working.
    let mut engine = ptr::null_mut();
    // SAFETY: valid out pointers.
    assert_eq!(
        unsafe { aotcompat_engine_new_native(PROFILE.as_ptr(), &mut engine, ptr::null_mut()) },
        OK
    );
    unsafe { aotcompat_engine_free(engine) };
}

#[test]
fn status_texts_are_static_and_distinct() {
    let codes = [
        0, 1, 100, 101, 102, 103, 104, 105, 106, 200, 201, 202, 203, 300, 301, 302, 303, 900,
    ];
    let texts: std::collections::BTreeSet<String> = codes
        .iter()
        .map(|&c| text(unsafe { aotcompat_status_str(c) }))
        .collect();
    assert_eq!(texts.len(), codes.len());
    assert_eq!(
        text(unsafe { aotcompat_status_str(7777) }),
        "unknown status code"
    );
}

#[test]
fn bad_arguments_leave_outputs_alone_and_name_the_parameter() {
    let mut err = ptr::null_mut();
    let mut engine = sentinel();

    let status =
        unsafe { aotcompat_engine_new_native(c"wasmtime-0".as_ptr(), &mut engine, &mut err) };
    assert_eq!(status, UNKNOWN_PROFILE);
    assert_eq!(engine, sentinel());
    assert!(take_error(&mut err).1.contains("wasmtime-0"));

    let bad = b"\xffwasmtime\0";
    let status = unsafe { aotcompat_engine_new_native(bad.as_ptr().cast(), &mut engine, &mut err) };
    assert_eq!(status, INVALID_UTF8);
    assert!(take_error(&mut err).1.contains("`profile`"));

    let status =
        unsafe { aotcompat_engine_new_native(PROFILE.as_ptr(), ptr::null_mut(), &mut err) };
    assert_eq!(status, NULL_ARGUMENT);
    assert!(take_error(&mut err).1.contains("`out`"));
    assert_eq!(engine, sentinel());

    // An engine made from scratch names its profile.
    let status = unsafe { aotcompat_engine_new_native(ptr::null(), &mut engine, &mut err) };
    assert_eq!(status, NULL_ARGUMENT);
    assert!(take_error(&mut err).1.contains("`profile`"));
    assert_eq!(engine, sentinel());

    let mut kind = 99;
    let status =
        unsafe { aotcompat_detect(c"wasmtime-0".as_ptr(), ptr::null(), 0, &mut kind, &mut err) };
    assert_eq!(status, UNKNOWN_PROFILE);
    assert_eq!(kind, 99);
    let (_, message) = take_error(&mut err);
    assert!(message.contains("generic"), "{message}");

    let mut report = sentinel();
    let status = unsafe {
        aotcompat_check(
            ptr::null(),
            ptr::null(),
            0,
            KIND_MODULE,
            &mut report,
            &mut err,
        )
    };
    assert_eq!(status, NULL_ARGUMENT);
    assert!(take_error(&mut err).1.contains("`engine`"));
    assert_eq!(report, sentinel());
}

#[test]
fn check_round_trip_through_the_c_surface() {
    let mut err = ptr::null_mut();
    let mut engine = ptr::null_mut();
    let mut bytes = ptr::null_mut();
    let mut report = ptr::null_mut();
    unsafe {
        assert_eq!(
            aotcompat_engine_new_native(PROFILE.as_ptr(), &mut engine, &mut err),
            OK
        );
        assert_eq!(
            aotcompat_artifact_write(engine, KIND_MODULE, ptr::null(), 0, &mut bytes, &mut err),
            OK
        );
        let (data, len) = (aotcompat_bytes_data(bytes), aotcompat_bytes_len(bytes));
        assert_eq!(
            aotcompat_check(engine, data, len, KIND_MODULE, &mut report, &mut err),
            OK
        );
        assert!(err.is_null());
        assert!(aotcompat_report_is_compatible(report));
        assert!(aotcompat_report_message(report).is_null());
        aotcompat_report_free(report);

        // Truncated: a verdict, not a failure.
        assert_eq!(
            aotcompat_check(engine, data, 16, KIND_MODULE, &mut report, &mut err),
            INCOMPATIBLE
        );
        assert!(!aotcompat_report_is_compatible(report));
        assert!(!aotcompat_report_message(report).is_null());
        // The verdict hands out no error object: nothing to leak.
        assert!(err.is_null());
        aotcompat_report_free(report);
        aotcompat_bytes_free(bytes);
        aotcompat_engine_free(engine);
    }
}

static FINALIZED: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn answer(user_data: *mut c_void, feature: *const c_char) -> i32 {
    CALLS.fetch_add(1, Ordering::SeqCst);
    assert_eq!(user_data as usize, 0x5eed);
    // SAFETY: the library passes a NUL-terminated name.
    if unsafe { CStr::from_ptr(feature) } == c"avx2" {
        1
    } else {
        0
    }
}

unsafe extern "C" fn finalize(user_data: *mut c_void) {
    assert_eq!(user_data as usize, 0x5eed);
    FINALIZED.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn callback_probe_finalizer_runs_once_after_the_last_holder() {
    let mut err = ptr::null_mut();
    let mut builder = ptr::null_mut();
    let (mut e1, mut e2) = (ptr::null_mut(), ptr::null_mut());
    let user_data = 0x5eed as *mut c_void;
    unsafe {
        assert_eq!(
            aotcompat_engine_builder_new(PROFILE.as_ptr(), &mut builder, &mut err),
            OK
        );
        let status = aotcompat_engine_builder_set_probe_callback(
            builder,
            Some(answer),
            user_data,
            Some(finalize),
            &mut err,
        );
        assert_eq!(status, OK);
        assert_eq!(
            aotcompat_engine_builder_build(builder, &mut e1, &mut err),
            OK
        );
        assert_eq!(
            aotcompat_engine_builder_build(builder, &mut e2, &mut err),
            OK
        );
        let mut yes = -9;
        assert_eq!(
            aotcompat_engine_detect_feature(e1, c"avx2".as_ptr(), &mut yes, &mut err),
            OK
        );
        let mut no = -9;
        assert_eq!(
            aotcompat_engine_detect_feature(e2, c"sse3".as_ptr(), &mut no, &mut err),
            OK
        );
        assert_eq!((yes, no, CALLS.load(Ordering::SeqCst)), (1, 0, 2));

        aotcompat_engine_builder_free(builder);
        aotcompat_engine_free(e1);
        assert_eq!(FINALIZED.load(Ordering::SeqCst), 0);
        aotcompat_engine_free(e2);
        assert_eq!(FINALIZED.load(Ordering::SeqCst), 1);
    }
}

/// A builder of `profile`, which must exist.
fn builder(profile: &CStr) -> *mut Opaque {
    let mut b = ptr::null_mut();
    let mut err = ptr::null_mut();
    // SAFETY: valid pointers.
    let status = unsafe { aotcompat_engine_builder_new(profile.as_ptr(), &mut b, &mut err) };
    assert_eq!(status, OK, "{profile:?}");
    b
}

#[test]
fn one_engine_type_serves_every_profile() {
    // SAFETY: the functions take and return what their declarations say;
    // every handle is freed once.
    unsafe {
        let count = aotcompat_profile_count();
        assert!(count >= 2);
        assert!(aotcompat_profile_name(count).is_null());
        assert!(aotcompat_profile_about(count).is_null());
        let names: Vec<String> = (0..count)
            .map(|i| text(aotcompat_profile_name(i)))
            .collect();
        assert!(names.iter().any(|n| n == "wasmtime-31"), "{names:?}");
        assert!(names.iter().any(|n| n == "generic"), "{names:?}");
        for (i, name) in names.iter().enumerate() {
            assert!(!text(aotcompat_profile_about(i)).is_empty());
            let cname = std::ffi::CString::new(name.as_str()).unwrap();
            let (b, mut engine, mut bytes, mut report) = (
                builder(&cname),
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
            );
            let mut err = ptr::null_mut();
            assert_eq!(aotcompat_engine_builder_build(b, &mut engine, &mut err), OK);
            assert_eq!(text(aotcompat_engine_profile(engine)), *name);
            let written =
                aotcompat_artifact_write(engine, KIND_MODULE, ptr::null(), 0, &mut bytes, &mut err);
            if aotcompat::profiles::by_name(name).unwrap().is_legacy() {
                // The pre-3.0 profiles read that format and never write it.
                assert_eq!(written, UNSUPPORTED_BY_PROFILE, "{name}");
                assert!(bytes.is_null());
                let (_, message) = take_error(&mut err);
                assert!(message.contains("pre-3.0 format"), "{message}");
                aotcompat_engine_free(engine);
                aotcompat_engine_builder_free(b);
                continue;
            }
            assert_eq!(written, OK);
            let (data, len) = (aotcompat_bytes_data(bytes), aotcompat_bytes_len(bytes));
            let mut kind = 99;
            assert_eq!(
                aotcompat_detect(cname.as_ptr(), data, len, &mut kind, &mut err),
                OK
            );
            assert_eq!(kind, KIND_MODULE);
            assert_eq!(
                aotcompat_check(engine, data, len, KIND_NONE, &mut report, &mut err),
                OK,
                "{name}"
            );
            assert!(aotcompat_report_is_compatible(report));
            aotcompat_report_free(report);
            aotcompat_bytes_free(bytes);
            aotcompat_engine_free(engine);
            aotcompat_engine_builder_free(b);
        }
    }
}

#[test]
fn rules_and_typed_tunables_follow_the_profile() {
    let mut err = ptr::null_mut();
    // SAFETY: as above.
    unsafe {
        let wasmtime = builder(PROFILE);
        let generic = builder(c"generic");

        // Rules: only an engine of the generic profile takes them.
        let rule = |b, rule, arg: *const c_char, err: &mut *mut Opaque| {
            aotcompat_engine_builder_set_rule(b, SETTING_TUNABLE, c"stack".as_ptr(), rule, arg, err)
        };
        assert_eq!(
            rule(wasmtime, RULE_IGNORE, ptr::null(), &mut err),
            UNSUPPORTED_BY_PROFILE
        );
        let (_, message) = take_error(&mut err);
        assert!(message.contains("`wasmtime-31`"), "{message}");
        assert_eq!(rule(generic, RULE_IGNORE, ptr::null(), &mut err), OK);
        assert_eq!(rule(generic, RULE_VALUE, c"12".as_ptr(), &mut err), OK);
        assert_eq!(
            rule(generic, RULE_VALUE, ptr::null(), &mut err),
            NULL_ARGUMENT
        );
        assert!(take_error(&mut err).1.contains("`arg`"));
        assert_eq!(rule(generic, 77, ptr::null(), &mut err), INVALID_ARGUMENT);
        take_error(&mut err);

        // Tunables: a wasmtime profile's have types; generic ones any name.
        let json = |b, name: &CStr, value: &CStr, err: &mut *mut Opaque| {
            aotcompat_engine_builder_set_tunable_json(b, name.as_ptr(), value.as_ptr(), err)
        };
        assert_eq!(json(wasmtime, c"collector", c"\"Null\"", &mut err), OK);
        assert_eq!(json(wasmtime, c"collector", c"null", &mut err), OK);
        assert_eq!(
            json(wasmtime, c"collector", c"\"Nope\"", &mut err),
            UNKNOWN_NAME
        );
        take_error(&mut err);
        assert_eq!(
            json(wasmtime, c"consume_fuel", c"1", &mut err),
            TYPE_MISMATCH
        );
        take_error(&mut err);
        assert_eq!(json(wasmtime, c"stack", c"1", &mut err), UNKNOWN_NAME);
        take_error(&mut err);
        assert_eq!(json(generic, c"stack", c"1", &mut err), OK);
        assert_eq!(json(generic, c"stack", c"{}", &mut err), TYPE_MISMATCH);
        take_error(&mut err);
        assert_eq!(json(generic, c"stack", c"{", &mut err), INVALID_ARGUMENT);
        take_error(&mut err);
        let bad = b"st\xffck\0";
        assert_eq!(
            aotcompat_engine_builder_set_tunable_u64(generic, bad.as_ptr().cast(), 1, &mut err),
            INVALID_UTF8
        );
        assert!(take_error(&mut err).1.contains("`name`"));

        aotcompat_engine_builder_free(wasmtime);
        aotcompat_engine_builder_free(generic);
    }
}
