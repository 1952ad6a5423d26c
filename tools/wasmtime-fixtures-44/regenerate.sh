#!/bin/sh
# Regenerates tests/fixtures/wasmtime-44 (or the directory given as $1).
# Three runs: gc build (fresh), build without the gc cargo feature (adds the
# -nogc hosts and artifacts), gc build again with --complete (fills the gc
# hosts' verdicts on the -nogc artifacts, re-checks everything, README).
set -eu
cd "$(dirname "$0")"
out="${1:-../../tests/fixtures/wasmtime-44}"
mkdir -p "$out"
cargo run -- "$out"
cargo run --no-default-features -- "$out"
cargo run -- "$out" --complete
