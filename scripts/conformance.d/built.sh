# Sourced by the runners: Make builds them (`make build` or the binding's
# build-* target); a runner only runs. A missing build is an error; one older
# than its sources is run with a warning, so that results never silently
# come from stale code.
require_built() { # FILE TARGET SOURCE_DIR...
  local file=$1 target=$2
  shift 2
  if [ ! -e "$file" ]; then
    echo "conformance: $file is not built: run make $target" >&2
    exit 2
  fi
  if [ -n "$(find "$@" -newer "$file" -type f -print -quit 2>/dev/null)" ]; then
    echo "conformance: warning: sources changed since $file was built: run make $target" >&2
  fi
}
