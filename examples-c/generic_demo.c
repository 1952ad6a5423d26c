/*
 * generic_demo: the generic profile, end to end, for a runtime that is not
 * wasmtime. It uses the same engine, builder, check, report and metadata
 * functions as wasmtime engines do; only the profile name differs.
 *
 * "toyvm 2.3" is a made-up WebAssembly runtime with its own compiler
 * settings. It
 *
 *   1. describes its engine with a builder of profile "generic": a target,
 *      two shared flags, two ISA flags, four tunables and three features,
 *      all by name, and registers how each is judged (has_neon/has_lse need
 *      the host's "neon"/"lse", stack_size must be equal, opt_level is
 *      ignored, bounds_checks must be true, simd128 and threads must be
 *      offered by the host; the rest get the defaults: equal for flags and
 *      tunables, subset for features),
 *   2. writes an artifact whose `.aotcompat.engine` section carries that
 *      description (aotcompat_artifact_write),
 *   3. detects it (the same ELF marks as wasmtime's) and reads its metadata
 *      back, and rebuilds "the engine that wrote it" from the file,
 *   4. checks it against the engine that wrote it: compatible,
 *   5. checks it against a fleet host that differs in several ways (a
 *      smaller stack, no neon, no threads, another opt_level, bounds checks
 *      off) and prints the full report,
 *   6. shows a few refusals: the wrong kind, a wasmtime artifact for toyvm
 *      and a toyvm artifact for wasmtime, bad rules and values.
 *
 * It is also a test: every expected result is a CHECK, and the last line
 * is "generic_demo: N passed, N failed".
 *
 * Usage: generic_demo [DIR]   (also writes DIR/toyvm.cwasm and checks the file)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#define TOYVM_TARGET "aarch64-unknown-linux-gnu"
#define TOYVM_VERSION "toyvm 2.3"

/* How one toyvm installation is configured. */
struct toyvm_config {
    uint64_t stack_size;
    const char *opt_level;
    bool bounds_checks;
    bool threads;
    const char *cpu_features; /* the fixed-list probe: what the machine has */
};

static void must_ok(aotcompat_status status, aotcompat_error **err, const char *what) {
    must(status, *err, what);
}

