/* check.c: can the engine that made HOST.cwasm load ARTIFACT.cwasm here? */
#include <aotcompat.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s ARTIFACT.cwasm HOST.cwasm\n", argv[0]);
        return 2;
    }
    aotcompat_engine *engine = NULL;
    aotcompat_report *report = NULL;
    aotcompat_error *err = NULL; /* receives an object only when a call fails */

    aotcompat_status status = aotcompat_engine_from_artifact_file(NULL, argv[2], &engine, &err);
    if (status == AOTCOMPAT_STATUS_OK) {
        status = aotcompat_check_file_all(engine, argv[1], AOTCOMPAT_KIND_NONE, &report, &err);
    }
    if (status == AOTCOMPAT_STATUS_OK) {
        printf("compatible\n");
    } else if (status == AOTCOMPAT_STATUS_INCOMPATIBLE) { /* a verdict: a report, no error */
        for (size_t i = 0; i < aotcompat_report_mismatch_count(report); i++) {
            printf("%s %s: artifact %s, host %s: %s\n",
                   aotcompat_category_name(aotcompat_report_mismatch_category(report, i)),
                   aotcompat_report_mismatch_field(report, i), aotcompat_report_mismatch_artifact(report, i),
                   aotcompat_report_mismatch_host(report, i), aotcompat_report_mismatch_message(report, i));
        }
    } else {
        fprintf(stderr, "error %u (%s): %s\n", (unsigned)status, aotcompat_status_str(status),
                aotcompat_error_message(err));
    }
    aotcompat_report_free(report);
    aotcompat_engine_free(engine);
    aotcompat_error_free(err);
    return status == AOTCOMPAT_STATUS_OK ? 0 : status == AOTCOMPAT_STATUS_INCOMPATIBLE ? 1 : 2;
}
