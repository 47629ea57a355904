#!/usr/bin/env bash
# Compares the C API with the Rust core on the same signing work and prints
# a Markdown section for BENCHMARKS.md. The Rust program times the core and
# the C API called from Rust in interleaved rounds of one process (median of
# the per-round ratios); the C program times the C API called from C. Both
# run alternately three times (median kept). Callgrind then counts
# instructions per call, which do not depend on the machine's load at all.
# usage: compare.sh RUST_BENCH C_BENCH
set -euo pipefail
rust=$1 c=$2
core=() ffi=() ratio=() capi=()
for _ in 1 2 3; do
  out=$("$rust" 80000)
  core+=("$(awk '$1 == "rust-core" {print $2}' <<<"$out")")
  ffi+=("$(awk '$1 == "rust-ffi" {print $2}' <<<"$out")")
  ratio+=("$(awk '$1 == "ffi-ratio" {print $2}' <<<"$out")")
  capi+=("$("$c" 80000 | awk '$1 == "c-api" {print $2}')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
r=$(median "${core[@]}") f=$(median "${ffi[@]}") q=$(median "${ratio[@]}") cc=$(median "${capi[@]}")
echo "## C library"
echo
echo "Command: \`make bench-c\`. One API Gateway GET (query, three headers, no body) signed and"
echo "freed per call; CPU time per call, medians of interleaved rounds."
echo
echo "| signer | ns per call | vs the Rust core |"
echo "| --- | ---: | ---: |"
awk -v r="$r" -v f="$f" -v q="$q" -v c="$cc" 'BEGIN {
  printf "| Rust core, `Signer::sign` | %.0f | 1.00 |\n", r
  printf "| C API called from Rust, same process (median of per-round ratios) | %.0f | %.2f |\n", f, q
  printf "| C API called from a C program (separate process) | %.0f | %.2f |\n", c, c / r }'
if command -v valgrind >/dev/null; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}'; }
  ri=$(count "$rust" 4000 core) ci=$(count "$c" 4000)
  echo
  awk -v r="$ri" -v c="$ci" 'BEGIN {
    printf "Instructions per call (callgrind, 4000 calls and setup): Rust core %.0f, C program %.0f (%.2f x).\n", r / 4000, c / 4000, c / r }'
fi
