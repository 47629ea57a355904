# Shared steps of the set-up scripts (sourced, not run). Each step installs
# one thing at a pinned version, skips it when that version is already
# there, and takes a lock first, so that `make -j2` can run two set-up
# targets at once without two apt-get, pip or npm runs on the same files.
#
# Pinned versions live beside the scripts that use them; a step never
# downloads anything but packages from the registries (Debian, crates.io,
# PyPI, npm).

setup_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
setup_locks="$setup_root/target/.setup-locks"
mkdir -p "$setup_locks"

# with_lock NAME CMD...: CMD under an exclusive lock named NAME.
with_lock() {
  local name=$1
  shift
  flock "$setup_locks/$name.lock" "$@"
}

# Debian's packages, when any is missing. One lock for the whole machine:
# dpkg allows one writer, and a second apt-get would fail rather than wait.
_apt_install_locked() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
apt_install() {
  local pkg missing=0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing=1
  done
  [ $missing -eq 0 ] && return 0
  mkdir -p /var/lock
  flock /var/lock/sigv4kit-apt.lock bash -c "$(declare -f _apt_install_locked); _apt_install_locked $*"
}

# cargo_tool CRATE VERSION BINARY: `cargo install` of a pinned tool into
# cargo's own bin folder, unless `BINARY --version` already names VERSION.
# No --locked: the tool's own lock file may name versions that the registry
# reachable here does not carry, and then a locked install cannot resolve.
cargo_tool() {
  local crate=$1 version=$2 binary=$3
  local bin_dir="${CARGO_HOME:-$HOME/.cargo}/bin" found
  for found in "$(command -v "$binary" 2>/dev/null)" "$bin_dir/$binary"; do
    if [ -n "$found" ] && "$found" --version 2>/dev/null | grep -qw -- "$version"; then
      return 0
    fi
  done
  echo "setup: building $crate $version (a few minutes, once)" >&2
  with_lock "cargo-install-$crate" cargo install --quiet "$crate" --version "=$version"
}

# npm_ci DIR: the packages of DIR's package-lock.json, when node_modules is
# missing or older than the lock file.
_npm_ci_if_stale() {
  cd "$1"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: npm ci in ${1#"$setup_root"/}" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
    touch node_modules/.package-lock.json
  fi
}
npm_ci() {
  local dir="$setup_root/$1"
  with_lock "npm-$(echo "$1" | tr '/' '_')" bash -c "$(declare -f _npm_ci_if_stale); setup_root='$setup_root'; _npm_ci_if_stale '$dir'"
}

# need_node: Node.js 18 or newer with npm.
need_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "setup: Node.js 18 or newer and npm are required (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 18 ]; then
    echo "setup: Node.js 18 or newer is required (found $(node --version))" >&2
    exit 1
  fi
}

# rust_target TARGET: a rustup target of the toolchain in use.
rust_target() {
  rustup target list --installed | grep -qx "$1" || with_lock rustup rustup target add "$1"
}
