/*
 * test_probe: the host-feature probe callback (user data, answers,
 * finalizer called exactly once when the last holder goes away) and checks
 * from several threads at once on shared engines.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#define THREADS 8
#define CHECKS_PER_THREAD 200

/* The probe's user data: what to answer, and what happened. */
struct probe_state {
    int32_t answer;           /* returned for "avx2" */
    atomic_int calls;         /* callback invocations */
    atomic_int finalized;     /* finalizer invocations */
    atomic_int wrong_name;    /* calls for anything but "avx2" */
};

static int32_t probe_cb(void *user_data, const char *feature) {
    struct probe_state *s = user_data;
    atomic_fetch_add(&s->calls, 1);
    if (strcmp(feature, "avx2") != 0) {
        atomic_fetch_add(&s->wrong_name, 1);
        return -1;
    }
    return s->answer;
}

static void finalize(void *user_data) {
    struct probe_state *s = user_data;
    atomic_fetch_add(&s->finalized, 1);
}

static void init_state(struct probe_state *s, int32_t answer) {
    s->answer = answer;
    atomic_init(&s->calls, 0);
    atomic_init(&s->finalized, 0);
    atomic_init(&s->wrong_name, 0);
}

/* An x86_64 host builder with the callback probe. */
static aotcompat_engine_builder *host_builder(struct probe_state *s) {
    aotcompat_engine_builder *b = NULL;
    aotcompat_error *err = NULL;
    must(aotcompat_engine_builder_new("wasmtime-31", &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_target(b, "x86_64-unknown-linux-gnu", &err), err, "target");
    must(aotcompat_engine_builder_set_probe_callback(b, probe_cb, s, finalize, &err), err, "callback");
    return b;
}

/* An x86_64 artifact that needs AVX2. */
static aotcompat_bytes *avx2_artifact(void) {
    aotcompat_engine_builder *b = NULL;
    aotcompat_engine *e = NULL;
    aotcompat_bytes *out = NULL;
    aotcompat_error *err = NULL;
    must(aotcompat_engine_builder_new("wasmtime-31", &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_target(b, "x86_64-unknown-linux-gnu", &err), err, "target");
    must(aotcompat_engine_builder_set_flag_bool(b, AOTCOMPAT_FLAG_SET_ISA, "has_avx2", true, &err), err, "isa");
    must(aotcompat_engine_builder_build(b, &e, &err), err, "build");
    must(aotcompat_artifact_write(e, AOTCOMPAT_KIND_MODULE, NULL, 0, &out, &err), err, "write");
    aotcompat_engine_free(e);
    aotcompat_engine_builder_free(b);
    return out;
}

static void test_answers(const aotcompat_bytes *artifact) {
    const struct {
        int32_t answer;
        aotcompat_status want;
        const char *message;
    } cases[] = {
        {1, AOTCOMPAT_STATUS_OK, NULL},
        {0, AOTCOMPAT_STATUS_INCOMPATIBLE, "is enabled, but not available on the host"},
        {-1, AOTCOMPAT_STATUS_INCOMPATIBLE, "failed to detect if target-specific flag \"has_avx2\""},
        {7, AOTCOMPAT_STATUS_INCOMPATIBLE, "failed to detect"}, /* other values: unknown */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct probe_state s;
        init_state(&s, cases[i].answer);
        aotcompat_engine_builder *b = host_builder(&s);
        aotcompat_engine *e = NULL;
        aotcompat_error *err = NULL;
        must(aotcompat_engine_builder_build(b, &e, &err), err, "build");
        aotcompat_report *report = NULL;
        CHECK_STATUS(aotcompat_check(e, aotcompat_bytes_data(artifact), aotcompat_bytes_len(artifact),
                                     AOTCOMPAT_KIND_MODULE, &report, &err),
                     cases[i].want, &err);
        if (cases[i].message) {
            CHECK_CONTAINS(aotcompat_report_message(report), cases[i].message);
        }
        CHECK(atomic_load(&s.calls) == 1);
        CHECK(atomic_load(&s.wrong_name) == 0);
        int32_t direct = 99;
        CHECK_STATUS(aotcompat_engine_detect_feature(e, "avx2", &direct, &err), AOTCOMPAT_STATUS_OK, &err);
        CHECK(direct == (cases[i].answer == 1 || cases[i].answer == 0 ? cases[i].answer : -1));
        aotcompat_report_free(report);
        aotcompat_error_free(err);
        aotcompat_engine_free(e);
        aotcompat_engine_builder_free(b);
        CHECK(atomic_load(&s.finalized) == 1);
    }
}

static void test_finalizer_lifetime(void) {
    struct probe_state s;
    init_state(&s, 1);
    aotcompat_error *err = NULL;
    aotcompat_engine_builder *b = host_builder(&s);
    aotcompat_engine *e1 = NULL, *e2 = NULL;
    must(aotcompat_engine_builder_build(b, &e1, &err), err, "build 1");
    must(aotcompat_engine_builder_build(b, &e2, &err), err, "build 2");
    aotcompat_engine *e1_copy = aotcompat_engine_clone(e1);

    aotcompat_engine_builder_free(b);
    CHECK(atomic_load(&s.finalized) == 0);
    aotcompat_engine_free(e1);
    CHECK(atomic_load(&s.finalized) == 0);
    aotcompat_engine_free(e2);
    CHECK(atomic_load(&s.finalized) == 0);
    aotcompat_engine_free(e1_copy); /* the last holder */
    CHECK(atomic_load(&s.finalized) == 1);

    /* Replacing the probe on a builder that built nothing releases it. */
    struct probe_state r;
    init_state(&r, 1);
    b = host_builder(&r);
    CHECK(atomic_load(&r.finalized) == 0);
    CHECK_STATUS(aotcompat_engine_builder_set_probe_native(b, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(atomic_load(&r.finalized) == 1);
    aotcompat_engine_builder_free(b);
    CHECK(atomic_load(&r.finalized) == 1);

    /* Ownership of user_data is taken even when the call fails. */
    struct probe_state f;
    init_state(&f, 1);
    must(aotcompat_engine_builder_new("wasmtime-31", &b, &err), err, "builder_new");
    CHECK_STATUS(aotcompat_engine_builder_set_probe_callback(b, NULL, &f, finalize, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`callback`");
    clear_error(&err);
    CHECK(atomic_load(&f.finalized) == 1);
    CHECK_STATUS(aotcompat_engine_builder_set_probe_callback(NULL, probe_cb, &f, finalize, &err),
                 AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK(atomic_load(&f.finalized) == 2);
    /* A NULL finalizer is fine. */
    CHECK_STATUS(aotcompat_engine_builder_set_probe_callback(b, probe_cb, &f, NULL, &err), AOTCOMPAT_STATUS_OK,
                 &err);
    aotcompat_engine_builder_free(b);
    CHECK(atomic_load(&f.finalized) == 2);
    CHECK(atomic_load(&f.calls) == 0);
}

/* Several threads checking with shared engines. */
struct worker {
    const aotcompat_engine *callback_engine;
    const aotcompat_engine *list_engine;
    const aotcompat_bytes *artifact;
    int failures;
};

static void *work(void *arg) {
    struct worker *w = arg;
    const uint8_t *bytes = aotcompat_bytes_data(w->artifact);
    size_t len = aotcompat_bytes_len(w->artifact);
    for (int i = 0; i < CHECKS_PER_THREAD; i++) {
        aotcompat_report *report = NULL;
        aotcompat_error *err = NULL;
        aotcompat_status st = (i % 2 ? aotcompat_check_all : aotcompat_check)(w->callback_engine, bytes, len,
                                                                            AOTCOMPAT_KIND_NONE, &report, &err);
        if (st != AOTCOMPAT_STATUS_OK || !aotcompat_report_is_compatible(report)) {
            w->failures++;
        }
        aotcompat_report_free(report);
        aotcompat_error_free(err);
        err = NULL;
        st = aotcompat_check(w->list_engine, bytes, len, AOTCOMPAT_KIND_MODULE, &report, &err);
        if (st != AOTCOMPAT_STATUS_INCOMPATIBLE || err != NULL ||
            strstr(aotcompat_report_message(report), "has_avx2") == NULL) {
            w->failures++;
        }
        aotcompat_report_free(report);
        aotcompat_error_free(err);
    }
    return NULL;
}

static void test_threads(const aotcompat_bytes *artifact) {
    struct probe_state s;
    init_state(&s, 1);
    aotcompat_error *err = NULL;
    aotcompat_engine_builder *b = host_builder(&s);
    aotcompat_engine *callback_engine = NULL;
    must(aotcompat_engine_builder_build(b, &callback_engine, &err), err, "build");
    aotcompat_engine_builder_free(b);

    must(aotcompat_engine_builder_new("wasmtime-31", &b, &err), err, "builder_new");
    must(aotcompat_engine_builder_set_target(b, "x86_64-unknown-linux-gnu", &err), err, "target");
    must(aotcompat_engine_builder_set_probe_list(b, "sse3,ssse3", &err), err, "list");
    aotcompat_engine *list_engine = NULL;
    must(aotcompat_engine_builder_build(b, &list_engine, &err), err, "build");
    aotcompat_engine_builder_free(b);

    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){callback_engine, list_engine, artifact, 0};
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        failures += workers[i].failures;
    }
    CHECK(failures == 0);
    CHECK(atomic_load(&s.calls) == THREADS * CHECKS_PER_THREAD);
    CHECK(atomic_load(&s.wrong_name) == 0);
    CHECK(atomic_load(&s.finalized) == 0);
    aotcompat_engine_free(callback_engine);
    CHECK(atomic_load(&s.finalized) == 1);
    aotcompat_engine_free(list_engine);
}

int main(void) {
    aotcompat_bytes *artifact = avx2_artifact();
    test_answers(artifact);
    test_finalizer_lifetime();
    test_threads(artifact);
    aotcompat_bytes_free(artifact);
    return test_summary("test_probe");
}
