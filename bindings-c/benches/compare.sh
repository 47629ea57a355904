#!/usr/bin/env bash
# Compares the C API with the Rust core on the same signing work and prints
# a Markdown section for BENCHMARKS.md. RUST_BENCH (examples/bench_core,
# built with the C loop of bench_loop.c linked in) times, in interleaved
# rounds of one process, the core, the C API called from Rust and C code
# calling the C API (each both with sigv4kit_sign and a result freed per
# call, and with sigv4kit_sign_into into one reused output), and reports the
# medians of the per-round ratios to the core; it runs three times and the
# median run is kept. Then two threads
# sharing one signer are timed against one, for the core and the C loop.
# Callgrind counts instructions per call, which do not depend on the
# machine's load at all: the core (RUST_BENCH) and C_BENCH, the C loop as a
# C program of its own.
# usage: compare.sh RUST_BENCH C_BENCH
set -euo pipefail
rust=$1 c=$2
core=() ffi=() ratio=() cloop=() cratio=() into=() iratio=() cinto=() ciratio=()
for _ in 1 2 3; do
  out=$("$rust" 80000)
  field() { awk -v k="$1" '$1 == k {print $2}' <<<"$out"; }
  core+=("$(field rust-core)") ffi+=("$(field rust-ffi)") ratio+=("$(field ffi-ratio)")
  cloop+=("$(field c-loop)") cratio+=("$(field c-ratio)")
  into+=("$(field rust-into)") iratio+=("$(field into-ratio)")
  cinto+=("$(field c-into)") ciratio+=("$(field c-into-ratio)")
  rust2=$(field rust-two-threads) c2=$(field c-two-threads) ci2=$(field c-into-two-threads) cown=$(field c-into-two-threads-own) load=$(field load)
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
r=$(median "${core[@]}") f=$(median "${ffi[@]}") q=$(median "${ratio[@]}")
cl=$(median "${cloop[@]}") cq=$(median "${cratio[@]}")
ri=$(median "${into[@]}") riq=$(median "${iratio[@]}") ci=$(median "${cinto[@]}") ciq=$(median "${ciratio[@]}")
echo "## C library"
echo
echo "Command: \`make bench-c\`. One API Gateway GET (query, three headers, no body) signed per"
echo "call, in one process (\`bindings-c/examples/bench_core.rs\` with the C loop of"
echo "\`bindings-c/benches/bench_loop.c\` linked in): short batches of each in turn, CPU time per call,"
echo "ratios to the core as medians of the per-round ratios (median of three runs). The core's result"
echo "is dropped per call; the C API either returns a new result freed per call (\`sigv4kit_sign\`) or"
echo "signs into one output the caller reuses (\`sigv4kit_sign_into\`)."
echo
echo "| signer | ns per call | vs the Rust core |"
echo "| --- | ---: | ---: |"
awk -v r="$r" -v f="$f" -v q="$q" -v c="$cl" -v cq="$cq" -v ri="$ri" -v riq="$riq" -v ci="$ci" -v ciq="$ciq" 'BEGIN {
  printf "| Rust core, `Signer::sign` (request built once) | %.0f | 1.00 |\n", r
  printf "| C API called from Rust, `sigv4kit_sign_into` | %.0f | %.3f |\n", ri, riq
  printf "| C API called from C code (`bench_loop.c`), `sigv4kit_sign_into` | %.0f | %.3f |\n", ci, ciq
  printf "| C API called from Rust, `sigv4kit_sign` + free | %.0f | %.3f |\n", f, q
  printf "| C API called from C code, `sigv4kit_sign` + free | %.0f | %.3f |\n", c, cq }'
echo
echo "Two threads sharing one signer and one credentials handle (20000 GETs per thread per round,"
echo "wall time, median of 7 rounds, last run): Rust core ${rust2}x, C loop ${ci2}x with \`sigv4kit_sign_into\`"
echo "(${c2}x with \`sigv4kit_sign\` + free) the throughput of one thread; ${cown}x with \`sigv4kit_sign_into\` when each thread"
echo "has a signer and credentials handle of its own (nothing shared: the gap is what sharing costs)"
echo "(load average ${load} while it ran, on $(nproc) cores; 2.00 would be perfect scaling on 2 free cores)."
if command -v valgrind >/dev/null; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}'; }
  rn=$(count "$rust" 4000 core) cn=$(count "$c" 4000) cin=$(count "$c" 4000 into)
  echo
  awk -v r="$rn" -v c="$cn" -v ci="$cin" 'BEGIN {
    printf "Instructions per call (callgrind, 4000 calls and setup): Rust core %.0f, C program %.0f with\n", r / 4000, ci / 4000
    printf "`sigv4kit_sign_into` (%.3f x), %.0f with `sigv4kit_sign` + free (%.3f x).\n", ci / r, c / 4000, c / r }'
fi
