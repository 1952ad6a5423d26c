/**
 * \file aotcompat.hpp
 * \brief libaotcompat for C++17: a header-only wrapper of aotcompat.h.
 *
 * - **Handles are RAII types.** aotcompat::engine is reference-counted
 *   (copying it adds an owner, as aotcompat_engine_clone() does) and safe
 *   to share between threads; aotcompat::report, aotcompat::metadata and
 *   aotcompat::engine_builder are move-only. Nothing needs freeing by hand.
 * - **Errors are exceptions.** A call that fails throws aotcompat::error,
 *   which carries the library's status code and message. An incompatible
 *   artifact is not a failure: checks return an aotcompat::report either
 *   way, and throw only when the check itself could not run (a NULL or
 *   invalid argument, an unreadable file, an internal error).
 * - **Inputs** are `std::string_view` (copied into a NUL-terminated string
 *   for the call) and byte ranges (aotcompat::bytes_view, made from a
 *   pointer and a length, a `std::vector<uint8_t>`, or a
 *   `std::string_view`).
 * - **Strings out** are `std::string_view`s into the handle they came
 *   from, valid as long as that handle lives.
 * - **Probe callbacks** are `std::function`s; an exception thrown by one
 *   counts as "unknown" and never crosses the library.
 *
 * Link with `-laotcompat` (pkg-config module `aotcompat`).
 */
#ifndef AOTCOMPAT_HPP
#define AOTCOMPAT_HPP

#include "aotcompat.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aotcompat {

/** A failed call: the library's status code and message. */
class error : public std::runtime_error {
public:
    error(aotcompat_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    /** The status the call returned (an `AOTCOMPAT_STATUS_*` value). */
    aotcompat_status status() const noexcept { return status_; }
    /** The status code's fixed description. */
    std::string_view status_text() const noexcept { return aotcompat_status_str(status_); }

private:
    aotcompat_status status_;
};

/** What an artifact holds; `legacy` (wasmtime's pre-3.0 format) only
 *  from detection. */
enum class kind : aotcompat_kind {
    none = AOTCOMPAT_KIND_NONE,
    module = AOTCOMPAT_KIND_MODULE,
    component = AOTCOMPAT_KIND_COMPONENT,
    legacy = AOTCOMPAT_KIND_LEGACY,
};

/** A read-only byte range. */
struct bytes_view {
    const uint8_t *data = nullptr;
    size_t size = 0;
    bytes_view() = default;
    bytes_view(const uint8_t *d, size_t n) : data(d), size(n) {}
    bytes_view(const std::vector<uint8_t> &v) : data(v.data()), size(v.size()) {}
    bytes_view(std::string_view s) : data(reinterpret_cast<const uint8_t *>(s.data())), size(s.size()) {}
};

namespace detail {

/** Throws the error of a failed call. */
[[noreturn]] inline void fail(aotcompat_status status, aotcompat_error *err) {
    std::string message = aotcompat_error_message(err);
    aotcompat_error_free(err);
    throw error(status, message);
}

/** Calls a fallible C function whose last parameter is `err`; throws on
 *  failure. */
template <typename F, typename... Args>
void call(F f, Args... args) {
    aotcompat_error *err = nullptr;
    aotcompat_status status = f(args..., &err);
    if (status != AOTCOMPAT_STATUS_OK) {
        fail(status, err);
    }
}

/** As call(), for a check: ::AOTCOMPAT_STATUS_INCOMPATIBLE is a verdict,
 *  not a failure. */
template <typename F, typename... Args>
void check(F f, Args... args) {
    aotcompat_error *err = nullptr;
    aotcompat_status status = f(args..., &err);
    if (status != AOTCOMPAT_STATUS_OK && status != AOTCOMPAT_STATUS_INCOMPATIBLE) {
        fail(status, err);
    }
}

inline std::string_view view(const char *s) { return s ? std::string_view(s) : std::string_view(); }

template <typename T, void (*Free)(T *)>
struct deleter {
    void operator()(T *p) const noexcept { Free(p); }
};

}  // namespace detail

/** The loaded library's version, such as "0.1.0". */
inline std::string_view version() { return aotcompat_version(); }

/** What the probe said about a host feature a mismatch needs. */
struct probe_query {
    std::string_view feature;
    /** ::AOTCOMPAT_PROBE_NO, ::AOTCOMPAT_PROBE_UNKNOWN or ::AOTCOMPAT_PROBE_ABSENT. */
    aotcompat_probe_answer answer;
};

/** One mismatch of a report (views into the report). */
struct mismatch {
    aotcompat_category category;
    std::string_view category_name, field, artifact, host, message;
    std::optional<probe_query> probe;
};

/** Where an artifact is weaker than the host engine's own compile (views
 *  into the report). */
struct advice {
    aotcompat_category category;
    std::string_view category_name, field, artifact, host, message;
};

/** The verdict of a check: compatible, or its mismatches. Move-only;
 *  iterate over it for the mismatches. */
class report {
public:
    explicit report(aotcompat_report *r) : r_(r) {}

