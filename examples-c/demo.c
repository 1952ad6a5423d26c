/*
 * demo: the main job of libaotcompat, end to end.
 *
 *   1. probe this machine's CPU (the native probe),
 *   2. describe the engine that compiles code here (native defaults plus
 *      the compiler flags Cranelift would pick for this CPU),
 *   3. write an artifact stamped with that engine (aotcompat_artifact_write),
 *   4. detect it and read its metadata back,
 *   5. check it against the matching engine: compatible,
 *   6. check it against a mismatching "fleet" engine (epoch interruption on,
 *      a smaller memory reservation, no threads, an older CPU) and print
 *      every mismatch.
 *
 * Usage: demo [OUT.cwasm]   (also writes the artifact to OUT.cwasm)
 * Exits 0 when both verdicts are the expected ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aotcompat.h"

/* A CPU feature: its probe name (Rust std's) and Cranelift's ISA flag. */
struct cpu_feature {
    const char *probe;
    const char *flag;
};

static const struct cpu_feature x86_64_features[] = {
    {"sse3", "has_sse3"},   {"ssse3", "has_ssse3"},   {"sse4.1", "has_sse41"},
    {"sse4.2", "has_sse42"}, {"popcnt", "has_popcnt"}, {"avx", "has_avx"},
    {"avx2", "has_avx2"},   {"fma", "has_fma"},       {"bmi1", "has_bmi1"},
    {"bmi2", "has_bmi2"},   {"lzcnt", "has_lzcnt"},   {NULL, NULL},
};

static const struct cpu_feature aarch64_features[] = {
    {"lse", "has_lse"}, {"paca", "has_pauth"}, {"fp16", "has_fp16"}, {NULL, NULL},
};

static const struct cpu_feature no_features[] = {{NULL, NULL}};

/* Exits with the error's message when a setup step fails. */
static void ok(aotcompat_status status, aotcompat_error *err, const char *what) {
    if (status != AOTCOMPAT_STATUS_OK) {
        fprintf(stderr, "demo: %s failed: %s\n", what, aotcompat_error_message(err));
        aotcompat_error_free(err);
        exit(2);
    }
}

static const char *kind_name(aotcompat_kind kind) {
    switch (kind) {
    case AOTCOMPAT_KIND_MODULE: return "module";
    case AOTCOMPAT_KIND_COMPONENT: return "component";
    default: return "none";
    }
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
        const char *feature = NULL;
        aotcompat_probe_answer answer = AOTCOMPAT_PROBE_YES;
        printf("    [%s] %s: artifact=%s host=%s",
               aotcompat_category_name(aotcompat_report_mismatch_category(report, i)),
               aotcompat_report_mismatch_field(report, i),
               aotcompat_report_mismatch_artifact(report, i),
               aotcompat_report_mismatch_host(report, i));
        if (aotcompat_report_mismatch_probe(report, i, &feature, &answer)) {
            printf(" probe(%s)=%s", feature,
                   answer == AOTCOMPAT_PROBE_NO ? "no" : answer == AOTCOMPAT_PROBE_UNKNOWN ? "unknown" : "absent");
        }
        printf("\n      %s\n", aotcompat_report_mismatch_message(report, i));
    }
}

