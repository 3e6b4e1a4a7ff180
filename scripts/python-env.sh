#!/usr/bin/env bash
# Creates (once) the project-local, git-ignored Python virtual environment .venv with the
# pinned packages of scripts/requirements.txt, and prints its python path. A second run with
# unchanged requirements does nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
req="$root/scripts/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "python-env: installing $(grep -cv '^#' "$req") pinned packages into .venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