    bool compatible() const { return aotcompat_report_is_compatible(r_.get()); }
    explicit operator bool() const { return compatible(); }
    /** The first mismatch's message (wasmtime's); empty when compatible. */
    std::string_view message() const { return detail::view(aotcompat_report_message(r_.get())); }
    size_t size() const { return aotcompat_report_mismatch_count(r_.get()); }
    /** What the check could not judge (never changes the verdict). */
    std::vector<std::string_view> notes() const {
        std::vector<std::string_view> out;
        for (size_t i = 0; i < aotcompat_report_note_count(r_.get()); i++) {
            out.push_back(detail::view(aotcompat_report_note(r_.get(), i)));
        }
        return out;
    }
    /** Where the artifact is weaker than the engine's own compile (full
     *  checks only; never changes the verdict). */
    std::vector<aotcompat::advice> advice() const {
        const aotcompat_report *r = r_.get();
        std::vector<aotcompat::advice> out;
        for (size_t i = 0; i < aotcompat_report_advice_count(r); i++) {
            aotcompat_category c = aotcompat_report_advice_category(r, i);
            out.push_back({c, detail::view(aotcompat_category_name(c)),
                           detail::view(aotcompat_report_advice_field(r, i)),
                           detail::view(aotcompat_report_advice_artifact(r, i)),
                           detail::view(aotcompat_report_advice_host(r, i)),
                           detail::view(aotcompat_report_advice_message(r, i))});
        }
        return out;
    }

    mismatch operator[](size_t i) const {
        const aotcompat_report *r = r_.get();
        mismatch m{aotcompat_report_mismatch_category(r, i),
                   detail::view(aotcompat_category_name(aotcompat_report_mismatch_category(r, i))),
                   detail::view(aotcompat_report_mismatch_field(r, i)),
                   detail::view(aotcompat_report_mismatch_artifact(r, i)),
                   detail::view(aotcompat_report_mismatch_host(r, i)),
                   detail::view(aotcompat_report_mismatch_message(r, i)),
                   std::nullopt};
        const char *feature = nullptr;
        aotcompat_probe_answer answer = AOTCOMPAT_PROBE_UNKNOWN;
        if (aotcompat_report_mismatch_probe(r, i, &feature, &answer)) {
            m.probe = probe_query{feature, answer};
        }
        return m;
    }

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = mismatch;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = mismatch;
        iterator(const report *r, size_t i) : r_(r), i_(i) {}
        mismatch operator*() const { return (*r_)[i_]; }
        iterator &operator++() {
            ++i_;
            return *this;
        }
        bool operator==(const iterator &o) const { return i_ == o.i_; }
        bool operator!=(const iterator &o) const { return i_ != o.i_; }

    private:
        const report *r_;
        size_t i_;
    };
    iterator begin() const { return iterator(this, 0); }
    iterator end() const { return iterator(this, size()); }

private:
    std::unique_ptr<aotcompat_report, detail::deleter<aotcompat_report, aotcompat_report_free>> r_;
};

/** An artifact's (or engine's) metadata. Move-only. */
class metadata {
public:
    explicit metadata(aotcompat_metadata *m) : m_(m) {}

    /** Reads the artifact at `path` (profile: empty for the one that fits). */
    static metadata read_file(std::string_view path, std::string_view profile = {}) {
        aotcompat_metadata *out = nullptr;
        std::string p(path), pr(profile);
        detail::call(aotcompat_metadata_read_file, profile.empty() ? nullptr : pr.c_str(), p.c_str(), &out);
        return metadata(out);
    }
    static metadata read(bytes_view bytes, std::string_view profile = {}) {
        aotcompat_metadata *out = nullptr;
        std::string pr(profile);
        detail::call(aotcompat_metadata_read, profile.empty() ? nullptr : pr.c_str(), bytes.data, bytes.size,
                     &out);
        return metadata(out);
    }

