#!/bin/sh
# A C compiler/linker for cargo that targets an old glibc: zig (PyPI's
# ziglang, in the repo venv) through maturin's `zig cc` wrapper, the same
# one `maturin build --zig` uses for the wheels. The C library's release
# tarballs link their shared library with it (mk/dist.mk), so that it needs
# only glibc 2.17 whatever machine built it.
#   SIGV4KIT_ZIG_TARGET=x86_64-linux-gnu.2.17 CARGO_TARGET_..._LINKER=this cargo build ...
root=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_ZIGBUILD_ZIG_COMMAND="$root/.venv/bin/python3"
export CARGO_ZIGBUILD_ZIG_COMMAND_ARGS='-m ziglang'
exec "$root/.venv/bin/maturin" zig cc -- -g -fno-sanitize=all -target "${SIGV4KIT_ZIG_TARGET:?}" "$@"
