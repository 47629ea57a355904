#!/usr/bin/env bash
# What the local gateway's tests need beyond the Rust toolchain: botocore,
# ruff and mypy in the repo venv (.venv), curl (it signs with --aws-sigv4
# since 7.75: a third independent signer), and @smithy/signature-v4 for the
# Node cross-check. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_node
bash "$setup_root/scripts/setup/python-venv.sh" scripts/setup/requirements-gateway.txt
command -v curl >/dev/null 2>&1 || apt_install curl
npm_ci examples/local-gateway/tests/node