/* toyvm's engine description and rules, for one configuration. */
static aotcompat_engine *toyvm_engine(const struct toyvm_config *config) {
    aotcompat_error *err = NULL;
    aotcompat_engine_builder *b = NULL;
    must_ok(aotcompat_engine_builder_new("generic", &b, &err), &err, "engine_builder_new");
    must_ok(aotcompat_engine_builder_set_target(b, TOYVM_TARGET, &err), &err, "set_target");
    must_ok(aotcompat_engine_builder_set_version_custom(b, TOYVM_VERSION, &err), &err, "set_version_custom");

    /* What the engine compiles with. */
    must_ok(aotcompat_engine_builder_set_flag_enum(b, AOTCOMPAT_FLAG_SET_SHARED, "calling_convention",
                                                    "toy_fast", &err),
            &err, "set calling_convention");
    must_ok(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_SHARED, "frame_pointers", true,
                                                    &err),
            &err, "set frame_pointers");
    must_ok(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_neon", true, &err), &err,
            "set has_neon");
    must_ok(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_lse", false, &err), &err,
            "set has_lse");
    must_ok(aotcompat_engine_builder_set_tunable_u64(b, "stack_size", config->stack_size, &err), &err,
            "set stack_size");
    must_ok(aotcompat_engine_builder_set_tunable_str(b, "opt_level", config->opt_level, &err), &err,
            "set opt_level");
    must_ok(aotcompat_engine_builder_set_tunable_bool(b, "bounds_checks", config->bounds_checks, &err), &err,
            "set bounds_checks");
    must_ok(aotcompat_engine_builder_set_tunable_none(b, "collector", &err), &err, "set collector");
    must_ok(aotcompat_engine_builder_set_feature(b, "simd128", true, &err), &err, "enable simd128");
    must_ok(aotcompat_engine_builder_set_feature(b, "bulk_memory", true, &err), &err, "enable bulk_memory");
    must_ok(aotcompat_engine_builder_set_feature(b, "threads", config->threads, &err), &err, "set threads");

    /* How toyvm judges an artifact against this engine. */
    must_ok(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_ISA_FLAG, "has_neon",
                                               AOTCOMPAT_RULE_NEEDS_PROBE, "neon", &err),
            &err, "rule has_neon");
    must_ok(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_ISA_FLAG, "has_lse",
                                               AOTCOMPAT_RULE_NEEDS_PROBE, "lse", &err),
            &err, "rule has_lse");
    must_ok(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_TUNABLE, "stack_size",
                                               AOTCOMPAT_RULE_EQUAL, NULL, &err),
            &err, "rule stack_size");
    must_ok(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_TUNABLE, "opt_level",
                                               AOTCOMPAT_RULE_IGNORE, NULL, &err),
            &err, "rule opt_level");
    must_ok(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_TUNABLE, "bounds_checks",
                                               AOTCOMPAT_RULE_VALUE, "true", &err),
            &err, "rule bounds_checks");
    must_ok(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_FEATURE, "simd128",
                                               AOTCOMPAT_RULE_SUBSET, NULL, &err),
            &err, "rule simd128");
    must_ok(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_FEATURE, "threads",
                                               AOTCOMPAT_RULE_SUBSET, NULL, &err),
            &err, "rule threads");
    must_ok(aotcompat_engine_builder_set_probe_list(b, config->cpu_features, &err), &err, "set probe list");

    aotcompat_engine *engine = NULL;
    must_ok(aotcompat_engine_builder_build(b, &engine, &err), &err, "engine_builder_build");
    aotcompat_engine_builder_free(b);
    return engine;
}

static void print_report(const aotcompat_report *report) {
    size_t n = aotcompat_report_mismatch_count(report);
    if (aotcompat_report_is_compatible(report)) {
        printf("  verdict: compatible\n");
        return;
    }
    printf("  verdict: incompatible: %s\n", aotcompat_report_message(report));
    printf("  %zu mismatch%s:\n", n, n == 1 ? "" : "es");
    for (size_t i = 0; i < n; i++) {
        printf("    [%s] %s: artifact=%s host=%s\n      %s\n",
               aotcompat_category_name(aotcompat_report_mismatch_category(report, i)),
               aotcompat_report_mismatch_field(report, i), aotcompat_report_mismatch_artifact(report, i),
               aotcompat_report_mismatch_host(report, i), aotcompat_report_mismatch_message(report, i));
    }
}

/* One expected mismatch; `probe` is the host feature the probe was asked
 * about (NULL when the verdict is not the probe's), `host` then "". */
struct expected {
    const char *category, *field, *artifact, *host, *probe, *message;
};

static void check_mismatch(const aotcompat_report *report, size_t i, const struct expected *want) {
    CHECK_STR(aotcompat_category_name(aotcompat_report_mismatch_category(report, i)), want->category);
    CHECK_STR(aotcompat_report_mismatch_field(report, i), want->field);
    CHECK_STR(aotcompat_report_mismatch_artifact(report, i), want->artifact);
    CHECK_STR(aotcompat_report_mismatch_host(report, i), want->host);
    const char *feature = NULL;
    aotcompat_probe_answer answer = AOTCOMPAT_PROBE_YES;
    bool probed = aotcompat_report_mismatch_probe(report, i, &feature, &answer);
    CHECK(probed == (want->probe != NULL));
    if (want->probe) {
        CHECK_STR(feature, want->probe);
        CHECK(answer == AOTCOMPAT_PROBE_NO);
    }
    CHECK_STR(aotcompat_report_mismatch_message(report, i), want->message);
}

