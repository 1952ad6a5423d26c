/*
 * test_registry: the code registry's C API: every status, lookups with and
 * without outputs, the global registry (whose free is a no-op), and lookups
 * racing with registrations on other threads.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

#include "test_util.h"

static void test_statuses(void) {
    aotcompat_error *err = NULL;
    aotcompat_registry *r = NULL;
    CHECK_STATUS(aotcompat_registry_new(NULL, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_registry_new(&r, &err), AOTCOMPAT_STATUS_OK, &err);

    CHECK_STATUS(aotcompat_registry_register(r, 0x1000, 0x1000, 7, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK_STATUS(aotcompat_registry_register(r, 0x2000, 0x100, 8, &err), AOTCOMPAT_STATUS_OK, &err); /* touching */
    CHECK_STATUS(aotcompat_registry_register(r, 0x1800, 0x10, 9, &err), AOTCOMPAT_STATUS_REGISTRY_OVERLAP, &err);
    CHECK(aotcompat_error_status(err) == AOTCOMPAT_STATUS_REGISTRY_OVERLAP);
    CHECK_CONTAINS(aotcompat_error_message(err), "0x1800");
    clear_error(&err);
    CHECK_STATUS(aotcompat_registry_register(r, 0x0f00, 0x200, 9, &err), AOTCOMPAT_STATUS_REGISTRY_OVERLAP, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_registry_register(r, 0x1000, 0x10, 9, &err), AOTCOMPAT_STATUS_REGISTRY_DUPLICATE, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_registry_register(r, UINTPTR_MAX - 10, 100, 9, &err),
                 AOTCOMPAT_STATUS_REGISTRY_OVERFLOW, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_registry_register(r, 0x9000, 0, 9, &err), AOTCOMPAT_STATUS_OK, &err); /* empty */
    CHECK_STATUS(aotcompat_registry_register(NULL, 0x9000, 1, 9, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    CHECK_CONTAINS(aotcompat_error_message(err), "`registry`");
    clear_error(&err);

    uint64_t owner = 0;
    size_t offset = 0;
    CHECK(aotcompat_registry_lookup(r, 0x1234, &owner, &offset));
    CHECK(owner == 7 && offset == 0x234);
    CHECK(aotcompat_registry_lookup(r, 0x2000, &owner, &offset));
    CHECK(owner == 8 && offset == 0);
    CHECK(aotcompat_registry_lookup(r, 0x1fff, NULL, NULL));
    owner = 111;
    offset = 222;
    CHECK(!aotcompat_registry_lookup(r, 0x2100, &owner, &offset)); /* one past the end */
    CHECK(!aotcompat_registry_lookup(r, 0x0fff, &owner, &offset));
    CHECK(!aotcompat_registry_lookup(r, 0x9000, &owner, &offset));
    CHECK(owner == 111 && offset == 222); /* untouched on a miss */

    CHECK_STATUS(aotcompat_registry_unregister(r, 0x1001, &err), AOTCOMPAT_STATUS_REGISTRY_NOT_FOUND, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_registry_unregister(r, 0x1000, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(!aotcompat_registry_lookup(r, 0x1234, NULL, NULL));
    CHECK_STATUS(aotcompat_registry_unregister(r, 0x1000, &err), AOTCOMPAT_STATUS_REGISTRY_NOT_FOUND, &err);
    clear_error(&err);
    CHECK_STATUS(aotcompat_registry_unregister(NULL, 0x1000, &err), AOTCOMPAT_STATUS_NULL_ARGUMENT, &err);
    clear_error(&err);
    aotcompat_registry_free(r); /* frees the remaining range too */
}

static void test_global(void) {
    aotcompat_error *err = NULL;
    aotcompat_registry *g = aotcompat_registry_global();
    CHECK(g != NULL);
    CHECK(aotcompat_registry_global() == g);
    CHECK_STATUS(aotcompat_registry_register(g, 0x40000, 0x100, 42, &err), AOTCOMPAT_STATUS_OK, &err);
    aotcompat_registry_free(g); /* a no-op */
    uint64_t owner = 0;
    CHECK(aotcompat_registry_lookup(aotcompat_registry_global(), 0x40010, &owner, NULL));
    CHECK(owner == 42);
    /* Separate registries do not see each other's ranges. */
    aotcompat_registry *mine = NULL;
    must(aotcompat_registry_new(&mine, &err), err, "registry_new");
    CHECK(!aotcompat_registry_lookup(mine, 0x40010, NULL, NULL));
    CHECK_STATUS(aotcompat_registry_register(mine, 0x40000, 0x100, 43, &err), AOTCOMPAT_STATUS_OK, &err);
    aotcompat_registry_free(mine);
    CHECK_STATUS(aotcompat_registry_unregister(g, 0x40000, &err), AOTCOMPAT_STATUS_OK, &err);
    CHECK(!aotcompat_registry_lookup(g, 0x40010, NULL, NULL));
}

/* Lookups of a fixed range must always succeed while other ranges come and
 * go on other threads. */
#define READERS 3
#define WRITER_ROUNDS 2000

struct race {
    aotcompat_registry *r;
    atomic_int stop;
    atomic_long misses;
    atomic_long lookups;
};

static void *reader(void *arg) {
    struct race *race = arg;
    while (!atomic_load(&race->stop)) {
        uint64_t owner = 0;
        size_t offset = 0;
        if (!aotcompat_registry_lookup(race->r, 0x100080, &owner, &offset) || owner != 1 || offset != 0x80) {
            atomic_fetch_add(&race->misses, 1);
        }
        atomic_fetch_add(&race->lookups, 1);
    }
    return NULL;
}

static void test_concurrent(void) {
    aotcompat_error *err = NULL;
    struct race race;
    race.r = NULL;
    atomic_init(&race.stop, 0);
    atomic_init(&race.misses, 0);
    atomic_init(&race.lookups, 0);
    must(aotcompat_registry_new(&race.r, &err), err, "registry_new");
    must(aotcompat_registry_register(race.r, 0x100000, 0x1000, 1, &err), err, "register");

    pthread_t threads[READERS];
    for (int i = 0; i < READERS; i++) {
        CHECK(pthread_create(&threads[i], NULL, reader, &race) == 0);
    }
    /* Start writing only once every reader is looking up, so the two
     * overlap even where threads are serialized (valgrind runs one thread
     * at a time; there each update's wait for readers hands them the CPU). */
    while (atomic_load(&race.lookups) < READERS) {
        sched_yield();
    }
    long before = atomic_load(&race.lookups);
    int errors = 0;
    for (uintptr_t i = 0; i < WRITER_ROUNDS; i++) {
        uintptr_t start = 0x200000 + (i % 64) * 0x1000;
        if (aotcompat_registry_register(race.r, start, 0x800, 100 + i, NULL) != AOTCOMPAT_STATUS_OK) {
            errors++;
        }
        if (aotcompat_registry_unregister(race.r, start, NULL) != AOTCOMPAT_STATUS_OK) {
            errors++;
        }
    }
    /* At least one more round of lookups after the writes began. */
    while (atomic_load(&race.lookups) < before + READERS) {
        sched_yield();
    }
    atomic_store(&race.stop, 1);
    for (int i = 0; i < READERS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
    }
    CHECK(errors == 0);
    CHECK(atomic_load(&race.misses) == 0);
    CHECK(atomic_load(&race.lookups) >= before + READERS);
    aotcompat_registry_free(race.r);
}

int main(void) {
    test_statuses();
    test_global();
    test_concurrent();
    return test_summary("test_registry");
}
