# The cargo features of the browser engine (dist/web, and the pure-JavaScript
# engine of dist/js made from the same code): what `Signer`, `Credentials`,
# `PayloadHasher` and the integrations need, nothing of what only Node
# offers (verification, the shared AWS files, the credential chain), and
# nothing that the `sigv4kit/full` engine (sigv4a-entry.sh) adds: SigV4a,
# 403 diagnosis, the POST-policy presigner. Without the `std` feature, the
# engine is `no_std` (src/no_std.rs): no panic or formatting machinery of the
# standard library. Sourced
# by build.sh and wasm2js.sh; the Node engines take the crate's defaults.
# shellcheck shell=bash
BROWSER_ENGINE_FEATURES="--no-default-features --features compact-sha256"