/* A callback probe that knows every feature, and counts its finalizer. */
static int32_t knows_everything(void *user_data, const char *feature) {
    (void)user_data;
    (void)feature;
    return 1;
}

static void count_finalizer(void *user_data) {
    (*(int *)user_data)++;
}

/* Checks `bytes` with `engine`, every mismatch (`all`) or the first. */
static aotcompat_status check(const aotcompat_engine *engine, const uint8_t *bytes, size_t len,
                              aotcompat_kind kind, bool all, aotcompat_report **report, aotcompat_error **err) {
    return (all ? aotcompat_check_all : aotcompat_check)(engine, bytes, len, kind, report, err);
}

int main(int argc, char **argv) {
    aotcompat_error *err = NULL;
    aotcompat_report *report = NULL;

    /* 1. toyvm on a build machine that has neon and lse. */
    const struct toyvm_config build_config = {131072, "speed", true, true, "neon,lse"};
    aotcompat_engine *toyvm = toyvm_engine(&build_config);
    printf("1. toyvm engine: profile %s, target %s, version \"%s\"\n", aotcompat_engine_profile(toyvm),
           aotcompat_engine_target(toyvm), aotcompat_engine_version(toyvm));
    CHECK_STR(aotcompat_engine_profile(toyvm), "generic");
    CHECK_STR(aotcompat_engine_target(toyvm), TOYVM_TARGET);
    CHECK_STR(aotcompat_engine_version(toyvm), TOYVM_VERSION);

    /* 2. An artifact stamped by it. */
    static const uint8_t code[] = {0x1f, 0x20, 0x03, 0xd5}; /* aarch64 nop */
    static const char info[] = "toyvm module";
    const aotcompat_section sections[] = {
        {".text", code, sizeof code, 4, AOTCOMPAT_SECTION_KIND_TEXT},
        {".toyvm.info", (const uint8_t *)info, sizeof info - 1, 1, AOTCOMPAT_SECTION_KIND_READ_ONLY_DATA},
    };
    aotcompat_bytes *artifact = NULL;
    CHECK_STATUS(aotcompat_artifact_write(toyvm, AOTCOMPAT_KIND_MODULE, sections, 2, &artifact, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    if (artifact == NULL) {
        return test_summary("generic_demo");
    }
    const uint8_t *bytes = aotcompat_bytes_data(artifact);
    size_t len = aotcompat_bytes_len(artifact);
    printf("\n2. wrote a %zu-byte module artifact with a .aotcompat.engine section\n", len);
    char path[4096] = "";
    if (argc > 1) {
        snprintf(path, sizeof path, "%s/toyvm.cwasm", argv[1]);
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL && fwrite(bytes, 1, len, f) == len && fclose(f) == 0);
        printf("   saved as %s\n", path);
    }

    /* 3. The marks are wasmtime's, so detection needs no profile. */
    aotcompat_kind kind = AOTCOMPAT_KIND_NONE;
    CHECK_STATUS(aotcompat_detect(NULL, bytes, len, &kind, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(kind == AOTCOMPAT_KIND_MODULE);
    aotcompat_kind as_generic = AOTCOMPAT_KIND_NONE;
    CHECK_STATUS(aotcompat_detect("generic", bytes, len, &as_generic, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(as_generic == AOTCOMPAT_KIND_MODULE);
    printf("\n3. detect: %s\n", kind == AOTCOMPAT_KIND_MODULE ? "module" : "not a module");

    /* Its metadata reads back by name, and without naming the profile. */
    aotcompat_metadata *md = NULL;
    CHECK_STATUS(aotcompat_metadata_read(NULL, bytes, len, &md, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STR(aotcompat_metadata_profile(md), "generic");
    CHECK_STR(aotcompat_metadata_version(md), TOYVM_VERSION);
    CHECK_STR(aotcompat_metadata_target(md), TOYVM_TARGET);
    CHECK(aotcompat_metadata_kind(md) == AOTCOMPAT_KIND_MODULE);
    CHECK(aotcompat_metadata_flag_count(md, AOTCOMPAT_FLAG_SET_SHARED) == 2);
    CHECK_STR(aotcompat_metadata_flag_value(md, AOTCOMPAT_FLAG_SET_SHARED, 0), "toy_fast");
    CHECK(aotcompat_metadata_flag_count(md, AOTCOMPAT_FLAG_SET_ISA) == 2);
    CHECK_STR(aotcompat_metadata_flag_name(md, AOTCOMPAT_FLAG_SET_ISA, 1), "has_lse");
    CHECK_STR(aotcompat_metadata_flag_value(md, AOTCOMPAT_FLAG_SET_ISA, 1), "false");
    printf("   metadata: profile %s, version \"%s\", target %s\n", aotcompat_metadata_profile(md),
           aotcompat_metadata_version(md), aotcompat_metadata_target(md));
    static const char *const tunables[][3] = {
        /* name, text, JSON */
        {"stack_size", "131072", "131072"},
        {"opt_level", "\"speed\"", "\"speed\""},
        {"bounds_checks", "true", "true"},
        {"collector", "none", "null"},
    };
    CHECK(aotcompat_metadata_tunable_count(md) == 4);
    for (size_t i = 0; i < 4; i++) {
        CHECK_STR(aotcompat_metadata_tunable_name(md, i), tunables[i][0]);
        CHECK_STR(aotcompat_metadata_tunable_value(md, i), tunables[i][1]);
        CHECK_STR(aotcompat_metadata_tunable_json(md, i), tunables[i][2]);
        printf("   tunable %s = %s\n", aotcompat_metadata_tunable_name(md, i), aotcompat_metadata_tunable_value(md, i));
    }
    uint64_t stack_size = 0;
    CHECK_STATUS(aotcompat_metadata_tunable_u64(md, "stack_size", &stack_size, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(stack_size == 131072);
    CHECK_STATUS(aotcompat_metadata_tunable_u64(md, "opt_level", &stack_size, &err), AOTCOMPAT_STATUS_TYPE_MISMATCH,
                 &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_metadata_tunable_u64(md, "heap_size", &stack_size, &err), AOTCOMPAT_STATUS_UNKNOWN_NAME,
                 &err);
    clear_error(&err);
    /* Features: the enabled names; any other name is simply off. */
    CHECK(aotcompat_metadata_feature_count(md) == 3);
    CHECK_STR(aotcompat_metadata_feature_name(md, 2), "threads");
    CHECK(aotcompat_metadata_feature_enabled(md, 2));
    bool on = false;
    CHECK_STATUS(aotcompat_metadata_feature(md, "simd128", &on, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(on);
    CHECK_STATUS(aotcompat_metadata_feature(md, "gc", &on, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(!on);
    uint64_t bits = 0;
    CHECK_STATUS(aotcompat_metadata_feature_bits(md, &bits, &err), AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE, &err);
    clear_error(&err);
    aotcompat_metadata_free(md);

    /* 4. The engine that wrote it loads it. */
    aotcompat_status status = check(toyvm, bytes, len, kind, true, &report, &err);
    printf("\n4. check against the toyvm that wrote it: %s\n", aotcompat_status_str(status));
    CHECK(status == AOTCOMPAT_STATUS_OK);
    CHECK(aotcompat_report_is_compatible(report));
    print_report(report);
    aotcompat_report_free(report);
    report = NULL;
    if (path[0] != '\0') {
        CHECK_STATUS(aotcompat_check_file(toyvm, path, AOTCOMPAT_KIND_NONE, &report, &err), AOTCOMPAT_STATUS_OK,
                     &err);
        CHECK(aotcompat_report_is_compatible(report));
        aotcompat_report_free(report);
        report = NULL;
        /* "The engine that wrote this file", rebuilt from it (default rules). */
        aotcompat_engine *writer = NULL;
        CHECK_STATUS(aotcompat_engine_from_artifact_file(NULL, path, &writer, &err), AOTCOMPAT_STATUS_OK, &err);
        CHECK_STR(aotcompat_engine_profile(writer), "generic");
        CHECK_STR(aotcompat_engine_version(writer), TOYVM_VERSION);
        CHECK_STATUS(aotcompat_check_file_all(writer, path, AOTCOMPAT_KIND_MODULE, &report, &err),
                     AOTCOMPAT_STATUS_OK, &err);
        aotcompat_report_free(report);
        report = NULL;
        uint8_t writer_key[AOTCOMPAT_KEY_LEN], toyvm_key[AOTCOMPAT_KEY_LEN];
        CHECK_STATUS(aotcompat_engine_identity_key(writer, writer_key, sizeof writer_key, &err), AOTCOMPAT_STATUS_OK,
                     &err);
        CHECK_STATUS(aotcompat_engine_identity_key(toyvm, toyvm_key, sizeof toyvm_key, &err), AOTCOMPAT_STATUS_OK,
                     &err);
        CHECK(memcmp(writer_key, toyvm_key, AOTCOMPAT_KEY_LEN) == 0);
        aotcompat_engine_free(writer);
    }

    /* 5. A fleet host: smaller stack, no neon, no threads, another opt_level
     * (ignored) and bounds checks off (the artifact must have them on, and
     * does). */
    const struct toyvm_config fleet_config = {65536, "size", false, false, "lse"};
    aotcompat_engine *fleet = toyvm_engine(&fleet_config);
    static const struct expected fleet_mismatches[] = {
        {"isa-flag", "has_neon", "true", "", "neon",
         "ISA flag \"has_neon\" needs host feature \"neon\", which the host does not have"},
        {"tunable", "stack_size", "131072", "65536", NULL,
         "tunable \"stack_size\" is 131072 in the artifact but 65536 in the host"},
        {"feature", "threads", "true", "false", NULL, "feature \"threads\" is enabled in the artifact but not in the host"},
    };
    const size_t fleet_count = sizeof fleet_mismatches / sizeof fleet_mismatches[0];

    status = check(fleet, bytes, len, kind, false, &report, &err);
    printf("\n5. check against the fleet (first mismatch): %s\n   %s\n", aotcompat_status_str(status),
           aotcompat_report_message(report));
    CHECK(status == AOTCOMPAT_STATUS_INCOMPATIBLE);
    CHECK(aotcompat_report_mismatch_count(report) == 1);
    CHECK_STR(aotcompat_report_message(report), fleet_mismatches[0].message);
    CHECK(err == NULL);
    check_mismatch(report, 0, &fleet_mismatches[0]);
    aotcompat_report_free(report);
    report = NULL;
    clear_error(&err);

    status = check(fleet, bytes, len, kind, true, &report, &err);
    printf("   check against the fleet (every mismatch): %s\n", aotcompat_status_str(status));
    print_report(report);
    CHECK(status == AOTCOMPAT_STATUS_INCOMPATIBLE);
    CHECK(aotcompat_report_mismatch_count(report) == fleet_count);
    for (size_t i = 0; i < fleet_count; i++) {
        check_mismatch(report, i, &fleet_mismatches[i]);
    }
    CHECK_STR(aotcompat_report_message(report), fleet_mismatches[0].message);
    aotcompat_report_free(report);
    report = NULL;
    clear_error(&err);

    /* The fleet's own artifacts fail on the build machine only where the
     * rules say so: bounds_checks must be true. */
    aotcompat_bytes *fleet_artifact = NULL;
    CHECK_STATUS(aotcompat_artifact_write(fleet, AOTCOMPAT_KIND_COMPONENT, NULL, 0, &fleet_artifact, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    status = check(toyvm, aotcompat_bytes_data(fleet_artifact), aotcompat_bytes_len(fleet_artifact),
                   AOTCOMPAT_KIND_NONE, true, &report, &err);
    printf("\n   a fleet artifact checked by the build machine's toyvm: %s\n", aotcompat_status_str(status));
    print_report(report);
    static const struct expected reverse_mismatches[] = {
        {"tunable", "stack_size", "65536", "131072", NULL,
         "tunable \"stack_size\" is 65536 in the artifact but 131072 in the host"},
        {"tunable", "bounds_checks", "false", "true", NULL,
         "tunable \"bounds_checks\" is false in the artifact but must be true"},
    };
    CHECK(status == AOTCOMPAT_STATUS_INCOMPATIBLE);
    CHECK(aotcompat_report_mismatch_count(report) == 2);
    check_mismatch(report, 0, &reverse_mismatches[0]);
    check_mismatch(report, 1, &reverse_mismatches[1]);
    aotcompat_report_free(report);
    report = NULL;
    clear_error(&err);
    aotcompat_bytes_free(fleet_artifact);

    /* 6. Refusals. The wrong kind: */
    CHECK_STATUS(check(toyvm, bytes, len, AOTCOMPAT_KIND_COMPONENT, true, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    CHECK_STR(aotcompat_report_message(report), "incompatible object file format");
    aotcompat_report_free(report);
    report = NULL;
    clear_error(&err);

    /* A wasmtime artifact has no .aotcompat.engine section ... */
    aotcompat_engine *wasmtime = NULL;
    aotcompat_bytes *wasmtime_artifact = NULL;
    must_ok(aotcompat_engine_new_native("wasmtime-31", &wasmtime, &err), &err, "engine_new_native");
    CHECK_STATUS(aotcompat_artifact_write(wasmtime, AOTCOMPAT_KIND_MODULE, NULL, 0, &wasmtime_artifact, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(check(toyvm, aotcompat_bytes_data(wasmtime_artifact), aotcompat_bytes_len(wasmtime_artifact),
                       AOTCOMPAT_KIND_MODULE, true, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    printf("\n6. a wasmtime-31 artifact checked by toyvm: %s\n", aotcompat_report_message(report));
    CHECK(aotcompat_report_mismatch_count(report) == 1);
    CHECK(aotcompat_report_mismatch_category(report, 0) == AOTCOMPAT_CATEGORY_CONTAINER);
    CHECK_STR(aotcompat_report_mismatch_field(report, 0), ".aotcompat.engine");
    CHECK_STR(aotcompat_report_message(report), "failed to find section `.aotcompat.engine`");
    aotcompat_report_free(report);
    report = NULL;
    clear_error(&err);
    /* ... and a toyvm artifact no .wasmtime.engine section. */
    CHECK_STATUS(check(wasmtime, bytes, len, AOTCOMPAT_KIND_MODULE, false, &report, &err),
                 AOTCOMPAT_STATUS_INCOMPATIBLE, &err);
    printf("   a toyvm artifact checked by wasmtime 31: %s\n", aotcompat_report_message(report));
    CHECK(aotcompat_report_mismatch_category(report, 0) == AOTCOMPAT_CATEGORY_CONTAINER);
    CHECK_STR(aotcompat_report_message(report), "failed to find section `.wasmtime.engine`");
    aotcompat_report_free(report);
    report = NULL;
    clear_error(&err);
    aotcompat_bytes_free(wasmtime_artifact);
    aotcompat_engine_free(wasmtime);

    /* Rules and values that make no sense are refused when set. */
    aotcompat_engine_builder *b = NULL;
    must_ok(aotcompat_engine_builder_new("generic", &b, &err), &err, "engine_builder_new");
    must_ok(aotcompat_engine_builder_set_target(b, TOYVM_TARGET, &err), &err, "set_target");
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, 7, "x", AOTCOMPAT_RULE_EQUAL, NULL, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`setting`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_TUNABLE, "x", 99, NULL, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_TUNABLE, "x", AOTCOMPAT_RULE_VALUE, NULL,
                                                   &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_STR(aotcompat_error_message(err), "parameter `arg` must not be NULL");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_FEATURE, "x", AOTCOMPAT_RULE_VALUE, "maybe",
                                                   &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STR(aotcompat_error_message(err), "a feature's value is `true` or `false`, not `maybe`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_ISA_FLAG, "x", AOTCOMPAT_RULE_EQUAL, "neon",
                                                   &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_ISA_FLAG, "x", AOTCOMPAT_RULE_NEEDS_PROBE, "",
                                                   &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_TUNABLE, "x", AOTCOMPAT_RULE_VALUE, "\xff",
                                                   &err),
                 AOTCOMPAT_STATUS_INVALID_UTF8, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`arg`");
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_default_rule(b, AOTCOMPAT_SETTING_FEATURE, AOTCOMPAT_RULE_VALUE, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_default_rule(b, 4, AOTCOMPAT_RULE_IGNORE, &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_flag_bool(b, 5, "x", true, &err), AOTCOMPAT_STATUS_INVALID_ARGUMENT,
                 &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_version_none(b, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_version_wasmtime(b, &err), AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
                 &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_u64(NULL, "x", 1, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    /* Generic tunables take any name; JSON values are numbers, true/false,
     * strings or null. */
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "max_pages", "65536", &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "mode", "\"jit\"", &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "max_pages", "[1]", &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "max_pages", "-1", &err),
                 AOTCOMPAT_STATUS_TYPE_MISMATCH, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_tunable_json(b, "max_pages", "nope", &err),
                 AOTCOMPAT_STATUS_INVALID_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_engine_builder_set_feature(b, "tail_call", true, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_feature(b, "tail_call", false, &err), AOTCOMPAT_STATUS_OK, &err);

    /* A callback probe: its user data is finalized once, when the last
     * holder (builder, then engine) is gone. */
    int finalized = 0;
    CHECK_STATUS(aotcompat_engine_builder_set_probe_callback(b, knows_everything, &finalized, count_finalizer, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_rule(b, AOTCOMPAT_SETTING_ISA_FLAG, "has_neon",
                                                   AOTCOMPAT_RULE_NEEDS_PROBE, "neon", &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_neon", true, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    aotcompat_engine *any_cpu = NULL;
    CHECK_STATUS(aotcompat_engine_builder_build(b, &any_cpu, &err), AOTCOMPAT_STATUS_OK, &err);
    aotcompat_engine_builder_free(b);
    CHECK(finalized == 0);
    aotcompat_metadata *any_md = NULL;
    CHECK_STATUS(aotcompat_engine_describe(any_cpu, &any_md, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(aotcompat_metadata_tunable_count(any_md) == 2);
    CHECK_STR(aotcompat_metadata_tunable_json(any_md, 1), "\"jit\"");
    CHECK(aotcompat_metadata_feature_count(any_md) == 0);
    aotcompat_metadata_free(any_md);
    aotcompat_bytes *any_artifact = NULL;
    CHECK_STATUS(aotcompat_artifact_write(any_cpu, AOTCOMPAT_KIND_MODULE, NULL, 0, &any_artifact, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(check(any_cpu, aotcompat_bytes_data(any_artifact), aotcompat_bytes_len(any_artifact),
                       AOTCOMPAT_KIND_NONE, true, &report, &err),
                 AOTCOMPAT_STATUS_OK, &err);
    aotcompat_report_free(report);
    report = NULL;
    aotcompat_bytes_free(any_artifact);
    aotcompat_engine *second_owner = aotcompat_engine_clone(any_cpu);
    CHECK(second_owner == any_cpu);
    aotcompat_engine_free(any_cpu);
    CHECK(finalized == 0);
    aotcompat_engine_free(second_owner);
    CHECK(finalized == 1);

    aotcompat_engine_free(fleet);
    aotcompat_bytes_free(artifact);
    aotcompat_engine_free(toyvm);
    aotcompat_error_free(err);
    printf("\n");
    return test_summary("generic_demo");
}
