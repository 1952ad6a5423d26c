/*
 * Tiny test harness shared by the C test programs: CHECK records a pass or
 * a failure (with file and line) and TEST_SUMMARY prints the final
 * "N passed, N failed" line and yields the exit status.
 */
#ifndef AOTCOMPAT_TEST_UTIL_H
#define AOTCOMPAT_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aotcompat.h"

static int test_passed;
static int test_failed;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            test_passed++;                                                 \
        } else {                                                           \
            test_failed++;                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

/* A status check that also prints the error message on failure. */
#define CHECK_STATUS(expr, expected, errp)                                 \
    do {                                                                   \
        aotcompat_status check_status_got_ = (expr);                       \
        if (check_status_got_ == (expected)) {                             \
            test_passed++;                                                 \
        } else {                                                           \
            test_failed++;                                                 \
            fprintf(stderr, "%s:%d: %s returned %u (%s), expected %u: %s\n", \
                    __FILE__, __LINE__, #expr, (unsigned)check_status_got_, \
                    aotcompat_status_str(check_status_got_),               \
                    (unsigned)(expected), aotcompat_error_message(*(errp))); \
        }                                                                  \
    } while (0)

#define CHECK_STR(got, want) CHECK((got) != NULL && strcmp((got), (want)) == 0)
#define CHECK_CONTAINS(got, part) CHECK((got) != NULL && strstr((got), (part)) != NULL)

/* Frees *errp and resets it to NULL. */
static inline void clear_error(aotcompat_error **errp) {
    aotcompat_error_free(*errp);
    *errp = NULL;
}

static inline int test_summary(const char *name) {
    printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
    fflush(stdout);
    return test_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Dies on an unexpected failure in test setup. */
static inline void must(aotcompat_status status, aotcompat_error *err, const char *what) {
    if (status != AOTCOMPAT_STATUS_OK) {
        fprintf(stderr, "setup failed: %s: %s (%s)\n", what, aotcompat_error_message(err),
                aotcompat_status_str(status));
        aotcompat_error_free(err);
        exit(2);
    }
}

#endif
