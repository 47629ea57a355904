#!/usr/bin/env bash
# Go for the Go package and its demo client: Debian's golang-go (1.19 on
# Debian 12) unless a Go of 1.19 or newer is already on PATH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

go_ok() {
  command -v go >/dev/null || return 1
  local v
  v=$(go env GOVERSION 2>/dev/null) || return 1 # go1.19.8
  v=${v#go}
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 19 ]; }
}
go_ok || apt_install golang-go
go_ok || { echo "setup-go: Go 1.19 or newer is needed; found $(go version 2>&1)" >&2; exit 1; }
