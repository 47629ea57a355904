#!/usr/bin/env bash
# Compares the C API with the Rust core on the same signing work and prints
# a Markdown section for BENCHMARKS.md. RUST_BENCH (examples/bench_core,
# built with the C loop of bench_loop.c linked in) times, in interleaved
# rounds of one process, the core, the C API called from Rust and C code
# calling the C API, and reports the medians of the per-round ratios to the
# core; it runs three times and the median run is kept. Then two threads
# sharing one signer are timed against one, for the core and the C loop.
# Callgrind counts instructions per call, which do not depend on the
# machine's load at all: the core (RUST_BENCH) and C_BENCH, the C loop as a
# C program of its own.
# usage: compare.sh RUST_BENCH C_BENCH
set -euo pipefail
rust=$1 c=$2
core=() ffi=() ratio=() cloop=() cratio=()
for _ in 1 2 3; do
  out=$("$rust" 80000)
  field() { awk -v k="$1" '$1 == k {print $2}' <<<"$out"; }
  core+=("$(field rust-core)") ffi+=("$(field rust-ffi)") ratio+=("$(field ffi-ratio)")
  cloop+=("$(field c-loop)") cratio+=("$(field c-ratio)")
  rust2=$(field rust-two-threads) c2=$(field c-two-threads) load=$(field load)
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
r=$(median "${core[@]}") f=$(median "${ffi[@]}") q=$(median "${ratio[@]}")
cl=$(median "${cloop[@]}") cq=$(median "${cratio[@]}")
echo "## C library"
echo
echo "Command: \`make bench-c\`. One API Gateway GET (query, three headers, no body) signed and"
echo "freed per call, in one process (\`bindings-c/examples/bench_core.rs\` with the C loop of"
echo "\`bindings-c/benches/bench_loop.c\` linked in): short batches of each in turn, CPU time per call,"
echo "ratios to the core as medians of the per-round ratios (median of three runs)."
echo
echo "| signer | ns per call | vs the Rust core |"
echo "| --- | ---: | ---: |"
awk -v r="$r" -v f="$f" -v q="$q" -v c="$cl" -v cq="$cq" 'BEGIN {
  printf "| Rust core, `Signer::sign` (request built once) | %.0f | 1.00 |\n", r
  printf "| C API called from Rust | %.0f | %.2f |\n", f, q
  printf "| C API called from C code (`bench_loop.c`) | %.0f | %.2f |\n", c, cq }'
echo
echo "Two threads sharing one signer and one credentials handle (20000 GETs per thread per round,"
echo "wall time, median of 7 rounds, last run): Rust core ${rust2}x, C loop ${c2}x the throughput of one thread"
echo "(load average ${load} while it ran, on $(nproc) cores; 2.00 would be perfect scaling on 2 free cores)."
if command -v valgrind >/dev/null; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}'; }
  ri=$(count "$rust" 4000 core) ci=$(count "$c" 4000)
  echo
  awk -v r="$ri" -v c="$ci" 'BEGIN {
    printf "Instructions per call (callgrind, 4000 calls and setup): Rust core %.0f, C program %.0f (%.2f x).\n", r / 4000, c / 4000, c / r }'
fi
