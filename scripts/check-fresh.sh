#!/usr/bin/env bash
# make check-fresh: the README's two commands, as on a new machine.
#
# A fresh clone of HEAD runs `make demo`, then `make test`, with
#   - an empty CARGO_HOME (so no tool built by `cargo install` is there, and
#     the crates are fetched anew), the toolchain still reached through
#     rustup's proxies;
#   - a PATH from which the project's tools are hidden: cargo's bin folder,
#     virtualenvs and node_modules/.bin are dropped, and the check fails if
#     any of the tools below can still be found;
#   - no .venv, node_modules, target/ or dist/ (the clone has none).
# Debian packages (Go, Chromium, valgrind, ...) cannot be uninstalled for
# the check; the set-up targets install them, so what the check tests for
# them is that each target depends on the set-up it needs.
#
#   bash scripts/check-fresh.sh            (or: make check-fresh)
#   CHECK_FRESH_JOBS=1 ...                  make's -j for both commands (default 2)
#   CHECK_FRESH_KEEP=1 ...                  keep the folder afterwards
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${CHECK_FRESH_JOBS:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/sigv4kit-fresh.XXXXXX")
cleanup() {
  if [ "${CHECK_FRESH_KEEP:-0}" = 1 ]; then
    echo "check-fresh: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
  echo "check-fresh: note: uncommitted changes are not part of the check (it clones HEAD)" >&2
fi
git clone --quiet --no-hardlinks "$root" "$work/src"
echo "check-fresh: $(git -C "$work/src" log -1 --format='%h %s') in $work/src" >&2

# Tools the project installs itself; none may be found before it does.
hidden=(wasm-bindgen cbindgen cargo-fuzz maturin wasm-opt tsc ruff mypy pytest
  zig auditwheel patchelf bun deno esbuild workerd webpack vite)

real_cargo_bin=$(dirname "$(command -v rustup)")
toolchain="$work/toolchain"
mkdir -p "$toolchain" "$work/cargo-home/bin"
for tool in cargo rustc rustup rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
  if [ -e "$real_cargo_bin/$tool" ]; then ln -s "$real_cargo_bin/$tool" "$toolchain/$tool"; fi
done

path="$work/cargo-home/bin:$toolchain"
IFS=: read -r -a entries <<<"$PATH"
for dir in "${entries[@]}"; do
  case "$dir" in
    "" | "$real_cargo_bin" | */.cargo/bin | */.venv/bin | */node_modules/.bin) continue ;;
  esac
  if [ -n "${VIRTUAL_ENV:-}" ] && [ "$dir" = "$VIRTUAL_ENV/bin" ]; then continue; fi
  path="$path:$dir"
done

export CARGO_HOME="$work/cargo-home"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$path"
unset VIRTUAL_ENV CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR PYTHONPATH NODE_PATH
for tool in "${hidden[@]}"; do
  if found=$(command -v "$tool"); then
    echo "check-fresh: cannot hide $tool ($found): remove it from PATH and run again" >&2
    exit 1
  fi
done

started=$(date +%s)
status=0
run() { # LOG ARGS...
  local log=$1
  shift
  local t0
  t0=$(date +%s)
  echo "check-fresh: make -j$jobs $* (log: $log)" >&2
  if (cd "$work/src" && make -j"$jobs" "$@") >"$log" 2>&1; then
    echo "check-fresh: make $* passed in $(($(date +%s) - t0)) s" >&2
  else
    echo "check-fresh: make $* FAILED after $(($(date +%s) - t0)) s; its last lines:" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
}
mkdir -p "$root/target/check-fresh"
run "$root/target/check-fresh/demo.log" demo
if [ $status -eq 0 ]; then
  sed -n '/^client  /,/^demo: /p' "$root/target/check-fresh/demo.log" | tail -n 60
  run "$root/target/check-fresh/test.log" test
  [ $status -eq 0 ] && tail -n 1 "$root/target/check-fresh/test.log"
fi
echo "check-fresh: $([ $status -eq 0 ] && echo passed || echo FAILED) in $(($(date +%s) - started)) s (make demo, then make test, from nothing)"
exit $status
