#!/usr/bin/env bash
# The repo-root Python tooling venv (.venv, git-ignored), shared by every
# binding that needs Python tools. Creates it if missing, then installs each
# requirements file given as an argument unless its stamp shows it is already
# installed with the same content.
#
#   scripts/setup/python-venv.sh scripts/setup/requirements-NAME.txt ...
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
venv="$root/.venv"
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    # Debian splits venv support out of the interpreter.
    apt-get update && apt-get install -y python3-venv
  fi
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
fi

for requirements in "$@"; do
  file="$root/$requirements"
  stamp="$venv/.installed-$(basename "$requirements")"
  if [ -f "$stamp" ] && cmp -s "$file" "$stamp"; then
    continue
  fi
  "$venv/bin/python" -m pip install --quiet -r "$file"
  cp "$file" "$stamp"
done
