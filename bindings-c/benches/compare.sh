#!/usr/bin/env bash
# Compares the C API with the Rust core on the same signing work. The Rust
# program times the core and the C API called from Rust, alternating in one
# process; the C program times the C API called from C. They run alternately
# three times, best CPU time of each kept (other load on the machine only
# ever slows a run down), then once each under callgrind, whose instruction
# counts do not depend on that load at all.
# usage: compare.sh RUST_BENCH C_BENCH
set -euo pipefail
rust=$1 c=$2
core=() ffi=() capi=()
for _ in 1 2 3; do
  out=$("$rust" 100000)
  core+=("$(awk '$1 == "rust-core" {print $2}' <<<"$out")")
  ffi+=("$(awk '$1 == "rust-ffi" {print $2}' <<<"$out")")
  capi+=("$("$c" 100000 | awk '$1 == "c-api" {print $2}')")
done
best() { printf '%s\n' "$@" | sort -n | head -n1; }
r=$(best "${core[@]}") f=$(best "${ffi[@]}") cc=$(best "${capi[@]}")
echo "sign, CPU time per call (best of 3 runs x 5 rounds of 100000):"
awk -v r="$r" -v f="$f" -v c="$cc" 'BEGIN {
  printf "  rust core               %8.1f ns\n", r
  printf "  C API called from Rust  %8.1f ns   %.3f x core\n", f, f / r
  printf "  C API called from C     %8.1f ns   %.3f x core\n", c, c / r }'
if command -v valgrind >/dev/null; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}'; }
  echo "sign, instructions per call (callgrind, 5 rounds of 2000 and setup):"
  awk -v r="$(count "$rust" 2000 core)" -v c="$(count "$c" 2000)" 'BEGIN {
    printf "  rust core               %8.0f\n  C API called from C     %8.0f   %.3f x core\n", r / 10000, c / 10000, c / r }'
fi
