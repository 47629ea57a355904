#!/usr/bin/env bash
# What the browser demo's test needs: Debian's chromium (Playwright drives
# it through playwright-core; no browser download) and playwright-core in
# examples/browser. Skips what is present.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends chromium
fi
if [ ! -d "$root/examples/browser/node_modules/playwright-core" ]; then
  (cd "$root/examples/browser" && npm ci --no-audit --no-fund --silent)
fi
