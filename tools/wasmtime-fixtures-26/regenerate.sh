#!/bin/sh
# Regenerates tests/fixtures/wasmtime-26 (or the directory given as $1).
# Three runs: gc build (fresh), build without the gc cargo feature (adds the
# -nogc host and artifact), gc build again with --complete (fills the gc
# hosts' verdicts on the -nogc artifact, re-checks everything, README).
# On a shared machine: CARGO_BUILD_JOBS=1 ./regenerate.sh
set -eu
cd "$(dirname "$0")"
out="${1:-../../tests/fixtures/wasmtime-26}"
mkdir -p "$out"
cargo run -- "$out"
cargo run --no-default-features -- "$out"
cargo run -- "$out" --complete
