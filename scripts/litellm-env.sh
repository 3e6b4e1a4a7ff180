#!/usr/bin/env bash
# Creates (once) the git-ignored virtual environment .venv-litellm with LiteLLM's proxy at the
# pinned version, and prints the path of its `litellm` command. Kept apart from .venv: only
# the gateway benchmark (benchmarks/load/gateway-load.sh) compares against LiteLLM; the tests do not.
# 1.106.12 is the newest whose [proxy] extra resolves from the package index these machines
# use: later ones pin litellm-proxy-extras builds that it does not serve.
set -euo pipefail
LITELLM_VERSION="${LITELLM_VERSION:-1.106.12}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-litellm"
stamp="$venv/.litellm-version"
if [ ! -x "$venv/bin/litellm" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$LITELLM_VERSION" ]; then
  echo "litellm-env: installing litellm[proxy]==$LITELLM_VERSION into .venv-litellm" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "litellm[proxy]==$LITELLM_VERSION" >&2
  echo "$LITELLM_VERSION" > "$stamp"
fi
echo "$venv/bin/litellm"