    aotcompat::kind kind() const { return static_cast<aotcompat::kind>(aotcompat_metadata_kind(m_.get())); }
    std::string_view profile() const { return aotcompat_metadata_profile(m_.get()); }
    std::string_view version() const { return aotcompat_metadata_version(m_.get()); }
    std::string_view target() const { return aotcompat_metadata_target(m_.get()); }
    /** The value of tunable `name` as text ("4294967296", "true", ...). */
    std::string_view tunable(std::string_view name) const {
        const char *value = nullptr;
        std::string n(name);
        detail::call(aotcompat_metadata_tunable, m_.get(), n.c_str(), &value);
        return value;
    }
    bool feature(std::string_view name) const {
        bool on = false;
        std::string n(name);
        detail::call(aotcompat_metadata_feature, m_.get(), n.c_str(), &on);
        return on;
    }
    /** (name, value) of every flag of `set` (::AOTCOMPAT_FLAG_SET_SHARED or _ISA). */
    std::vector<std::pair<std::string_view, std::string_view>> flags(aotcompat_flag_set set) const {
        std::vector<std::pair<std::string_view, std::string_view>> out;
        for (size_t i = 0; i < aotcompat_metadata_flag_count(m_.get(), set); i++) {
            out.emplace_back(aotcompat_metadata_flag_name(m_.get(), set, i),
                             aotcompat_metadata_flag_value(m_.get(), set, i));
        }
        return out;
    }

private:
    std::unique_ptr<aotcompat_metadata, detail::deleter<aotcompat_metadata, aotcompat_metadata_free>> m_;
};

/** Whether `bytes` is a module, a component, a pre-3.0 artifact
 *  (`kind::legacy`) or neither (empty profile: the wasmtime that wrote
 *  it). */
inline kind detect(bytes_view bytes, std::string_view profile = {}) {
    aotcompat_kind k = AOTCOMPAT_KIND_NONE;
    std::string pr(profile);
    detail::call(aotcompat_detect, profile.empty() ? nullptr : pr.c_str(), bytes.data, bytes.size, &k);
    return static_cast<kind>(k);
}

inline kind detect_file(std::string_view path, std::string_view profile = {}) {
    aotcompat_kind k = AOTCOMPAT_KIND_NONE;
    std::string p(path), pr(profile);
    detail::call(aotcompat_detect_file, profile.empty() ? nullptr : pr.c_str(), p.c_str(), &k);
    return static_cast<kind>(k);
}

/** `artifact` with an integrity digest added, replacing the one it has
 *  (aotcompat_artifact_add_digest()). */
inline std::vector<uint8_t> add_digest(bytes_view artifact) {
    aotcompat_bytes *out = nullptr;
    detail::call(aotcompat_artifact_add_digest, artifact.data, artifact.size, &out);
    const uint8_t *data = aotcompat_bytes_data(out);
    std::vector<uint8_t> bytes(data, data + aotcompat_bytes_len(out));
    aotcompat_bytes_free(out);
    return bytes;
}

/** Verifies `artifact` against its integrity digest (aotcompat_verify())
 *  and returns the digest's root. Throws aotcompat::error with
 *  ::AOTCOMPAT_STATUS_NOT_VERIFIED (the message names what differs) or
 *  ::AOTCOMPAT_STATUS_NO_DIGEST. */
inline std::array<uint8_t, AOTCOMPAT_DIGEST_ROOT_LEN> verify(bytes_view artifact) {
    std::array<uint8_t, AOTCOMPAT_DIGEST_ROOT_LEN> root{};
    detail::call(aotcompat_verify, artifact.data, artifact.size, root.data());
    return root;
}

/** verify() for a file (aotcompat_verify_file()). */
inline std::array<uint8_t, AOTCOMPAT_DIGEST_ROOT_LEN> verify_file(std::string_view path) {
    std::array<uint8_t, AOTCOMPAT_DIGEST_ROOT_LEN> root{};
    std::string p(path);
    detail::call(aotcompat_verify_file, p.c_str(), root.data());
    return root;
}

/** The loading side of a check. Copyable (each copy is an owner) and safe
 *  to share between threads. */
class engine {
public:
    explicit engine(aotcompat_engine *e) : e_(e) {}
    engine(const engine &o) : e_(aotcompat_engine_clone(o.e_)) {}
    engine(engine &&o) noexcept : e_(std::exchange(o.e_, nullptr)) {}
    engine &operator=(engine o) noexcept {
        std::swap(e_, o.e_);
        return *this;
    }
    ~engine() { aotcompat_engine_free(e_); }

