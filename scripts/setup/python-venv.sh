#!/usr/bin/env bash
# The repo-root Python tooling venv (.venv, git-ignored), shared by every
# binding that needs Python tools. Creates it if missing, then installs each
# requirements file given as an argument unless its stamp shows it is already
# installed with the same content. Under a lock: two set-up targets of
# `make -j2` may ask for it at once.
#
#   scripts/setup/python-venv.sh scripts/setup/requirements-NAME.txt ...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
venv="$setup_root/.venv"
python=${PYTHON:-python3}

make_venv() {
  if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
      # Debian splits venv support out of the interpreter.
      apt_install python3-venv
    fi
    echo "setup: creating .venv" >&2
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
  fi
  local requirements file stamp
  for requirements in "$@"; do
    file="$setup_root/$requirements"
    stamp="$venv/.installed-$(basename "$requirements")"
    if [ -f "$stamp" ] && cmp -s "$file" "$stamp"; then
      continue
    fi
    echo "setup: pip install -r $requirements" >&2
    "$venv/bin/python" -m pip install --quiet -r "$file"
    cp "$file" "$stamp"
  done
}
exec 9>"$setup_locks/venv.lock"
flock 9
make_venv "$@"
