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
# machine's load at all, for the core and the C loop in RUST_BENCH (one
# build of the core for both), with and without the SHA-256 compressions
# (portable code under valgrind, SHA-NI natively), and C_BENCH, the C loop
# as a C program of its own. MEMORY_BENCH (benches/memory.c) says what the
# handles hold on the heap.
# usage: compare.sh RUST_BENCH C_BENCH MEMORY_BENCH
set -euo pipefail
rust=$1 c=$2 memory=$3
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
echo "\`bindings-c/benches/bench_loop.c\` linked in): short batches of each in turn (400 rounds of 200 calls), CPU time per call,"
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
echo "has a signer and credentials handle of its own (nothing shared)"
echo "(load average ${load} while it ran, on $(nproc) cores; 2.00 would be perfect scaling on 2 free cores)."
if command -v valgrind >/dev/null; then
  # Instructions of one run and, of those, the SHA-256 compressions':
  # "total hash". Per call: the difference between 8000 and 4000 calls,
  # so that setup is not counted.
  count() {
    local file
    file=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$file" "$@" >/dev/null 2>&1
    callgrind_annotate --threshold=100 "$file" 2>/dev/null | awk '
      /PROGRAM TOTALS/ {gsub(",", "", $1); total = $1}
      /soft::compress/ {gsub(",", "", $1); hash += $1}
      END {print total, hash + 0}'
    rm -f "$file"
  }
  # per_call COMMAND...: instructions and hash instructions per call of
  # COMMAND N [MODE], N being 4000 and 8000.
  per_call() {
    local prog=$1 small big
    shift
    small=$(count "$prog" 4000 "$@") big=$(count "$prog" 8000 "$@")
    awk -v s="$small" -v b="$big" 'BEGIN {split(s, x, " "); split(b, y, " "); print (y[1] - x[1]) / 4000, (y[2] - x[2]) / 4000}'
  }
  read -r rn rh <<<"$(per_call "$rust" core)"
  read -r cin _ <<<"$(per_call "$rust" c-into)"
  read -r cn _ <<<"$(per_call "$rust" c)"
  read -r pin _ <<<"$(per_call "$c" into)"
  echo
  awk -v r="$rn" -v h="$rh" -v c="$cn" -v ci="$cin" -v p="$pin" 'BEGIN {
    printf "Instructions per call (callgrind, 8000 calls less 4000, in the one binary above, so that each side\n"
    printf "runs the same build of the core): Rust core %.0f, C code calling `sigv4kit_sign_into` %.0f (%.3f x),\n", r, ci, ci / r
    printf "`sigv4kit_sign` + free %.0f (%.3f x). Valgrind'"'"'s CPU has no SHA extensions, so %.0f of the core'"'"'s %.0f are\n", c, c / r, h, r
    printf "portable SHA-256 compressions, which natively are a few SHA-NI instructions each: without them the\n"
    printf "core makes %.0f and the C layer adds %.0f to that (%.3f x) with `sigv4kit_sign_into`, %.0f (%.3f x) with\n", r - h, ci - r, (ci - h) / (r - h), c - r, (c - h) / (r - h)
    printf "`sigv4kit_sign` + free. A C program linking libsigv4kit_c.a (`bench_sign`, its own build of the core): %.0f\n", p
    printf "per call with `sigv4kit_sign_into`.\n" }'
fi
echo
"$memory"
