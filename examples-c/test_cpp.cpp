/*
 * The C++17 wrapper (include/aotcompat.hpp): RAII handles, exceptions,
 * iteration over a report, a std::function probe. Built with -Wall -Wextra
 * -Werror -pedantic and run plain, under ASan and under valgrind.
 *
 * Usage: test_cpp BUILD_DIR
 */
#include "aotcompat.hpp"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

static int passed, failed;

#define CHECK(cond)                                                               \
    do {                                                                          \
        if (cond) {                                                               \
            passed++;                                                             \
        } else {                                                                  \
            failed++;                                                             \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                         \
    } while (0)

int main() {
    using namespace aotcompat;

    // An engine of this machine writes an artifact it can load.
    engine native = engine::native("wasmtime-31");
    CHECK(native.profile() == "wasmtime-31");
    CHECK(native.version() == "31.0.0");
    std::vector<uint8_t> artifact = native.write(kind::module);
    CHECK(detect(artifact) == kind::module);
    report ok = native.check(artifact);
    CHECK(ok.compatible() && ok.size() == 0 && ok.message().empty());
    CHECK(native.check_host().compatible());

    // A fleet engine configured differently: every mismatch, iterated.
    engine fleet = engine_builder("wasmtime-31")
                       .tunable("epoch_interruption", true)
                       .tunable("collector", "Null")
                       .feature("threads", false)
                       .probe_list("sse3,ssse3")
                       .build();
    report r = fleet.check(artifact);
    CHECK(!r);
    std::vector<std::string> fields;
    for (const mismatch &m : r) {
        fields.push_back(std::string(m.field));
        CHECK(!m.category_name.empty() && !m.message.empty());
        std::printf("  [%.*s] %.*s: %.*s\n", (int)m.category_name.size(), m.category_name.data(),
                    (int)m.field.size(), m.field.data(), (int)m.message.size(), m.message.data());
    }
    CHECK(fields.size() == r.size() && r.size() >= 3);
    CHECK(r[0].message == r.message());
    report first = fleet.check(artifact, kind::none, false);
    CHECK(first.size() == 1);

    // Advice: an unoptimized artifact loads, and the full report says so.
    std::vector<uint8_t> slow =
        engine_builder::from_artifact(artifact).flag(AOTCOMPAT_FLAG_SET_SHARED, "opt_level", "none").build().write();
    report weaker = native.check(slow);
    CHECK(weaker.compatible());
    bool unoptimized = false;
    for (const advice &a : weaker.advice()) {
        unoptimized |= a.field == "opt_level" && a.artifact == "none" && a.category_name == "shared-flag";
    }
    CHECK(unoptimized);
    CHECK(native.check(artifact).advice().empty());
    CHECK(native.check(slow, kind::none, false).advice().empty());

    // Copies share the engine; keys are arrays.
    engine copy = fleet;
    CHECK(copy.load_key() == fleet.load_key());
    CHECK(native.load_key() != fleet.load_key());
    CHECK(engine::from_artifact(artifact).load_key() == native.load_key());
    CHECK(native.describe().tunable("epoch_interruption") == "false");
    CHECK(fleet.describe().tunable("collector") == "Null");

    // A std::function probe: the probe's answer has its own field.
    std::atomic<int> asked{0};
    engine picky = engine_builder::from_artifact(artifact)
                       .flag(AOTCOMPAT_FLAG_SET_ISA, "has_avx2", true)
                       .probe([&asked](std::string_view feature) -> std::optional<bool> {
                           asked++;
                           if (feature == "avx2") {
                               throw std::runtime_error("counts as unknown");
                           }
                           return true;
                       })
                       .build();
    std::vector<uint8_t> avx2 = picky.write();
    report p = picky.check(avx2);
    CHECK(!p.compatible() && p.size() == 1);
    CHECK(p[0].field == "has_avx2" && p[0].host.empty());
    CHECK(p[0].probe.has_value() && p[0].probe->feature == "avx2" &&
          p[0].probe->answer == AOTCOMPAT_PROBE_UNKNOWN);
    CHECK(picky.detect_feature("sse3") == AOTCOMPAT_PROBE_YES);
    CHECK(asked > 0);

    // From several threads at once.
    std::vector<std::thread> threads;
    std::atomic<int> compatible{0};
    for (int i = 0; i < 4; i++) {
        threads.emplace_back([&] {
            if (native.check(artifact).compatible()) {
                compatible++;
            }
        });
    }
    for (auto &t : threads) {
        t.join();
    }
    CHECK(compatible == 4);

    // Failures are exceptions carrying the status.
    try {
        engine::native("wasmtime-0");
        CHECK(false);
    } catch (const error &e) {
        CHECK(e.status() == AOTCOMPAT_STATUS_UNKNOWN_PROFILE);
        CHECK(e.status_text() == "unknown profile name");
        CHECK(std::strstr(e.what(), "wasmtime-31") != nullptr);
    }
    try {
        native.check_file("/nonexistent.cwasm");
        CHECK(false);
    } catch (const error &e) {
        CHECK(e.status() == AOTCOMPAT_STATUS_IO);
    }
    // Stamping: the native artifact restamped with the fleet's metadata
    // loads in the fleet engine; junk is an exception.
    std::vector<uint8_t> restamped = fleet.stamp(artifact, kind::module);
    CHECK(fleet.check(restamped).compatible());
    CHECK(!native.check(restamped).compatible());
    try {
        native.stamp(bytes_view(std::string_view("junk")));
        CHECK(false);
    } catch (const error &e) {
        CHECK(e.status() == AOTCOMPAT_STATUS_MALFORMED_ARTIFACT);
    }
    // Integrity digests: added, verified, a changed byte named.
    std::vector<uint8_t> digested = add_digest(artifact);
    auto root = verify(digested);
    CHECK(add_digest(digested) == digested);
    digested[30] ^= 1;
    try {
        verify(digested);
        CHECK(false);
    } catch (const error &e) {
        CHECK(e.status() == AOTCOMPAT_STATUS_NOT_VERIFIED);
        CHECK(std::string(e.what()).find("the ELF header") == 0);
    }
    try {
        verify(artifact);
        CHECK(false);
    } catch (const error &e) {
        CHECK(e.status() == AOTCOMPAT_STATUS_NO_DIGEST);
    }
    CHECK(root != decltype(root){});
    // Not an artifact: a verdict, not an exception.
    report junk = native.check(bytes_view(std::string_view("junk")));
    CHECK(!junk.compatible() && junk[0].category == AOTCOMPAT_CATEGORY_CONTAINER);

    metadata md = metadata::read(artifact);
    CHECK(md.profile() == "wasmtime-31" && md.kind() == kind::module && md.feature("simd"));
    CHECK(!md.flags(AOTCOMPAT_FLAG_SET_SHARED).empty());

    std::printf("test_cpp: %d passed, %d failed\n", passed, failed);
    std::fflush(stdout);
    return failed == 0 ? 0 : 1;
}
