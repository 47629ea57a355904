#!/usr/bin/env bash
# What the local gateway's tests need beyond the Rust toolchain: botocore,
# ruff and mypy in the repo venv (.venv), curl, and @smithy/signature-v4 for
# the Node cross-check. Skips what is present.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

if [ -f scripts/setup/python-venv.sh ]; then
  bash scripts/setup/python-venv.sh scripts/setup/requirements-gateway.txt
else
  # Same steps as the shared venv script, for a tree that does not have it yet.
  if [ ! -x .venv/bin/python ]; then
    python3 -c 'import venv, ensurepip' 2>/dev/null || { apt-get update && apt-get install -y python3-venv; }
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
  fi
  stamp=.venv/.installed-requirements-gateway.txt
  if ! { [ -f "$stamp" ] && cmp -s scripts/setup/requirements-gateway.txt "$stamp"; }; then
    .venv/bin/python -m pip install --quiet -r scripts/setup/requirements-gateway.txt
    cp scripts/setup/requirements-gateway.txt "$stamp"
  fi
fi

# curl signs with --aws-sigv4 since 7.75 (bookworm has 7.88): a third
# independent signer for the tests.
command -v curl >/dev/null 2>&1 || { apt-get update && apt-get install -y --no-install-recommends curl; }

node_tests=examples/local-gateway/tests/node
if [ ! -d "$node_tests/node_modules/@smithy/signature-v4" ]; then
  (cd "$node_tests" && npm ci --no-audit --no-fund --silent)
fi
