#!/usr/bin/env bash
# Rebuilds tests/fixtures/bti with the real wasmtime 31.0.0 (see its README).
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release
target/release/wasmtime-bti-fixture ../../tests/fixtures/bti