    /** The engine a default runtime of `profile` has on this machine. */
    static engine native(std::string_view profile) {
        aotcompat_engine *out = nullptr;
        std::string pr(profile);
        detail::call(aotcompat_engine_new_native, pr.c_str(), &out);
        return engine(out);
    }
    /** The engine that produced an artifact (empty profile: the one that fits). */
    static engine from_artifact(bytes_view bytes, std::string_view profile = {}) {
        aotcompat_engine *out = nullptr;
        std::string pr(profile);
        detail::call(aotcompat_engine_from_artifact, profile.empty() ? nullptr : pr.c_str(), bytes.data,
                     bytes.size, &out);
        return engine(out);
    }
    static engine from_artifact_file(std::string_view path, std::string_view profile = {}) {
        aotcompat_engine *out = nullptr;
        std::string p(path), pr(profile);
        detail::call(aotcompat_engine_from_artifact_file, profile.empty() ? nullptr : pr.c_str(), p.c_str(),
                     &out);
        return engine(out);
    }

    std::string_view profile() const { return aotcompat_engine_profile(e_); }
    std::string_view target() const { return aotcompat_engine_target(e_); }
    std::string_view version() const { return aotcompat_engine_version(e_); }

    /** Can this engine load the artifact? `all`: every mismatch, not only
     *  the first. */
    report check(bytes_view bytes, kind k = kind::none, bool all = true) const {
        aotcompat_report *out = nullptr;
        detail::check(all ? aotcompat_check_all : aotcompat_check, e_, bytes.data, bytes.size,
                     static_cast<aotcompat_kind>(k), &out);
        return report(out);
    }
    report check_file(std::string_view path, kind k = kind::none, bool all = true) const {
        aotcompat_report *out = nullptr;
        std::string p(path);
        detail::check(all ? aotcompat_check_file_all : aotcompat_check_file, e_, p.c_str(),
                     static_cast<aotcompat_kind>(k), &out);
        return report(out);
    }
    /** Can this engine run code on this machine? */
    report check_host(bool all = true) const {
        aotcompat_report *out = nullptr;
        detail::check(all ? aotcompat_engine_check_host_all : aotcompat_engine_check_host, e_, &out);
        return report(out);
    }

    std::array<uint8_t, AOTCOMPAT_KEY_LEN> load_key() const {
        std::array<uint8_t, AOTCOMPAT_KEY_LEN> key{};
        detail::call(aotcompat_engine_load_key, e_, key.data(), key.size());
        return key;
    }
    std::array<uint8_t, AOTCOMPAT_KEY_LEN> identity_key() const {
        std::array<uint8_t, AOTCOMPAT_KEY_LEN> key{};
        detail::call(aotcompat_engine_identity_key, e_, key.data(), key.size());
        return key;
    }
    /** The probe's answer: ::AOTCOMPAT_PROBE_YES, _NO, _UNKNOWN or _ABSENT. */
    aotcompat_probe_answer detect_feature(std::string_view feature) const {
        aotcompat_probe_answer answer = AOTCOMPAT_PROBE_UNKNOWN;
        std::string f(feature);
        detail::call(aotcompat_engine_detect_feature, e_, f.c_str(), &answer);
        return answer;
    }
    metadata describe() const {
        aotcompat_metadata *out = nullptr;
        detail::call(aotcompat_engine_describe, e_, &out);
        return metadata(out);
    }
    /** An artifact of kind `k` stamped with this engine. */
    std::vector<uint8_t> write(kind k = kind::module) const {
        aotcompat_bytes *out = nullptr;
        detail::call(aotcompat_artifact_write, e_, static_cast<aotcompat_kind>(k),
                     static_cast<const aotcompat_section *>(nullptr), size_t{0}, &out);
        const uint8_t *data = aotcompat_bytes_data(out);
        std::vector<uint8_t> bytes(data, data + aotcompat_bytes_len(out));
        aotcompat_bytes_free(out);
        return bytes;
    }
    /** `object` (an ELF64 relocatable object of this engine's machine)
     *  stamped as an artifact of kind `k`: this engine's sections added or
     *  replaced, every other section, symbol and relocation kept. */
    std::vector<uint8_t> stamp(bytes_view object, kind k = kind::module) const {
        aotcompat_bytes *out = nullptr;
        detail::call(aotcompat_artifact_stamp, e_, static_cast<aotcompat_kind>(k), object.data, object.size,
                     &out);
        const uint8_t *data = aotcompat_bytes_data(out);
        std::vector<uint8_t> bytes(data, data + aotcompat_bytes_len(out));
        aotcompat_bytes_free(out);
        return bytes;
    }

    const aotcompat_engine *get() const noexcept { return e_; }

private:
    aotcompat_engine *e_;
};

/** Describes an engine step by step. Move-only; one thread at a time.
 *  Setters return the builder. */
