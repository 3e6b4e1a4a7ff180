#!/usr/bin/env bash
# Installs nginx from the distribution's packages when no `nginx` is on PATH; the gateway
# benchmark runs it as a fixed, cheap upstream. Needs root (apt-get). Prints the nginx path.
set -euo pipefail
if ! command -v nginx >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || { echo "install-nginx: no nginx on PATH and no apt-get to install it" >&2; exit 1; }
  echo "install-nginx: installing nginx-light (first run only)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends nginx-light >&2 \
    || apt-get install -y -qq --no-install-recommends nginx >&2
  # The package's own service is not wanted: the benchmark starts its own instance.
  if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
fi
command -v nginx
