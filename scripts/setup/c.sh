#!/usr/bin/env bash
# Installs what the C library and its tests need: a C/C++ compiler, make,
# pkg-config and valgrind from Debian, and cbindgen at the version the
# committed header was generated with. Skips what is present.
set -euo pipefail
CBINDGEN_VERSION=0.29.0

missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v valgrind >/dev/null || missing+=(valgrind)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-c: installing ${missing[*]}" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ "$(cbindgen --version 2>/dev/null)" != "cbindgen $CBINDGEN_VERSION" ]; then
  echo "setup-c: installing cbindgen $CBINDGEN_VERSION" >&2
  cargo install cbindgen --version "=$CBINDGEN_VERSION" --locked
fi