class engine_builder {
public:
    explicit engine_builder(std::string_view profile) {
        std::string pr(profile);
        aotcompat_engine_builder *out = nullptr;
        detail::call(aotcompat_engine_builder_new, pr.c_str(), &out);
        b_.reset(out);
    }
    static engine_builder from_artifact(bytes_view bytes, std::string_view profile = {}) {
        aotcompat_engine_builder *out = nullptr;
        std::string pr(profile);
        detail::call(aotcompat_engine_builder_from_artifact, profile.empty() ? nullptr : pr.c_str(), bytes.data,
                     bytes.size, &out);
        return engine_builder(out);
    }

    engine_builder &target(std::string_view triple) {
        std::string t(triple);
        detail::call(aotcompat_engine_builder_set_target, b_.get(), t.c_str());
        return *this;
    }
    engine_builder &flag(aotcompat_flag_set set, std::string_view name, bool value) {
        std::string n(name);
        detail::call(aotcompat_engine_builder_set_flag_bool, b_.get(), set, n.c_str(), value);
        return *this;
    }
    /** A named choice, such as opt_level = "speed". */
    engine_builder &flag(aotcompat_flag_set set, std::string_view name, const char *value) {
        std::string n(name), v(value);
        detail::call(aotcompat_engine_builder_set_flag_enum, b_.get(), set, n.c_str(), v.c_str());
        return *this;
    }
    engine_builder &tunable(std::string_view name, uint64_t value) {
        std::string n(name);
        detail::call(aotcompat_engine_builder_set_tunable_u64, b_.get(), n.c_str(), value);
        return *this;
    }
    engine_builder &tunable(std::string_view name, bool value) {
        std::string n(name);
        detail::call(aotcompat_engine_builder_set_tunable_bool, b_.get(), n.c_str(), value);
        return *this;
    }
    /** A named variant (wasmtime profiles) or a string (generic). */
    engine_builder &tunable(std::string_view name, std::string_view value) {
        std::string n(name), v(value);
        detail::call(aotcompat_engine_builder_set_tunable_str, b_.get(), n.c_str(), v.c_str());
        return *this;
    }
    engine_builder &tunable(std::string_view name, const char *value) {
        return tunable(name, std::string_view(value));
    }
    engine_builder &feature(std::string_view name, bool enabled = true) {
        std::string n(name);
        detail::call(aotcompat_engine_builder_set_feature, b_.get(), n.c_str(), enabled);
        return *this;
    }
    engine_builder &gc_support(bool enabled) {
        detail::call(aotcompat_engine_builder_set_gc_support, b_.get(), enabled);
        return *this;
    }
    /** A fixed list of host features: "sse3,avx2", `?name` unknown. */
    engine_builder &probe_list(std::string_view list) {
        std::string l(list);
        detail::call(aotcompat_engine_builder_set_probe_list, b_.get(), l.c_str());
        return *this;
    }
    engine_builder &probe_none() {
        detail::call(aotcompat_engine_builder_set_probe_none, b_.get());
        return *this;
    }
    /** A probe function: true, false, or std::nullopt for unknown. It is
     *  copied, kept as long as the library holds it, and may be called from
     *  any thread; an exception it throws counts as unknown. */
    engine_builder &probe(std::function<std::optional<bool>(std::string_view)> f) {
        auto *held = new std::function<std::optional<bool>(std::string_view)>(std::move(f));
        detail::call(aotcompat_engine_builder_set_probe_callback, b_.get(), &probe_trampoline,
                     static_cast<void *>(held), &probe_finalizer);
        return *this;
    }

    engine build() const {
        aotcompat_engine *out = nullptr;
        detail::call(aotcompat_engine_builder_build, b_.get(), &out);
        return engine(out);
    }

private:
    explicit engine_builder(aotcompat_engine_builder *b) : b_(b) {}

    static int32_t probe_trampoline(void *user_data, const char *feature) {
        try {
            auto *f = static_cast<std::function<std::optional<bool>(std::string_view)> *>(user_data);
            std::optional<bool> answer = (*f)(feature);
            return answer ? (*answer ? AOTCOMPAT_PROBE_YES : AOTCOMPAT_PROBE_NO) : AOTCOMPAT_PROBE_UNKNOWN;
        } catch (...) {
            return AOTCOMPAT_PROBE_UNKNOWN;
        }
    }
    static void probe_finalizer(void *user_data) {
        delete static_cast<std::function<std::optional<bool>(std::string_view)> *>(user_data);
    }

    std::unique_ptr<aotcompat_engine_builder,
                    detail::deleter<aotcompat_engine_builder, aotcompat_engine_builder_free>>
        b_;
};

}  // namespace aotcompat

#endif  // AOTCOMPAT_HPP
