#!/usr/bin/env bash
# Compares the C API with the Rust core on the same signing work: the two
# benchmark programs run alternately three times (best of each kept, as
# other load on the machine only ever slows a run down), then once each
# under callgrind, whose instruction counts do not depend on that load.
# usage: compare.sh RUST_BENCH C_BENCH
set -euo pipefail
rust=$1 c=$2
best() { sort -n | head -n1; }
r_runs=() c_runs=()
for _ in 1 2 3; do
  r_runs+=("$("$rust" 100000 | awk '{print $2}')")
  c_runs+=("$("$c" 100000 | awk '{print $2}')")
done
r=$(printf '%s\n' "${r_runs[@]}" | best)
cc=$(printf '%s\n' "${c_runs[@]}" | best)
echo "sign, wall clock (best of 3 x 5 rounds of 100000):"
echo "  rust core  $r ns/op"
echo "  C API      $cc ns/op"
awk -v r="$r" -v c="$cc" 'BEGIN { printf "  C / Rust   %.3f\n", c / r }'
if command -v valgrind >/dev/null; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}'; }
  ri=$(count "$rust" 2000) ci=$(count "$c" 2000)
  echo "sign, instructions (callgrind, 5 x 2000 signatures and setup):"
  awk -v r="$ri" -v c="$ci" 'BEGIN { printf "  rust core  %.0f instructions/op\n  C API      %.0f instructions/op\n  C / Rust   %.3f\n", r / 10000, c / 10000, c / r }'
fi
