#!/usr/bin/env bash
# What the browser tests need: Debian's chromium (driven through
# playwright-core or the DevTools protocol; no browser download) and
# playwright-core in examples/browser. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_node
command -v chromium >/dev/null 2>&1 || apt_install chromium
npm_ci examples/browser