int main(int argc, char **argv) {
    aotcompat_error *err = NULL;
    int exit_code = EXIT_SUCCESS;

    printf("libaotcompat %s (ABI %u; header %s, ABI %d)\n", aotcompat_version(),
           aotcompat_abi_version(), AOTCOMPAT_VERSION, AOTCOMPAT_ABI_VERSION);
    if (aotcompat_abi_version() != AOTCOMPAT_ABI_VERSION) {
        fprintf(stderr, "demo: header and library ABI versions differ\n");
        return EXIT_FAILURE;
    }

    printf("built-in profiles:");
    for (size_t i = 0; i < aotcompat_profile_count(); i++) {
        printf("%s %s", i ? "," : "", aotcompat_profile_name(i));
    }
    printf("\n");

    /* 1. This machine, as a default wasmtime 31 sees it. */
    aotcompat_engine *native = NULL;
    ok(aotcompat_engine_new_native("wasmtime-31", &native, &err), err, "aotcompat_engine_new_native");
    const char *target = aotcompat_engine_target(native);
    printf("\n1. native engine: profile %s, target %s, version \"%s\"\n",
           aotcompat_engine_profile(native), target, aotcompat_engine_version(native));

    const struct cpu_feature *features = no_features;
    if (strncmp(target, "x86_64", 6) == 0) {
        features = x86_64_features;
    } else if (strncmp(target, "aarch64", 7) == 0) {
        features = aarch64_features;
    }
    printf("   host CPU features (native probe):");
    for (const struct cpu_feature *f = features; f->probe; f++) {
        int32_t answer = -1;
        ok(aotcompat_engine_detect_feature(native, f->probe, &answer, &err), err, "detect_feature");
        printf(" %s=%s", f->probe, answer == 1 ? "yes" : answer == 0 ? "no" : "unknown");
    }
    printf("\n");

    /* 2. The compiling engine: native defaults plus Cranelift-like flags. */
    aotcompat_engine_builder *builder = NULL;
    ok(aotcompat_engine_builder_new("wasmtime-31", &builder, &err), err, "builder_new");
    ok(aotcompat_engine_builder_set_flag_enum(builder, AOTCOMPAT_FLAG_SET_SHARED, "opt_level", "speed", &err),
       err, "set opt_level");
    ok(aotcompat_engine_builder_set_flag_enum(builder, AOTCOMPAT_FLAG_SET_SHARED, "libcall_call_conv",
                                              "isa_default", &err),
       err, "set libcall_call_conv");
    ok(aotcompat_engine_builder_set_flag_bool(builder, AOTCOMPAT_FLAG_SET_SHARED, "preserve_frame_pointers",
                                              true, &err),
       err, "set preserve_frame_pointers");
    ok(aotcompat_engine_builder_set_flag_bool(builder, AOTCOMPAT_FLAG_SET_SHARED, "enable_safepoints", true,
                                              &err),
       err, "set enable_safepoints");
    for (const struct cpu_feature *f = features; f->probe; f++) {
        int32_t answer = -1;
        ok(aotcompat_engine_detect_feature(native, f->probe, &answer, &err), err, "detect_feature");
        if (answer == 1) {
            ok(aotcompat_engine_builder_set_flag_bool(builder, AOTCOMPAT_FLAG_SET_ISA, f->flag, true, &err),
               err, "set ISA flag");
        }
    }
    aotcompat_engine *compiler = NULL;
    ok(aotcompat_engine_builder_build(builder, &compiler, &err), err, "build compiling engine");

    aotcompat_metadata *described = NULL;
    ok(aotcompat_engine_describe(compiler, &described, &err), err, "aotcompat_engine_describe");
    printf("\n2. compiling engine: %zu shared flags, %zu ISA flags, %zu tunables, %zu features\n",
           aotcompat_metadata_flag_count(described, AOTCOMPAT_FLAG_SET_SHARED),
           aotcompat_metadata_flag_count(described, AOTCOMPAT_FLAG_SET_ISA),
           aotcompat_metadata_tunable_count(described), aotcompat_metadata_feature_count(described));
    for (size_t i = 0; i < aotcompat_metadata_flag_count(described, AOTCOMPAT_FLAG_SET_ISA); i++) {
        printf("   isa %s = %s\n", aotcompat_metadata_flag_name(described, AOTCOMPAT_FLAG_SET_ISA, i),
               aotcompat_metadata_flag_value(described, AOTCOMPAT_FLAG_SET_ISA, i));
    }
    aotcompat_metadata_free(described);

    /* 3. An artifact stamped by the compiling engine. */
    static const uint8_t code[] = {0x90, 0x90, 0xc3};
    static const char info[] = "demo artifact";
    const aotcompat_section sections[] = {
        {".text", code, sizeof code, 16, AOTCOMPAT_SECTION_KIND_TEXT},
        {".wasmtime.info", (const uint8_t *)info, sizeof info - 1, 1, AOTCOMPAT_SECTION_KIND_READ_ONLY_DATA},
    };
    aotcompat_bytes *artifact = NULL;
    ok(aotcompat_artifact_write(compiler, AOTCOMPAT_KIND_MODULE, sections, 2, &artifact, &err), err,
       "aotcompat_artifact_write");
    const uint8_t *bytes = aotcompat_bytes_data(artifact);
    size_t len = aotcompat_bytes_len(artifact);
    printf("\n3. wrote a %zu-byte module artifact\n", len);
    if (argc > 1) {
        FILE *f = fopen(argv[1], "wb");
        if (f == NULL || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
            perror(argv[1]);
            return 2;
        }
        printf("   saved as %s\n", argv[1]);
    }

    /* 4. Detect it and read it back. */
    aotcompat_kind kind = AOTCOMPAT_KIND_NONE;
    ok(aotcompat_detect(NULL, bytes, len, &kind, &err), err, "aotcompat_detect");
    if (argc > 1) {
        aotcompat_kind file_kind = AOTCOMPAT_KIND_NONE;
        ok(aotcompat_detect_file(NULL, argv[1], &file_kind, &err), err, "aotcompat_detect_file");
        printf("\n4. detect: %s (file: %s)\n", kind_name(kind), kind_name(file_kind));
    } else {
        printf("\n4. detect: %s\n", kind_name(kind));
    }
    aotcompat_metadata *md = NULL;
    ok(aotcompat_metadata_read(NULL, bytes, len, &md, &err), err, "aotcompat_metadata_read");
    const char *reservation = NULL;
    ok(aotcompat_metadata_tunable(md, "memory_reservation", &reservation, &err), err, "tunable");
    printf("   metadata: profile %s, version \"%s\", target %s, memory_reservation %s\n",
           aotcompat_metadata_profile(md), aotcompat_metadata_version(md), aotcompat_metadata_target(md),
           reservation);
    aotcompat_metadata_free(md);

    /* 5. The engine that compiled it can load it. */
    aotcompat_report *report = NULL;
    aotcompat_status status = aotcompat_check_all(compiler, bytes, len, kind, &report, &err);
    printf("\n5. check against the compiling engine: %s\n", aotcompat_status_str(status));
    print_report(report);
    if (status != AOTCOMPAT_STATUS_OK) {
        exit_code = EXIT_FAILURE;
    }
    aotcompat_report_free(report);
    err = NULL;

    /* 6. A fleet engine configured differently, on an older CPU. */
    aotcompat_engine_builder *fleet_builder = NULL;
    ok(aotcompat_engine_builder_new("wasmtime-31", &fleet_builder, &err), err, "builder_new");
    ok(aotcompat_engine_builder_set_tunable_bool(fleet_builder, "epoch_interruption", true, &err), err,
       "set epoch_interruption");
    ok(aotcompat_engine_builder_set_tunable_u64(fleet_builder, "memory_reservation", UINT64_C(1) << 30, &err),
       err, "set memory_reservation");
    ok(aotcompat_engine_builder_set_feature(fleet_builder, "threads", false, &err), err, "set threads");
    ok(aotcompat_engine_builder_set_probe_list(fleet_builder, "sse3,ssse3", &err), err, "set probe list");
    aotcompat_engine *fleet = NULL;
    ok(aotcompat_engine_builder_build(fleet_builder, &fleet, &err), err, "build fleet engine");

    status = aotcompat_check(fleet, bytes, len, kind, &report, &err);
    printf("\n6. check against the fleet engine (parity): %s\n", aotcompat_status_str(status));
    printf("   wasmtime would say: %s\n", aotcompat_report_message(report));
    aotcompat_report_free(report);

    status = aotcompat_check_all(fleet, bytes, len, kind, &report, &err);
    printf("   check against the fleet engine (all mismatches): %s\n", aotcompat_status_str(status));
    print_report(report);
    if (status != AOTCOMPAT_STATUS_INCOMPATIBLE || aotcompat_report_mismatch_count(report) < 3) {
        exit_code = EXIT_FAILURE;
    }
    aotcompat_report_free(report);

    aotcompat_engine_free(fleet);
    aotcompat_engine_builder_free(fleet_builder);
    aotcompat_bytes_free(artifact);
    aotcompat_engine_free(compiler);
    aotcompat_engine_builder_free(builder);
    aotcompat_engine_free(native);
    printf("\ndemo %s\n", exit_code == EXIT_SUCCESS ? "finished as expected" : "FAILED");
    fflush(stdout);
    return exit_code;
}
