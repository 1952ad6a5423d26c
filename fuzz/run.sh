#!/usr/bin/env bash
# Runs the fuzz targets one after another, each for SECONDS (default 600),
# niced, with the dictionary and a 64 KiB input limit; then minimizes each
# corpus in place (cargo fuzz cmin) and keeps, of what is left, the
# smallest files within CORPUS_BUDGET bytes (default 1 MiB) plus every
# file named regression-*. Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install --locked cargo-fuzz`); RUSTC_BOOTSTRAP
# lets libFuzzer's sanitizer flags build on stable Rust.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(agreement framing decode roundtrip c_api writer stamp digest)
fi
mkdir -p logs
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== $t for ${seconds}s"
    RUSTC_BOOTSTRAP=1 CARGO_BUILD_JOBS=1 nice -n 10 cargo fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len=65536 -dict=elf.dict -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" > "logs/$t.log" 2>&1 || {
        echo "$t: FAILED (logs/$t.log, artifacts/$t/)"
        tail -40 "logs/$t.log"
        continue
    }
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb' "logs/$t.log" || true
    RUSTC_BOOTSTRAP=1 CARGO_BUILD_JOBS=1 nice -n 10 cargo fuzz cmin "$t" "corpus/$t" \
        -- -max_len=65536 > "logs/$t.cmin.log" 2>&1 || echo "$t: cmin failed"
    budget=${CORPUS_BUDGET:-1048576}
    total=0
    for f in $(ls -Sr "corpus/$t"); do
        size=$(stat -c %s "corpus/$t/$f")
        case "$f" in regression-*) continue ;; esac
        if [ $((total + size)) -le "$budget" ]; then
            total=$((total + size))
        else
            rm -f "corpus/$t/$f"
        fi
    done
    echo "$t: corpus $(ls "corpus/$t" | wc -l) files, $(du -sh --apparent-size "corpus/$t" | cut -f1)"
done
