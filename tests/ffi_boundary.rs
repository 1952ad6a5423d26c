//! The C surface called from Rust through its symbols, as a C program would
//! (no access to the crate's private `ffi` module): the panic boundary,
//! NULL and UTF-8 checks, outputs left alone on failure, and a callback
//! probe's finalizer running exactly once.

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
const UNKNOWN_PROFILE: Status = 103;
const PANIC: Status = 900;
const KIND_MODULE: u32 = 1;

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

#[test]
fn a_panic_becomes_a_status_and_an_error() {
    let mut err = ptr::null_mut();
    // SAFETY: valid out pointer.
    let status = unsafe { aotcompat_test_force_panic(&mut err) };
    assert_eq!(status, PANIC);
    let (code, message) = take_error(&mut err);
    assert_eq!(code, PANIC);
    assert!(message.contains("forced panic"), "{message}");
    // SAFETY: NULL err is allowed.
    assert_eq!(
        unsafe { aotcompat_test_force_panic(ptr::null_mut()) },
        PANIC
    );
    // The library keeps working.
    let mut engine = ptr::null_mut();
    // SAFETY: valid out pointers.
    assert_eq!(
        unsafe { aotcompat_engine_new_native(ptr::null(), &mut engine, ptr::null_mut()) },
        OK
    );
    unsafe { aotcompat_engine_free(engine) };
}

#[test]
fn status_texts_are_static_and_distinct() {
    let codes = [
        0, 1, 100, 101, 102, 103, 104, 105, 200, 201, 300, 301, 302, 303, 900,
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

    let status = unsafe { aotcompat_engine_new_native(ptr::null(), ptr::null_mut(), &mut err) };
    assert_eq!(status, NULL_ARGUMENT);
    assert!(take_error(&mut err).1.contains("`out`"));
    assert_eq!(engine, sentinel());

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
            aotcompat_engine_new_native(ptr::null(), &mut engine, &mut err),
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
        let message = text(aotcompat_report_message(report));
        assert_eq!(take_error(&mut err), (INCOMPATIBLE, message));
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
            aotcompat_engine_builder_new(ptr::null(), &mut builder, &mut err),
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
