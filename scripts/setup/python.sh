#!/usr/bin/env bash
# What the Python wheel needs: the repo-root venv with maturin, the test and
# lint tools and the signers the tests compare with (pinned in
# requirements-python.txt), and openssl for the TLS proxy test's
# certificate. Skips what is present.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if ! command -v openssl >/dev/null; then
  apt-get update && apt-get install -y openssl
fi
bash "$root/scripts/setup/python-venv.sh" scripts/setup/requirements-python.txt
