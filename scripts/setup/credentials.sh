#!/usr/bin/env bash
# What the credential-chain matrix needs beyond the Python and Node set-ups:
# the AWS SDK for JavaScript's credential providers (the Node reference,
# pinned in scripts/credential-matrix/node/package-lock.json). botocore, the
# Python reference, comes with the Python set-up. Skips what is present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_node
npm_ci scripts/credential-matrix/node
