#!/usr/bin/env bash
# Installs Go (Debian's golang-go; 1.19 or newer works) when `go` is missing.
set -euo pipefail
if ! command -v go >/dev/null; then
  echo "setup-go: installing golang-go" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go
fi
