/*
 * test_api: every status path of the C API, NULL arguments, invalid UTF-8,
 * _free(NULL), outputs left alone on failure, the built-in profiles, typed
 * tunable setters, stamping existing objects, and the panic boundary. The engines here are of profile
 * "wasmtime-31"; generic_demo covers the generic profile.
 *
 * Usage: test_api [SCRATCH_DIR]   (files are written there; default /tmp)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

static char sentinel_storage;
#define SENTINEL ((void *)&sentinel_storage)

static const char *scratch = "/tmp";

/* The profile of every engine in this test. */
#define PROFILE "wasmtime-31"

static aotcompat_engine *native_engine(void) {
    aotcompat_engine *e = NULL;
    aotcompat_error *err = NULL;
    must(aotcompat_engine_new_native(PROFILE, &e, &err), err, "engine_new_native");
    return e;
}

static aotcompat_engine *build(aotcompat_engine_builder *b) {
    aotcompat_engine *e = NULL;
    aotcompat_error *err = NULL;
    must(aotcompat_engine_builder_build(b, &e, &err), err, "builder_build");
    return e;
}

static aotcompat_bytes *write_artifact(const aotcompat_engine *e, aotcompat_kind kind) {
    aotcompat_bytes *out = NULL;
    aotcompat_error *err = NULL;
    must(aotcompat_artifact_write(e, kind, NULL, 0, &out, &err), err, "artifact_write");
    return out;
}

static void test_version(void) {
    CHECK_STR(aotcompat_version(), AOTCOMPAT_VERSION);
    CHECK(aotcompat_abi_version() == AOTCOMPAT_ABI_VERSION);
    CHECK(AOTCOMPAT_VERSION_NUMBER ==
          ((AOTCOMPAT_VERSION_MAJOR << 16) | (AOTCOMPAT_VERSION_MINOR << 8) | AOTCOMPAT_VERSION_PATCH));
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", AOTCOMPAT_VERSION_MAJOR, AOTCOMPAT_VERSION_MINOR,
             AOTCOMPAT_VERSION_PATCH);
    CHECK(strncmp(AOTCOMPAT_VERSION, text, strlen(text)) == 0);
}

static void test_status_and_error_basics(void) {
    CHECK_STR(aotcompat_status_str(AOTCOMPAT_STATUS_OK), "ok");
    CHECK_STR(aotcompat_status_str(123456), "unknown status code");
    const aotcompat_status all[] = {
        AOTCOMPAT_STATUS_INCOMPATIBLE,       AOTCOMPAT_STATUS_NULL_ARGUMENT,
        AOTCOMPAT_STATUS_INVALID_UTF8,       AOTCOMPAT_STATUS_INVALID_ARGUMENT,
        AOTCOMPAT_STATUS_UNKNOWN_PROFILE,    AOTCOMPAT_STATUS_UNKNOWN_NAME,
        AOTCOMPAT_STATUS_TYPE_MISMATCH,      AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
        AOTCOMPAT_STATUS_IO,
        AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, AOTCOMPAT_STATUS_REGISTRY_OVERLAP,
        AOTCOMPAT_STATUS_REGISTRY_DUPLICATE, AOTCOMPAT_STATUS_REGISTRY_OVERFLOW,
        AOTCOMPAT_STATUS_REGISTRY_NOT_FOUND, AOTCOMPAT_STATUS_PANIC,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *s = aotcompat_status_str(all[i]);
        CHECK(s != NULL && strcmp(s, "unknown status code") != 0 && strlen(s) > 0);
    }
    /* NULL handles in accessors give the documented defaults. */
    CHECK_STR(aotcompat_error_message(NULL), "");
    CHECK(aotcompat_error_status(NULL) == AOTCOMPAT_STATUS_OK);
    CHECK(aotcompat_engine_clone(NULL) == NULL);
    CHECK(aotcompat_engine_target(NULL) == NULL);
    CHECK(aotcompat_engine_profile(NULL) == NULL);
    CHECK(aotcompat_engine_version(NULL) == NULL);
    CHECK(!aotcompat_report_is_compatible(NULL));
    CHECK(aotcompat_report_message(NULL) == NULL);
    CHECK(aotcompat_report_mismatch_count(NULL) == 0);
    CHECK(aotcompat_report_mismatch_field(NULL, 0) == NULL);
    CHECK(aotcompat_bytes_data(NULL) == NULL);
    CHECK(aotcompat_bytes_len(NULL) == 0);
    CHECK(aotcompat_metadata_target(NULL) == NULL);
    CHECK(aotcompat_metadata_kind(NULL) == AOTCOMPAT_KIND_NONE);
    CHECK(aotcompat_metadata_tunable_count(NULL) == 0);
    CHECK(aotcompat_metadata_tunable_json(NULL, 0) == NULL);
    CHECK(aotcompat_metadata_unnamed_feature_bits(NULL) == 0);
    CHECK(aotcompat_profile_name((size_t)-1) == NULL);
    CHECK(aotcompat_profile_about((size_t)-1) == NULL);
    CHECK(!aotcompat_metadata_feature_enabled(NULL, 0));
    size_t len = 77;
    CHECK(aotcompat_metadata_version_bytes(NULL, &len) == NULL && len == 77);
    CHECK(!aotcompat_registry_lookup(NULL, 0, NULL, NULL));
    /* Every _free accepts NULL. */
    aotcompat_error_free(NULL);
    aotcompat_engine_free(NULL);
    aotcompat_engine_builder_free(NULL);
    aotcompat_report_free(NULL);
    aotcompat_bytes_free(NULL);
    aotcompat_metadata_free(NULL);
    aotcompat_registry_free(NULL);
    CHECK(1);
}

/* Whether `name` is one of the pre-3.0 profiles (wasmtime-0.26 to -2),
 * which read that format and never write it. */
static int is_pre_3(const char *name) {
    return strncmp(name, "wasmtime-0.", 11) == 0 || strcmp(name, "wasmtime-1") == 0 ||
           strcmp(name, "wasmtime-2") == 0;
}

/* The built-in profiles: listed, and each usable by name. */
static void test_profiles(void) {
    aotcompat_error *err = NULL;
    size_t count = aotcompat_profile_count();
    CHECK(count >= 2);
    CHECK(aotcompat_profile_name(count) == NULL);
    CHECK(aotcompat_profile_about(count) == NULL);
    int seen_wasmtime31 = 0, seen_generic = 0;
    for (size_t i = 0; i < count; i++) {
        const char *name = aotcompat_profile_name(i);
        const char *about = aotcompat_profile_about(i);
        CHECK(name != NULL && strlen(name) > 0);
        CHECK(about != NULL && strlen(about) > 0);
        CHECK(aotcompat_profile_name(i) == name); /* static: the same pointer every time */
        if (name == NULL) {
            continue;
        }
        seen_wasmtime31 |= strcmp(name, "wasmtime-31") == 0;
        seen_generic |= strcmp(name, "generic") == 0;
        /* Every listed name makes an engine and a builder of that profile,
         * whose artifacts read back as that profile. */
        aotcompat_engine *e = NULL;
        CHECK_STATUS(aotcompat_engine_new_native(name, &e, &err), AOTCOMPAT_STATUS_OK, &err);
        CHECK_STR(aotcompat_engine_profile(e), name);
        aotcompat_engine_builder *b = NULL;
        CHECK_STATUS(aotcompat_engine_builder_new(name, &b, &err), AOTCOMPAT_STATUS_OK, &err);
        aotcompat_engine *built = build(b);
        CHECK_STR(aotcompat_engine_profile(built), name);
        if (is_pre_3(name)) {
            aotcompat_bytes *none = SENTINEL;
            CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, NULL, 0, &none, &err),
                         AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE, &err);
            CHECK(none == SENTINEL);
            CHECK_CONTAINS(aotcompat_error_message(err), "pre-3.0 format");
            clear_error(&err);
            aotcompat_engine_free(built);
            aotcompat_engine_builder_free(b);
            aotcompat_engine_free(e);
            continue;
        }
        aotcompat_bytes *artifact = write_artifact(e, AOTCOMPAT_KIND_MODULE);
        aotcompat_metadata *md = NULL;
        CHECK_STATUS(aotcompat_metadata_read(NULL, aotcompat_bytes_data(artifact), aotcompat_bytes_len(artifact), &md,
                                             &err),
                     AOTCOMPAT_STATUS_OK, &err);
        CHECK_STR(aotcompat_metadata_profile(md), name);
        aotcompat_report *report = NULL;
        CHECK_STATUS(aotcompat_check(e, aotcompat_bytes_data(artifact), aotcompat_bytes_len(artifact),
                                     AOTCOMPAT_KIND_NONE, &report, &err),
                     AOTCOMPAT_STATUS_OK, &err);
        aotcompat_report_free(report);
        aotcompat_metadata_free(md);
        aotcompat_bytes_free(artifact);
        aotcompat_engine_free(built);
        aotcompat_engine_builder_free(b);
        aotcompat_engine_free(e);
    }
    CHECK(seen_wasmtime31 && seen_generic);
}

