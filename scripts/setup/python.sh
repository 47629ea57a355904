#!/usr/bin/env bash
# What the Python wheel needs: the repo-root venv with maturin, the test and
# lint tools and the signers the tests compare with (pinned in
# requirements-python.txt), and openssl for the TLS proxy test's
# certificate. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v openssl >/dev/null || apt_install openssl
bash "$setup_root/scripts/setup/python-venv.sh" scripts/setup/requirements-python.txt