static void test_engine_creation(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine *e = SENTINEL;

    CHECK_STATUS(aotcompat_engine_new_native("nope-1", &e, &err), AOTCOMPAT_STATUS_UNKNOWN_PROFILE, &err);
    CHECK(e == SENTINEL);
    CHECK(aotcompat_error_status(err) == AOTCOMPAT_STATUS_UNKNOWN_PROFILE);
    CHECK_CONTAINS(aotcompat_error_message(err), "nope-1");
    clear_error(&err);

    CHECK_STATUS(aotcompat_engine_new_native("\xff\xfe", &e, &err), AOTCOMPAT_STATUS_INVALID_UTF8, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`profile`");
    CHECK(e == SENTINEL);
    clear_error(&err);

    CHECK_STATUS(aotcompat_engine_new_native(PROFILE, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`out`");
    clear_error(&err);

    /* An engine made from scratch names its profile. */
    CHECK_STATUS(aotcompat_engine_new_native(NULL, &e, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`profile`");
    CHECK(e == SENTINEL);
    clear_error(&err);

    /* err may be NULL: the status alone still tells. */
    CHECK(aotcompat_engine_new_native(NULL, NULL, NULL) == AOTCOMPAT_STATUS_NULL_ARGUMENT);

    CHECK_STATUS(aotcompat_engine_new_native("wasmtime-31", &e, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(e != SENTINEL && e != NULL && err == NULL);
    CHECK_STR(aotcompat_engine_profile(e), "wasmtime-31");
    CHECK_STR(aotcompat_engine_version(e), "31.0.0");
    CHECK(aotcompat_engine_target(e) != NULL && strlen(aotcompat_engine_target(e)) > 0);

    aotcompat_engine *copy = aotcompat_engine_clone(e);
    CHECK(copy == e);
    aotcompat_engine_free(copy);
    CHECK_STR(aotcompat_engine_profile(e), "wasmtime-31"); /* still alive */

    int32_t answer = 42;
    CHECK_STATUS(aotcompat_engine_detect_feature(e, "no-such-feature", &answer, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(answer == -1);
    CHECK_STATUS(aotcompat_engine_detect_feature(e, NULL, &answer, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    aotcompat_engine_free(e);

    /* From artifacts. */
    static const uint8_t junk[] = "definitely not an ELF file";
    e = SENTINEL;
    CHECK_STATUS(aotcompat_engine_from_artifact(NULL, junk, sizeof junk, &e, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "ELF");
    CHECK(e == SENTINEL);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_from_artifact(NULL, NULL, 10, &e, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`bytes`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_from_artifact(NULL, NULL, 0, &e, &err), AOTCOMPAT_STATUS_MALFORMED_ARTIFACT,
                 &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_from_artifact_file(NULL, "/nonexistent/dir/x.cwasm", &e, &err),
                 AOTCOMPAT_STATUS_IO, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "/nonexistent/dir/x.cwasm");
    CHECK(e == SENTINEL);
    clear_error(&err);
}

static void test_builder_errors(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine_builder *b = SENTINEL;

    CHECK_STATUS(aotcompat_engine_builder_new("nope", &b, &err), AOTCOMPAT_STATUS_UNKNOWN_PROFILE, &err);
    CHECK(b == SENTINEL);
    CHECK_CONTAINS(aotcompat_error_message(err), "wasmtime-31"); /* lists the known profiles */
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_new(NULL, &b, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`profile`");
    CHECK(b == SENTINEL);
    clear_error(&err);
    must(aotcompat_engine_builder_new(PROFILE, &b, &err), err, "builder_new");

    CHECK_STATUS(aotcompat_engine_builder_set_tunable_u64(b, "no_such_tunable", 1, &err),
                 AOTCOMPAT_STATUS_UNKNOWN_NAME, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "no_such_tunable");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_bool(b, "memory_reservation", true, &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_u64(b, "epoch_interruption", 1, &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_u64(b, "memory_guard_size", 65536, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    /* The collector is a tunable of type "none or one of
     * DeferredReferenceCounting, Null": variant names as strings. */
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_str(b, "collector", "bogus", &err),
                 AOTCOMPAT_STATUS_UNKNOWN_NAME, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "bogus");
    CHECK_CONTAINS(aotcompat_error_message(err), "DeferredReferenceCounting, Null");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_str(b, "collector", "Copying", &err),
                 AOTCOMPAT_STATUS_UNKNOWN_NAME, &err); /* a collector of later wasmtimes */
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_str(b, "collector", "Null", &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_none(b, "collector", &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_none(b, "memory_reservation", &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_str(b, "epoch_interruption", "yes", &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_u64(b, "collector", 1, &err), AOTCOMPAT_STATUS_TYPE_MISMATCH,
                 &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_str(b, "no_such_tunable", "Null", &err),
                 AOTCOMPAT_STATUS_UNKNOWN_NAME, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_str(b, "collector", NULL, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`value`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_str(b, "collector", "N\xffull", &err),
                 AOTCOMPAT_STATUS_INVALID_UTF8, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`value`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_none(NULL, "collector", &err), AOTCOMPAT_STATUS_NULL_ARGUMENT,
                 &err);
    clear_error(&err);

    /* Any value of a tunable's type, as JSON. */
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "memory_guard_size", "131072", &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "collector", "\"DeferredReferenceCounting\"", &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "consume_fuel", " true ", &err), AOTCOMPAT_STATUS_OK,
                 &err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "memory_guard_size", "{not json", &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`json`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "memory_guard_size", "[1]", &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "memory_guard_size");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "memory_guard_size", "-1", &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "collector", "\"Copying\"", &err),
                 AOTCOMPAT_STATUS_UNKNOWN_NAME, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "no_such_tunable", "1", &err),
                 AOTCOMPAT_STATUS_UNKNOWN_NAME, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "collector", NULL, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`json`");
    clear_error(&err);
    {
        /* The settings above took effect (failed calls changed nothing). */
        aotcompat_engine *set = build(b);
        aotcompat_metadata *md = NULL;
        must(aotcompat_engine_describe(set, &md, &err), err, "describe");
        const char *text = NULL;
        CHECK_STATUS(aotcompat_metadata_tunable(md, "collector", &text, &err), AOTCOMPAT_STATUS_OK, &err);
        CHECK_STR(text, "DeferredReferenceCounting");
        uint64_t guard = 0;
        CHECK_STATUS(aotcompat_metadata_tunable_u64(md, "memory_guard_size", &guard, &err), AOTCOMPAT_STATUS_OK,
                     &err);
        CHECK(guard == 131072);
        bool fuel = false;
        CHECK_STATUS(aotcompat_metadata_tunable_bool(md, "consume_fuel", &fuel, &err), AOTCOMPAT_STATUS_OK, &err);
        CHECK(fuel);
        aotcompat_metadata_free(md);
        aotcompat_engine_free(set);
    }
    must(aotcompat_engine_builder_set_tunable_bool(b, "consume_fuel", false, &err), err, "consume_fuel");

    /* Rules belong to the generic profile; wasmtime's are its own. */
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_TUNABLE, "consume_fuel",
                                                   AOTCOMPAT_RULE_IGNORE, NULL, &err),
                 AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "wasmtime-31");
    CHECK_CONTAINS(aotcompat_error_message(err), "generic");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_default_rule(b, AOTCOMPAT_SETTING_FEATURE, AOTCOMPAT_RULE_IGNORE, &err),
                 AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(NULL, AOTCOMPAT_SETTING_TUNABLE, "x", AOTCOMPAT_RULE_IGNORE, NULL,
                                                   &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_feature(b, "bogus", true, &err), AOTCOMPAT_STATUS_UNKNOWN_NAME,
                 &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_feature(b, "\xc3\x28", true, &err), AOTCOMPAT_STATUS_INVALID_UTF8,
                 &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`name`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_flag_bool(b, 7, "has_avx", true, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_flag_num(b, AOTCOMPAT_FLAG_SET_SHARED, NULL, 1, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_flag_enum(b, AOTCOMPAT_FLAG_SET_SHARED, "opt_level", NULL, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`value`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_probe_list(b, "avx2,?", &err), AOTCOMPAT_STATUS_INVALID_ARGUMENT,
                 &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_probe_list(b, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);

    char long_version[300];
    memset(long_version, 'v', sizeof long_version - 1);
    long_version[sizeof long_version - 1] = '\0';
    CHECK_STATUS(aotcompat_engine_builder_set_version_custom(b, long_version, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);

    /* An unparsable target is caught at build time; the builder survives. */
    CHECK_STATUS(aotcompat_engine_builder_set_target(b, "not-a-real-triple-at-all", &err), AOTCOMPAT_STATUS_OK,
                 &err);
    aotcompat_engine *e = SENTINEL;
    CHECK_STATUS(aotcompat_engine_builder_build(b, &e, &err), AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK(e == SENTINEL);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_target(b, "aarch64-unknown-linux-gnu", &err), AOTCOMPAT_STATUS_OK,
                 &err);
    CHECK_STATUS(aotcompat_engine_builder_build(b, &e, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STR(aotcompat_engine_target(e), "aarch64-unknown-linux-gnu");
    aotcompat_engine_free(e);

    /* NULL builders. */
    CHECK_STATUS(aotcompat_engine_builder_set_gc_support(NULL, true, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`builder`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_build(NULL, &e, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_version_none(NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_probe_native(NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    aotcompat_engine_builder_free(b);

    b = SENTINEL;
    static const uint8_t junk[] = {0x7f, 'E', 'L', 'F'};
    CHECK_STATUS(aotcompat_engine_builder_from_artifact(NULL, junk, sizeof junk, &b, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    CHECK(b == SENTINEL);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_from_artifact_file(NULL, "/nonexistent.cwasm", &b, &err),
                 AOTCOMPAT_STATUS_IO, &err);
    clear_error(&err);
}

static void test_detect_and_write(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine *e = native_engine();
    aotcompat_kind kind = 99;

    CHECK_STATUS(aotcompat_detect(NULL, NULL, 0, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_NONE);
    kind = 99;
    CHECK_STATUS(aotcompat_detect(NULL, (const uint8_t *)"hello", 5, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_NONE);
    CHECK_STATUS(aotcompat_detect(NULL, NULL, 5, &kind, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_detect(NULL, (const uint8_t *)"x", 1, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`kind_out`");
    clear_error(&err);

    /* A wasmtime 0.26 trailer (the start of one: the metadata would
     * follow): detection calls it legacy, a 3.0 or later profile none; a
     * modern engine refuses it, and its full report says why. */
    static const uint8_t pre_3[] = "\0wasmtime-aot\x06" "0.26.0" "\x18";
    size_t pre_3_len = sizeof pre_3 - 1;
    CHECK_STATUS(aotcompat_detect(NULL, pre_3, pre_3_len, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_LEGACY);
    CHECK_STATUS(aotcompat_detect("wasmtime-0.26", pre_3, pre_3_len, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_LEGACY);
    CHECK_STATUS(aotcompat_detect(PROFILE, pre_3, pre_3_len, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_NONE);
    aotcompat_report *why = NULL;
    CHECK_STATUS(aotcompat_check_all(e, pre_3, pre_3_len, AOTCOMPAT_KIND_MODULE, &why, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    size_t reasons = aotcompat_report_mismatch_count(why);
    CHECK(reasons == 2);
    CHECK_CONTAINS(aotcompat_report_mismatch_message(why, reasons - 1), "0.26.0 artifact in the pre-3.0 format");
    CHECK(aotcompat_report_note_count(why) == 0 && aotcompat_report_note(why, 0) == NULL);
    aotcompat_report_free(why);

    aotcompat_bytes *module = write_artifact(e, AOTCOMPAT_KIND_MODULE);
    aotcompat_bytes *component = write_artifact(e, AOTCOMPAT_KIND_COMPONENT);
    CHECK(aotcompat_bytes_len(module) > 64 && aotcompat_bytes_data(module) != NULL);
    CHECK(memcmp(aotcompat_bytes_data(module), "\x7f" "ELF", 4) == 0);
    CHECK_STATUS(aotcompat_detect(NULL, aotcompat_bytes_data(module), aotcompat_bytes_len(module), &kind, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_MODULE);
    /* As a named profile's wasmtime sees it. */
    kind = 99;
    CHECK_STATUS(aotcompat_detect(PROFILE, aotcompat_bytes_data(module), aotcompat_bytes_len(module), &kind, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_MODULE);
    kind = 99;
    CHECK_STATUS(aotcompat_detect("nope", aotcompat_bytes_data(module), aotcompat_bytes_len(module), &kind, &err),
                 AOTCOMPAT_STATUS_UNKNOWN_PROFILE, &err);
    CHECK(kind == 99);
    clear_error(&err);
    CHECK_STATUS(aotcompat_detect("\xffx", aotcompat_bytes_data(module), aotcompat_bytes_len(module), &kind, &err),
                 AOTCOMPAT_STATUS_INVALID_UTF8, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`profile`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_detect(NULL, aotcompat_bytes_data(component), aotcompat_bytes_len(component), &kind, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_COMPONENT);

    /* Files. */
    char path[1024];
    snprintf(path, sizeof path, "%s/test_api_%ld.cwasm", scratch, (long)getpid());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(aotcompat_bytes_data(component), 1, aotcompat_bytes_len(component), f);
        fclose(f);
    }
    kind = 99;
    CHECK_STATUS(aotcompat_detect_file(NULL, path, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_COMPONENT);
    kind = 99;
    CHECK_STATUS(aotcompat_detect_file(PROFILE, path, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_COMPONENT);
    CHECK_STATUS(aotcompat_detect_file("nope", path, &kind, &err), AOTCOMPAT_STATUS_UNKNOWN_PROFILE, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_detect_file(NULL, "/nonexistent/file", &kind, &err), AOTCOMPAT_STATUS_IO, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_detect_file(PROFILE, "/nonexistent/file", &kind, &err), AOTCOMPAT_STATUS_IO, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_detect_file(NULL, NULL, &kind, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_detect_file(NULL, "/tmp/\xff.cwasm", &kind, &err), AOTCOMPAT_STATUS_INVALID_UTF8, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`path`");
    clear_error(&err);

    aotcompat_report *report = SENTINEL;
    CHECK_STATUS(aotcompat_check_file(e, path, AOTCOMPAT_KIND_NONE, &report, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_report_is_compatible(report));
    aotcompat_report_free(report);
    report = SENTINEL;
    CHECK_STATUS(aotcompat_check_file_all(e, path, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK_STR(aotcompat_report_message(report), "incompatible object file format");
    aotcompat_report_free(report);
    clear_error(&err);
    report = SENTINEL;
    CHECK_STATUS(aotcompat_check_file(e, "/nonexistent/file", AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_IO, &err);
    CHECK(report == SENTINEL);
    clear_error(&err);

    aotcompat_metadata *md = NULL;
    CHECK_STATUS(aotcompat_metadata_read_file(PROFILE, path, &md, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_metadata_kind(md) == AOTCOMPAT_KIND_COMPONENT);
    aotcompat_metadata_free(md);
    aotcompat_engine *from_file = NULL;
    CHECK_STATUS(aotcompat_engine_from_artifact_file(NULL, path, &from_file, &err), AOTCOMPAT_STATUS_OK, &err);
    aotcompat_engine_free(from_file);
    remove(path);

    /* Write errors. */
    aotcompat_bytes *out = SENTINEL;
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_NONE, NULL, 0, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_write(e, 7, NULL, 0, &out, &err), AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, NULL, 2, &out, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_write(NULL, AOTCOMPAT_KIND_MODULE, NULL, 0, &out, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    static const uint8_t code[] = {0xc3};
    aotcompat_section bad[] = {{".text", code, 1, 3, AOTCOMPAT_SECTION_KIND_TEXT}};
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, bad, 1, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "power of two");
    clear_error(&err);
    bad[0].align = 16;
    bad[0].name = ".wasmtime.engine";
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, bad, 1, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    bad[0].name = NULL;
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, bad, 1, &out, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "sections[0].name");
    clear_error(&err);
    bad[0].name = ".te\xffxt";
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, bad, 1, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_UTF8, &err);
    clear_error(&err);
    bad[0].name = ".text";
    bad[0].kind = 9;
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, bad, 1, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    bad[0].kind = AOTCOMPAT_SECTION_KIND_TEXT;
    bad[0].data = NULL;
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, bad, 1, &out, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK(out == SENTINEL);
    bad[0].data = code;
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, bad, 1, &out, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    CHECK(out != SENTINEL && aotcompat_bytes_len(out) > aotcompat_bytes_len(module));
    aotcompat_bytes_free(out);

    aotcompat_bytes_free(module);
    aotcompat_bytes_free(component);
    aotcompat_engine_free(e);
}

/* aotcompat_artifact_stamp: an artifact restamped with another engine's
 * metadata loads in that engine and not in the first; what cannot be
 * stamped gets its status and leaves *out alone. */
static void test_stamp(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine *e = native_engine();
    aotcompat_engine_builder *b = NULL;
    must(aotcompat_engine_builder_new(PROFILE, &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_target(b, "x86_64-unknown-linux-gnu", &err), err, "set_target");
    must(aotcompat_engine_builder_set_tunable_bool(b, "epoch_interruption", true, &err), err, "set_tunable");
    aotcompat_engine *epoch = build(b);
    aotcompat_engine_builder_free(b);

    static const uint8_t code[] = {0x90, 0x90, 0xc3};
    aotcompat_section text[] = {{".text", code, sizeof code, 16, AOTCOMPAT_SECTION_KIND_TEXT}};
    aotcompat_bytes *written = NULL;
    must(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, text, 1, &written, &err), err, "artifact_write");
    const uint8_t *w = aotcompat_bytes_data(written);
    size_t w_len = aotcompat_bytes_len(written);

    aotcompat_bytes *stamped = SENTINEL;
    CHECK_STATUS(aotcompat_artifact_stamp(epoch, AOTCOMPAT_KIND_MODULE, w, w_len, &stamped, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK(stamped != SENTINEL);
    const uint8_t *s = aotcompat_bytes_data(stamped);
    size_t s_len = aotcompat_bytes_len(stamped);
    aotcompat_report *report = NULL;
    CHECK_STATUS(aotcompat_check(epoch, s, s_len, AOTCOMPAT_KIND_MODULE, &report, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    aotcompat_report_free(report);
    report = NULL;
    CHECK_STATUS(aotcompat_check(e, s, s_len, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK_CONTAINS(aotcompat_report_message(report), "epoch interruption");
    aotcompat_report_free(report);

    aotcompat_bytes *out = SENTINEL;
    CHECK_STATUS(aotcompat_artifact_stamp(NULL, AOTCOMPAT_KIND_MODULE, w, w_len, &out, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`engine`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_stamp(e, AOTCOMPAT_KIND_MODULE, NULL, 64, &out, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`elf_bytes`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_stamp(e, AOTCOMPAT_KIND_MODULE, w, w_len, NULL, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_stamp(e, AOTCOMPAT_KIND_NONE, w, w_len, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_stamp(e, AOTCOMPAT_KIND_MODULE, NULL, 0, &out, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "not an ELF file");
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_stamp(e, AOTCOMPAT_KIND_MODULE, (const uint8_t *)"hello", 5, &out, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_stamp(e, AOTCOMPAT_KIND_MODULE, w, 80, &out, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "cannot read the ELF object");
    clear_error(&err);
    /* An ELF32 header. */
    uint8_t elf32[64] = {0x7f, 'E', 'L', 'F', 1, 1, 1};
    CHECK_STATUS(aotcompat_artifact_stamp(e, AOTCOMPAT_KIND_MODULE, elf32, sizeof elf32, &out, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "32-bit");
    clear_error(&err);
    /* The x86_64 object for an aarch64 engine. */
    aotcompat_engine_builder *arm = NULL;
    must(aotcompat_engine_builder_new(PROFILE, &arm, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_target(arm, "aarch64-unknown-linux-gnu", &err), err, "set_target");
    aotcompat_engine *aarch64 = build(arm);
    aotcompat_engine_builder_free(arm);
    CHECK_STATUS(aotcompat_artifact_stamp(aarch64, AOTCOMPAT_KIND_MODULE, w, w_len, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "aarch64");
    clear_error(&err);
    CHECK(out == SENTINEL);

    aotcompat_engine_free(aarch64);
    aotcompat_bytes_free(stamped);
    aotcompat_bytes_free(written);
    aotcompat_engine_free(epoch);
    aotcompat_engine_free(e);
}

static void test_check(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine *e = native_engine();
    aotcompat_bytes *module = write_artifact(e, AOTCOMPAT_KIND_MODULE);
    const uint8_t *bytes = aotcompat_bytes_data(module);
    size_t len = aotcompat_bytes_len(module);
    aotcompat_report *report = SENTINEL;

    CHECK_STATUS(aotcompat_check(e, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(err == NULL);
    CHECK(aotcompat_report_is_compatible(report));
    CHECK(aotcompat_report_message(report) == NULL);
    CHECK(aotcompat_report_mismatch_count(report) == 0);
    CHECK(aotcompat_report_mismatch_message(report, 0) == NULL);
    aotcompat_report_free(report);

    /* Not an artifact: a verdict, with a report and no error. */
    report = SENTINEL;
    CHECK_STATUS(aotcompat_check(e, (const uint8_t *)"junk", 4, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK(report != SENTINEL && !aotcompat_report_is_compatible(report));
    CHECK(aotcompat_report_mismatch_count(report) == 1);
    CHECK(aotcompat_report_mismatch_category(report, 0) == AOTCOMPAT_CATEGORY_CONTAINER);
    CHECK_CONTAINS(aotcompat_report_message(report), "failed to parse precompiled artifact as an ELF");
    CHECK(err == NULL);
    CHECK_STR(aotcompat_category_name(aotcompat_report_mismatch_category(report, 0)), "container");
    aotcompat_report_free(report);

    /* Empty input is fine as an argument (and incompatible as an artifact). */
    CHECK_STATUS(aotcompat_check(e, NULL, 0, AOTCOMPAT_KIND_NONE, &report, NULL), AOTCOMPAT_STATUS_INCOMPATIBLE,
                 &err);
    aotcompat_report_free(report);

    /* Argument errors: no report. */
    report = SENTINEL;
    CHECK_STATUS(aotcompat_check(e, bytes, len, 3, &report, &err), AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`kind`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_check(NULL, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`engine`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_check(e, NULL, 10, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_check_all(e, bytes, len, AOTCOMPAT_KIND_MODULE, NULL, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`report_out`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_check_file(e, NULL, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK(report == SENTINEL);

    /* Kind: module checked as component. */
    CHECK_STATUS(aotcompat_check(e, bytes, len, AOTCOMPAT_KIND_COMPONENT, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK_STR(aotcompat_report_message(report), "incompatible object file format");
    aotcompat_report_free(report);
    clear_error(&err);

    /* Several mismatches at once. */
    aotcompat_engine_builder *b = NULL;
    must(aotcompat_engine_builder_new(PROFILE, &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_tunable_bool(b, "epoch_interruption", true, &err), err, "epoch");
    must(aotcompat_engine_builder_set_tunable_u64(b, "memory_reservation", 1u << 20, &err), err, "reservation");
    must(aotcompat_engine_builder_set_feature(b, "simd", false, &err), err, "simd");
    aotcompat_engine *other = build(b);
    aotcompat_engine_builder_free(b);

    CHECK_STATUS(aotcompat_check(other, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK(aotcompat_report_mismatch_count(report) == 1);
    const char *parity = aotcompat_report_message(report);
    CHECK_CONTAINS(parity, "memory reservation");
    aotcompat_report *all = NULL;
    aotcompat_error *err2 = NULL;
    CHECK_STATUS(aotcompat_check_all(other, bytes, len, AOTCOMPAT_KIND_MODULE, &all, &err2),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err2);
    CHECK(aotcompat_report_mismatch_count(all) == 3);
    CHECK_STR(aotcompat_report_message(all), parity);
    CHECK_STR(aotcompat_report_mismatch_message(all, 0), parity);
    int seen_epoch = 0, seen_simd = 0;
    for (size_t i = 0; i < aotcompat_report_mismatch_count(all); i++) {
        const char *field = aotcompat_report_mismatch_field(all, i);
        CHECK(aotcompat_report_mismatch_category(all, i) != AOTCOMPAT_CATEGORY_NONE);
        CHECK(aotcompat_category_name(aotcompat_report_mismatch_category(all, i)) != NULL);
        CHECK(aotcompat_report_mismatch_artifact(all, i) != NULL);
        CHECK(aotcompat_report_mismatch_host(all, i) != NULL);
        if (field && strcmp(field, "epoch_interruption") == 0) {
            seen_epoch = 1;
            CHECK(aotcompat_report_mismatch_category(all, i) == AOTCOMPAT_CATEGORY_TUNABLE);
            CHECK_CONTAINS(aotcompat_report_mismatch_message(all, i), "epoch interruption");
        }
        if (field && strcmp(field, "simd") == 0) {
            seen_simd = 1;
            CHECK(aotcompat_report_mismatch_category(all, i) == AOTCOMPAT_CATEGORY_FEATURE);
        }
    }
    CHECK(seen_epoch && seen_simd);
    CHECK(aotcompat_report_mismatch_field(all, 3) == NULL);
    CHECK(aotcompat_report_mismatch_category(all, (size_t)-1) == AOTCOMPAT_CATEGORY_NONE);
    CHECK(aotcompat_report_mismatch_category(NULL, 0) == AOTCOMPAT_CATEGORY_NONE);
    CHECK(aotcompat_category_name(AOTCOMPAT_CATEGORY_NONE) == NULL);
    CHECK(aotcompat_category_name(9) == NULL);
    CHECK_STR(aotcompat_category_name(AOTCOMPAT_CATEGORY_SHARED_FLAG), "shared-flag");
    CHECK_STR(aotcompat_category_name(AOTCOMPAT_CATEGORY_FEATURE), "feature");
    CHECK(err == NULL && err2 == NULL);
    aotcompat_report_free(all);
    aotcompat_report_free(report);
    clear_error(&err);
    clear_error(&err2);
    aotcompat_engine_free(other);

    aotcompat_bytes_free(module);
    aotcompat_engine_free(e);
}

/* Advice: an artifact that loads, compiled without optimization and
 * without a CPU feature the host engine uses. */
static void test_advice(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine_builder *b = NULL;
    must(aotcompat_engine_builder_new(PROFILE, &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_target(b, "x86_64-unknown-linux-gnu", &err), err, "target");
    must(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_sse3", true, &err), err, "sse3");
    must(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_avx2", true, &err), err, "avx2");
    must(aotcompat_engine_builder_set_flag_enum(b, AOTCOMPAT_FLAG_SET_SHARED, "opt_level", "speed", &err), err,
         "opt_level");
    must(aotcompat_engine_builder_set_probe_list(b, "sse3,avx2", &err), err, "probe");
    aotcompat_engine *host = build(b);
    must(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_avx2", false, &err), err, "avx2");
    must(aotcompat_engine_builder_set_flag_enum(b, AOTCOMPAT_FLAG_SET_SHARED, "opt_level", "none", &err), err,
         "opt_level");
    aotcompat_engine *compiler = build(b);
    aotcompat_engine_builder_free(b);

    aotcompat_bytes *same = write_artifact(host, AOTCOMPAT_KIND_MODULE);
    aotcompat_report *report = NULL;
    CHECK_STATUS(aotcompat_check_all(host, aotcompat_bytes_data(same), aotcompat_bytes_len(same), AOTCOMPAT_KIND_MODULE,
                                 &report, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_report_advice_count(report) == 0);
    CHECK(aotcompat_report_advice_message(report, 0) == NULL);
    aotcompat_report_free(report);

    aotcompat_bytes *weaker = write_artifact(compiler, AOTCOMPAT_KIND_MODULE);
    /* The parity check, a runtime's hot path, gives no advice. */
    CHECK_STATUS(aotcompat_check(host, aotcompat_bytes_data(weaker), aotcompat_bytes_len(weaker),
                                 AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_report_is_compatible(report) && aotcompat_report_advice_count(report) == 0);
    aotcompat_report_free(report);
    CHECK_STATUS(aotcompat_check_all(host, aotcompat_bytes_data(weaker), aotcompat_bytes_len(weaker),
                                     AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_report_is_compatible(report));
    CHECK(aotcompat_report_advice_count(report) == 2);
    CHECK(aotcompat_report_advice_category(report, 0) == AOTCOMPAT_CATEGORY_SHARED_FLAG);
    CHECK_STR(aotcompat_report_advice_field(report, 0), "opt_level");
    CHECK_STR(aotcompat_report_advice_artifact(report, 0), "none");
    CHECK_STR(aotcompat_report_advice_host(report, 0), "speed");
    CHECK(aotcompat_report_advice_category(report, 1) == AOTCOMPAT_CATEGORY_ISA_FLAG);
    CHECK_STR(aotcompat_report_advice_field(report, 1), "has_avx2");
    CHECK_STR(aotcompat_report_advice_artifact(report, 1), "false");
    CHECK_STR(aotcompat_report_advice_host(report, 1), "true");
    CHECK_CONTAINS(aotcompat_report_advice_message(report, 1), "CPU feature unused");
    CHECK(aotcompat_report_advice_field(report, 2) == NULL);
    CHECK(aotcompat_report_advice_category(report, 2) == AOTCOMPAT_CATEGORY_NONE);
    CHECK(aotcompat_report_advice_count(NULL) == 0);
    CHECK(aotcompat_report_advice_host(NULL, 0) == NULL);
    aotcompat_report_free(report);

    aotcompat_bytes_free(weaker);
    aotcompat_bytes_free(same);
    aotcompat_engine_free(compiler);
    aotcompat_engine_free(host);
}

static void test_versions_and_isa_flags(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine *native = native_engine();
    aotcompat_report *report = NULL;

    /* Custom version: a default engine refuses it, its own engine loads it. */
    aotcompat_engine_builder *b = NULL;
    must(aotcompat_engine_builder_new(PROFILE, &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_version_custom(b, "my-embedder-1.2", &err), err, "custom");
    aotcompat_engine *custom = build(b);
    CHECK_STR(aotcompat_engine_version(custom), "my-embedder-1.2");
    aotcompat_bytes *artifact = write_artifact(custom, AOTCOMPAT_KIND_MODULE);
    const uint8_t *bytes = aotcompat_bytes_data(artifact);
    size_t len = aotcompat_bytes_len(artifact);

    CHECK_STATUS(aotcompat_check(native, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK_STR(aotcompat_report_message(report), "Module was compiled with incompatible Wasmtime version 'my-embedder-1.2'");
    CHECK(aotcompat_report_mismatch_category(report, 0) == AOTCOMPAT_CATEGORY_VERSION);
    aotcompat_report_free(report);
    clear_error(&err);
    CHECK_STATUS(aotcompat_check(custom, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    aotcompat_report_free(report);

    /* wasmtime 28, 29 and 31 write these bytes alike (their feature structs
     * differ in names, not length): with a custom version string, no
     * profile named is an ambiguity that names them all. */
    aotcompat_engine *derived = NULL;
    CHECK_STATUS(aotcompat_engine_from_artifact(NULL, bytes, len, &derived, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    CHECK(derived == NULL);
    CHECK_CONTAINS(aotcompat_error_message(err), "fits profiles wasmtime-31, wasmtime-29, wasmtime-28 equally");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_from_artifact(PROFILE, bytes, len, &derived, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STR(aotcompat_engine_version(derived), "my-embedder-1.2");
    CHECK_STATUS(aotcompat_check(derived, bytes, len, AOTCOMPAT_KIND_NONE, &report, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    aotcompat_report_free(report);
    aotcompat_engine_free(derived);

    /* Strategy "none" ignores the version string; "wasmtime" restores it. */
    must(aotcompat_engine_builder_set_version_none(b, &err), err, "none");
    aotcompat_engine *none = build(b);
    CHECK_STR(aotcompat_engine_version(none), "");
    CHECK_STATUS(aotcompat_check(none, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    aotcompat_report_free(report);
    must(aotcompat_engine_builder_set_version_wasmtime(b, &err), err, "wasmtime");
    aotcompat_engine *wasmtime = build(b);
    CHECK_STR(aotcompat_engine_version(wasmtime), "31.0.0");
    /* Up to wasmtime 37 the version string names the patch release, a
     * setting of the engine: an artifact of 24.0.0 loads on a 24.0.0 engine
     * and not on the newest 24 patch. */
    aotcompat_engine_builder *v24 = NULL;
    must(aotcompat_engine_builder_new("wasmtime-24", &v24, &err), err, "builder_new 24");
    aotcompat_engine *newest24 = build(v24);
    must(aotcompat_engine_builder_set_wasmtime_version(v24, "24.0.0", &err), err, "24.0.0");
    aotcompat_engine *first24 = build(v24);
    CHECK_STR(aotcompat_engine_version(first24), "24.0.0");
    CHECK(strcmp(aotcompat_engine_version(newest24), "24.0.0") != 0);
    aotcompat_bytes *a24 = write_artifact(first24, AOTCOMPAT_KIND_MODULE);
    CHECK_STATUS(aotcompat_check(first24, aotcompat_bytes_data(a24), aotcompat_bytes_len(a24),
                                 AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    aotcompat_report_free(report);
    CHECK_STATUS(aotcompat_check(newest24, aotcompat_bytes_data(a24), aotcompat_bytes_len(a24),
                                 AOTCOMPAT_KIND_MODULE, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK_STR(aotcompat_report_message(report), "Module was compiled with incompatible Wasmtime version '24.0.0'");
    aotcompat_report_free(report);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_wasmtime_version(v24, "25.0.0", &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`25.0.0` is not a version of profile `wasmtime-24`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_wasmtime_version(v24, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT,
                 &err);
    clear_error(&err);
    aotcompat_bytes_free(a24);
    aotcompat_engine_free(first24);
    aotcompat_engine_free(newest24);
    aotcompat_engine_builder_free(v24);

    /* The generic profile has no wasmtime version to require. */
    aotcompat_engine_builder *g = NULL;
    must(aotcompat_engine_builder_new("generic", &g, &err), err, "builder_new generic");
    CHECK_STATUS(aotcompat_engine_builder_set_wasmtime_version(g, "1.0.0", &err), AOTCOMPAT_STATUS_INVALID_ARGUMENT,
                 &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "profile `generic` has no wasmtime version");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_version_wasmtime(g, &err), AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
                 &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "generic");
    clear_error(&err);
    aotcompat_engine *g_engine = build(g);
    CHECK_STR(aotcompat_engine_version(g_engine), ""); /* still "none" */
    aotcompat_engine_free(g_engine);
    aotcompat_engine_builder_free(g);
    aotcompat_engine_free(wasmtime);
    aotcompat_engine_free(none);
    aotcompat_bytes_free(artifact);
    aotcompat_engine_free(custom);

    /* ISA flags judged by a fixed-list probe (x86_64 names). */
    must(aotcompat_engine_builder_set_target(b, "x86_64-unknown-linux-gnu", &err), err, "target");
    must(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_avx2", true, &err), err, "isa");
    must(aotcompat_engine_builder_set_flag_enum(b, AOTCOMPAT_FLAG_SET_SHARED, "opt_level", "speed", &err), err,
         "opt_level");
    must(aotcompat_engine_builder_set_flag_num(b, AOTCOMPAT_FLAG_SET_SHARED, "bb_padding_log2_minus_one", 0, &err),
         err, "num flag");
    aotcompat_engine *x86 = build(b);
    artifact = write_artifact(x86, AOTCOMPAT_KIND_MODULE);
    bytes = aotcompat_bytes_data(artifact);
    len = aotcompat_bytes_len(artifact);

    struct {
        const char *list; /* NULL: no probe */
        aotcompat_status want;
        const char *message;
    } cases[] = {
        {"avx2", AOTCOMPAT_STATUS_OK, NULL},
        {"sse3,ssse3", AOTCOMPAT_STATUS_INCOMPATIBLE,
         "compilation settings of module incompatible with native host: compilation setting \"has_avx2\" is "
         "enabled, but not available on the host"},
        {"?avx2", AOTCOMPAT_STATUS_INCOMPATIBLE, "failed to detect if target-specific flag \"has_avx2\""},
        {"?*", AOTCOMPAT_STATUS_INCOMPATIBLE, "failed to detect"},
        {NULL, AOTCOMPAT_STATUS_INCOMPATIBLE, "cannot determine if host feature \"avx2\" is available"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aotcompat_engine_builder *host = NULL;
        must(aotcompat_engine_builder_new(PROFILE, &host, &err), err, "builder_new");
        must(aotcompat_engine_builder_set_target(host, "x86_64-unknown-linux-gnu", &err), err, "target");
        if (cases[i].list) {
            must(aotcompat_engine_builder_set_probe_list(host, cases[i].list, &err), err, "probe list");
        } else {
            must(aotcompat_engine_builder_set_probe_none(host, &err), err, "probe none");
        }
        aotcompat_engine *h = build(host);
        CHECK_STATUS(aotcompat_check(h, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err), cases[i].want, &err);
        if (cases[i].message) {
            CHECK_CONTAINS(aotcompat_report_message(report), cases[i].message);
            CHECK(aotcompat_report_mismatch_category(report, 0) == AOTCOMPAT_CATEGORY_ISA_FLAG);
        }
        aotcompat_report_free(report);
        clear_error(&err);
        aotcompat_engine_free(h);
        aotcompat_engine_builder_free(host);
    }

    /* The metadata carries what the builder set. */
    aotcompat_metadata *md = NULL;
    CHECK_STATUS(aotcompat_metadata_read(NULL, bytes, len, &md, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STR(aotcompat_metadata_target(md), "x86_64-unknown-linux-gnu");
    CHECK(aotcompat_metadata_flag_count(md, AOTCOMPAT_FLAG_SET_ISA) == 1);
    CHECK_STR(aotcompat_metadata_flag_name(md, AOTCOMPAT_FLAG_SET_ISA, 0), "has_avx2");
    CHECK_STR(aotcompat_metadata_flag_value(md, AOTCOMPAT_FLAG_SET_ISA, 0), "true");
    CHECK(aotcompat_metadata_flag_count(md, AOTCOMPAT_FLAG_SET_SHARED) == 2);
    CHECK_STR(aotcompat_metadata_flag_name(md, AOTCOMPAT_FLAG_SET_SHARED, 0), "opt_level");
    CHECK_STR(aotcompat_metadata_flag_value(md, AOTCOMPAT_FLAG_SET_SHARED, 0), "speed");
    CHECK_STR(aotcompat_metadata_flag_value(md, AOTCOMPAT_FLAG_SET_SHARED, 1), "0");
    CHECK(aotcompat_metadata_flag_name(md, AOTCOMPAT_FLAG_SET_SHARED, 2) == NULL);
    CHECK(aotcompat_metadata_flag_count(md, 5) == 0);
    CHECK(aotcompat_metadata_flag_name(md, 5, 0) == NULL);
    aotcompat_metadata_free(md);

    aotcompat_bytes_free(artifact);
    aotcompat_engine_free(x86);
    aotcompat_engine_builder_free(b);
    aotcompat_engine_free(native);
}

static void test_metadata(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine *e = native_engine();
    aotcompat_bytes *artifact = write_artifact(e, AOTCOMPAT_KIND_MODULE);
    const uint8_t *bytes = aotcompat_bytes_data(artifact);
    size_t len = aotcompat_bytes_len(artifact);
    aotcompat_metadata *md = SENTINEL;

    CHECK_STATUS(aotcompat_metadata_read("nope", bytes, len, &md, &err), AOTCOMPAT_STATUS_UNKNOWN_PROFILE, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_metadata_read(NULL, (const uint8_t *)"abc", 3, &md, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_metadata_read(NULL, bytes, len, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_metadata_read_file(NULL, "/nonexistent", &md, &err), AOTCOMPAT_STATUS_IO, &err);
    clear_error(&err);
    /* A wasmtime artifact has no generic engine section. */
    CHECK_STATUS(aotcompat_metadata_read("generic", bytes, len, &md, &err), AOTCOMPAT_STATUS_MALFORMED_ARTIFACT,
                 &err);
    CHECK_CONTAINS(aotcompat_error_message(err), ".aotcompat.engine");
    clear_error(&err);
    CHECK(md == SENTINEL);

    CHECK_STATUS(aotcompat_metadata_read(PROFILE, bytes, len, &md, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STR(aotcompat_metadata_profile(md), PROFILE);
    aotcompat_metadata_free(md);
    CHECK_STATUS(aotcompat_metadata_read(NULL, bytes, len, &md, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_metadata_kind(md) == AOTCOMPAT_KIND_MODULE);
    CHECK_STR(aotcompat_metadata_profile(md), "wasmtime-31");
    CHECK_STR(aotcompat_metadata_version(md), "31.0.0");
    size_t vlen = 0;
    const uint8_t *vbytes = aotcompat_metadata_version_bytes(md, &vlen);
    CHECK(vlen == 6 && memcmp(vbytes, "31.0.0", 6) == 0);
    CHECK(aotcompat_metadata_version_bytes(md, NULL) == vbytes);
    CHECK_STR(aotcompat_metadata_target(md), aotcompat_engine_target(e));

    CHECK(aotcompat_metadata_tunable_count(md) == 17);
    CHECK_STR(aotcompat_metadata_tunable_name(md, 0), "collector");
    CHECK_STR(aotcompat_metadata_tunable_value(md, 0), "DeferredReferenceCounting");
    CHECK_STR(aotcompat_metadata_tunable_json(md, 0), "\"DeferredReferenceCounting\"");
    CHECK_STR(aotcompat_metadata_tunable_name(md, 1), "memory_reservation");
    CHECK_STR(aotcompat_metadata_tunable_value(md, 1), "4294967296");
    CHECK_STR(aotcompat_metadata_tunable_json(md, 1), "4294967296");
    CHECK(aotcompat_metadata_tunable_name(md, 17) == NULL);
    CHECK(aotcompat_metadata_tunable_value(md, 17) == NULL);
    CHECK(aotcompat_metadata_tunable_json(md, 17) == NULL);
    uint64_t reservation = 0;
    CHECK_STATUS(aotcompat_metadata_tunable_u64(md, "memory_reservation", &reservation, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    CHECK(reservation == UINT64_C(1) << 32);
    bool flag = true;
    CHECK_STATUS(aotcompat_metadata_tunable_bool(md, "epoch_interruption", &flag, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(!flag);
    CHECK_STATUS(aotcompat_metadata_tunable_bool(md, "memory_reservation", &flag, &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_metadata_tunable_u64(md, "collector", &reservation, &err), AOTCOMPAT_STATUS_TYPE_MISMATCH,
                 &err);
    clear_error(&err);
    const char *text = NULL;
    CHECK_STATUS(aotcompat_metadata_tunable(md, "memory_guard_size", &text, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STR(text, "33554432");
    CHECK_STATUS(aotcompat_metadata_tunable(md, "nope", &text, &err), AOTCOMPAT_STATUS_UNKNOWN_NAME, &err);
    clear_error(&err);

    CHECK(aotcompat_metadata_feature_count(md) == 19);
    CHECK_STR(aotcompat_metadata_feature_name(md, 0), "reference_types");
    CHECK(aotcompat_metadata_feature_enabled(md, 0));
    CHECK(aotcompat_metadata_feature_name(md, 19) == NULL);
    CHECK(!aotcompat_metadata_feature_enabled(md, 19));
    bool on = false;
    CHECK_STATUS(aotcompat_metadata_feature(md, "simd", &on, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(on);
    CHECK_STATUS(aotcompat_metadata_feature(md, "gc", &on, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(!on);
    CHECK_STATUS(aotcompat_metadata_feature(md, "bogus", &on, &err), AOTCOMPAT_STATUS_UNKNOWN_NAME, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_metadata_feature(md, "simd", NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    /* wasmtime 31 writes its features as a struct of bools, not bits. */
    uint64_t bits = 77;
    CHECK_STATUS(aotcompat_metadata_feature_bits(md, &bits, &err), AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE, &err);
    CHECK(bits == 77);
    clear_error(&err);
    CHECK(aotcompat_metadata_unnamed_feature_bits(md) == 0);

    /* Every tunable's JSON sets the same value on a builder, and a builder
     * of other values becomes this engine again. */
    aotcompat_engine_builder *b = NULL;
    must(aotcompat_engine_builder_new(PROFILE, &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_tunable_none(b, "collector", &err), err, "collector");
    must(aotcompat_engine_builder_set_tunable_u64(b, "memory_reservation", 1, &err), err, "reservation");
    must(aotcompat_engine_builder_set_tunable_bool(b, "signals_based_traps", false, &err), err, "traps");
    for (size_t i = 0; i < aotcompat_metadata_tunable_count(md); i++) {
        CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, aotcompat_metadata_tunable_name(md, i),
                                                               aotcompat_metadata_tunable_json(md, i), &err),
                     AOTCOMPAT_STATUS_OK, &err);
    }
    aotcompat_engine *again = build(b);
    aotcompat_metadata *md2 = NULL;
    must(aotcompat_engine_describe(again, &md2, &err), err, "describe");
    CHECK(aotcompat_metadata_tunable_count(md2) == aotcompat_metadata_tunable_count(md));
    for (size_t i = 0; i < aotcompat_metadata_tunable_count(md); i++) {
        CHECK_STR(aotcompat_metadata_tunable_value(md2, i), aotcompat_metadata_tunable_value(md, i));
    }
    aotcompat_metadata_free(md2);
    aotcompat_report *report = NULL;
    CHECK_STATUS(aotcompat_check_all(again, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    aotcompat_report_free(report);
    aotcompat_engine_free(again);
    aotcompat_engine_builder_free(b);
    aotcompat_metadata_free(md);

    /* An engine describes itself the same way. */
    CHECK_STATUS(aotcompat_engine_describe(e, &md, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_metadata_kind(md) == AOTCOMPAT_KIND_NONE);
    CHECK_STR(aotcompat_metadata_version(md), "31.0.0");
    CHECK(aotcompat_metadata_tunable_count(md) == 17);
    aotcompat_metadata_free(md);
    CHECK_STATUS(aotcompat_engine_describe(NULL, &md, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);

    aotcompat_bytes_free(artifact);
    aotcompat_engine_free(e);
}

/* The native host check and the compatibility keys. */
static void test_host_check_and_keys(void) {
    aotcompat_error *err = NULL;
    aotcompat_report *report = SENTINEL;
    aotcompat_engine *native = native_engine();

    CHECK_STATUS(aotcompat_engine_check_host(native, &report, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(report != SENTINEL && aotcompat_report_is_compatible(report));
    aotcompat_report_free(report);

    /* An engine for another machine, whose CPU lacks what it compiles for. */
    aotcompat_engine_builder *b = NULL;
    must(aotcompat_engine_builder_new(PROFILE, &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_target(b, "aarch64-unknown-linux-gnu", &err), err, "set_target");
    must(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_lse", true, &err), err, "set_flag");
    must(aotcompat_engine_builder_set_probe_list(b, "", &err), err, "set_probe_list");
    aotcompat_engine *foreign = build(b);
    aotcompat_engine_builder_free(b);
    report = SENTINEL;
    CHECK_STATUS(aotcompat_engine_check_host(foreign, &report, &err), AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK_STR(aotcompat_report_message(report),
              "target 'aarch64-unknown-linux-gnu' specified in the configuration does not match the host");
    CHECK(aotcompat_report_mismatch_count(report) == 1);
    CHECK(err == NULL);
    aotcompat_report_free(report);
    report = NULL;
    CHECK_STATUS(aotcompat_engine_check_host_all(foreign, &report, &err), AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK(aotcompat_report_mismatch_count(report) == 2);
    CHECK_STR(aotcompat_report_mismatch_field(report, 1), "has_lse");
    {
        const char *feature = NULL;
        aotcompat_probe_answer answer = AOTCOMPAT_PROBE_YES;
        CHECK(aotcompat_report_mismatch_probe(report, 1, &feature, &answer));
        CHECK_STR(feature, "lse");
        CHECK(answer == AOTCOMPAT_PROBE_NO);
        CHECK_STR(aotcompat_report_mismatch_artifact(report, 1), "true");
        CHECK_STR(aotcompat_report_mismatch_host(report, 1), "");
        CHECK(!aotcompat_report_mismatch_probe(report, 0, &feature, &answer));
        CHECK(!aotcompat_report_mismatch_probe(report, 2, NULL, NULL));
        CHECK(aotcompat_report_mismatch_probe(report, 1, NULL, NULL));
    }
    CHECK_STR(aotcompat_report_mismatch_message(report, 1),
              "compilation setting \"has_lse\" is enabled, but not available on the host");
    clear_error(&err);
    aotcompat_report_free(report);
    report = SENTINEL;
    CHECK_STATUS(aotcompat_engine_check_host(NULL, &report, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK(report == SENTINEL);
    clear_error(&err);

    /* Keys: the engine that produced an artifact has the producer's keys. */
    aotcompat_bytes *module = write_artifact(native, AOTCOMPAT_KIND_MODULE);
    aotcompat_engine *producer = NULL;
    must(aotcompat_engine_from_artifact(NULL, aotcompat_bytes_data(module), aotcompat_bytes_len(module), &producer,
                                        &err),
         err, "engine_from_artifact");
    uint8_t a[AOTCOMPAT_KEY_LEN], b2[AOTCOMPAT_KEY_LEN + 4], c[AOTCOMPAT_KEY_LEN];
    CHECK_STATUS(aotcompat_engine_load_key(native, a, sizeof a, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_load_key(producer, b2, sizeof b2, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(memcmp(a, b2, AOTCOMPAT_KEY_LEN) == 0);
    CHECK_STATUS(aotcompat_engine_identity_key(native, a, sizeof a, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_identity_key(producer, b2, sizeof b2, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(memcmp(a, b2, AOTCOMPAT_KEY_LEN) == 0);
    CHECK_STATUS(aotcompat_engine_load_key(foreign, c, sizeof c, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_load_key(native, a, sizeof a, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(memcmp(a, c, AOTCOMPAT_KEY_LEN) != 0);
    /* A short buffer is refused and left untouched; NULL is refused. */
    memset(c, 0xab, sizeof c);
    CHECK_STATUS(aotcompat_engine_load_key(native, c, AOTCOMPAT_KEY_LEN - 1, &err), AOTCOMPAT_STATUS_INVALID_ARGUMENT,
                 &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "out_len");
    CHECK(c[0] == 0xab && c[AOTCOMPAT_KEY_LEN - 2] == 0xab);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_identity_key(native, NULL, AOTCOMPAT_KEY_LEN, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT,
                 &err);
    clear_error(&err);
    CHECK(aotcompat_engine_load_key(NULL, c, sizeof c, NULL) == AOTCOMPAT_STATUS_NULL_ARGUMENT);

    aotcompat_bytes_free(module);
    aotcompat_engine_free(producer);
    aotcompat_engine_free(foreign);
    aotcompat_engine_free(native);
}

/* Integrity digests: aotcompat_artifact_write with AOTCOMPAT_WRITE_DIGEST,
 * aotcompat_artifact_add_digest, aotcompat_verify and _file: a digested
 * artifact verifies (the same root from bytes and file), a flipped byte
 * names what differs, an undigested one has no digest, and bad arguments
 * get their status and leave the outputs alone. */
static void test_digest(void) {
    aotcompat_error *err = NULL;
    aotcompat_engine *e = native_engine();
    static const uint8_t code[] = {0x90, 0x90, 0xc3};
    aotcompat_section text[] = {{".text", code, sizeof code, 16, AOTCOMPAT_SECTION_KIND_TEXT}};
    aotcompat_bytes *plain = NULL, *digested = NULL, *added = NULL;
    must(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, text, 1, &plain, &err), err, "artifact_write");
    must(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE | AOTCOMPAT_WRITE_DIGEST, text, 1, &digested, &err),
         err, "artifact_write with a digest");
    const uint8_t *p = aotcompat_bytes_data(plain);
    size_t p_len = aotcompat_bytes_len(plain);
    const uint8_t *d = aotcompat_bytes_data(digested);
    size_t d_len = aotcompat_bytes_len(digested);

    uint8_t root[AOTCOMPAT_DIGEST_ROOT_LEN] = {0}, zero[AOTCOMPAT_DIGEST_ROOT_LEN] = {0};
    CHECK_STATUS(aotcompat_verify(d, d_len, root, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(memcmp(root, zero, sizeof root) != 0);
    CHECK_STATUS(aotcompat_verify(d, d_len, NULL, NULL), AOTCOMPAT_STATUS_OK, &err);

    /* Adding a digest to the plain artifact gives the same bytes. */
    CHECK_STATUS(aotcompat_artifact_add_digest(p, p_len, &added, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_bytes_len(added) == d_len && memcmp(aotcompat_bytes_data(added), d, d_len) == 0);

    /* The same root from a file. */
    char path[512];
    snprintf(path, sizeof path, "%s/test_api_digest_%d.cwasm", scratch, (int)getpid());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f != NULL) {
        CHECK(fwrite(d, 1, d_len, f) == d_len);
        fclose(f);
        uint8_t from_file[AOTCOMPAT_DIGEST_ROOT_LEN] = {0};
        CHECK_STATUS(aotcompat_verify_file(path, from_file, &err), AOTCOMPAT_STATUS_OK, &err);
        CHECK(memcmp(root, from_file, sizeof root) == 0);
        unlink(path);
    }
    CHECK_STATUS(aotcompat_verify_file("/nonexistent/x.cwasm", NULL, &err), AOTCOMPAT_STATUS_IO, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "/nonexistent/x.cwasm");
    clear_error(&err);

    /* A flipped byte in the ELF header: not verified, and named; root_out
     * is left alone. */
    uint8_t *copy = malloc(d_len);
    CHECK(copy != NULL);
    if (copy != NULL) {
        memcpy(copy, d, d_len);
        copy[20] ^= 0x10;
        uint8_t untouched[AOTCOMPAT_DIGEST_ROOT_LEN];
        memset(untouched, 0xAB, sizeof untouched);
        CHECK_STATUS(aotcompat_verify(copy, d_len, untouched, &err), AOTCOMPAT_STATUS_NOT_VERIFIED, &err);
        CHECK_CONTAINS(aotcompat_error_message(err), "the ELF header");
        CHECK(untouched[0] == 0xAB && untouched[31] == 0xAB);
        clear_error(&err);
        /* Truncated by one byte. */
        CHECK_STATUS(aotcompat_verify(d, d_len - 1, NULL, &err), AOTCOMPAT_STATUS_NOT_VERIFIED, &err);
        CHECK_CONTAINS(aotcompat_error_message(err), "truncated");
        clear_error(&err);
        free(copy);
    }

    /* No digest. */
    CHECK_STATUS(aotcompat_verify(p, p_len, NULL, &err), AOTCOMPAT_STATUS_NO_DIGEST, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "no digest section");
    clear_error(&err);
    CHECK_STATUS(aotcompat_verify(NULL, 0, NULL, &err), AOTCOMPAT_STATUS_NO_DIGEST, &err);
    clear_error(&err);

    /* Bad arguments. */
    aotcompat_bytes *out = SENTINEL;
    CHECK_STATUS(aotcompat_verify(NULL, 64, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`bytes`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_verify_file(NULL, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`path`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_verify_file("\xff", NULL, &err), AOTCOMPAT_STATUS_INVALID_UTF8, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_add_digest(p, p_len, NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`out`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_add_digest((const uint8_t *)"hello", 5, &out, &err),
                 AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "not an ELF file");
    CHECK(out == SENTINEL);
    clear_error(&err);
    CHECK_STATUS(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE | 0x20000, text, 1, &out, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK(out == SENTINEL);
    clear_error(&err);

    aotcompat_bytes_free(added);
    aotcompat_bytes_free(digested);
    aotcompat_bytes_free(plain);
    aotcompat_engine_free(e);
}

static void test_panic_boundary(void) {
    aotcompat_error *err = NULL;
    CHECK_STATUS(aotcompat_test_force_panic(&err), AOTCOMPAT_STATUS_PANIC, &err);
    CHECK(aotcompat_error_status(err) == AOTCOMPAT_STATUS_PANIC);
    CHECK_CONTAINS(aotcompat_error_message(err), "forced panic");
    CHECK_CONTAINS(aotcompat_error_message(err), "src/ffi/testing.rs:");
    clear_error(&err);
    CHECK(aotcompat_test_force_panic(NULL) == AOTCOMPAT_STATUS_PANIC);
    /* The library still works afterwards. */
    aotcompat_engine *e = native_engine();
    CHECK(e != NULL);
    aotcompat_engine_free(e);
}

int main(int argc, char **argv) {
    if (argc > 1) {
        scratch = argv[1];
    }
    test_version();
    test_status_and_error_basics();
    test_profiles();
    test_engine_creation();
    test_builder_errors();
    test_detect_and_write();
    test_stamp();
    test_check();
    test_advice();
    test_versions_and_isa_flags();
    test_metadata();
    test_host_check_and_keys();
    test_digest();
    test_panic_boundary();
    return test_summary("test_api");
}
