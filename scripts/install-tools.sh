#!/usr/bin/env bash
# Installs the pinned OPA CLI (and Regal, when it builds) from their Go modules into the
# project-local, git-ignored .tools/bin. Idempotent: a pinned binary already present is kept.
set -euo pipefail

OPA_VERSION="${OPA_VERSION:-v1.22.3}"
REGAL_VERSION="${REGAL_VERSION:-v0.38.1}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"

# go_install MODULE VERSION NAME: builds MODULE@VERSION into $bin/NAME-VERSION and links NAME to it.
go_install() {
  local module="$1" version="$2" name="$3"
  local target="$bin/$name-$version"
  if [ -x "$target" ]; then
    ln -sfn "$name-$version" "$bin/$name"
    return 0
  fi
  command -v go >/dev/null 2>&1 || { echo "install-tools: 'go' is required to build $name from $module" >&2; return 1; }
  echo "install-tools: building $module@$version (first run only)" >&2
  local tmp
  tmp="$(mktemp -d)"
  GOBIN="$tmp" CGO_ENABLED=0 GOFLAGS=-mod=mod go install "$module@$version"
  mv "$tmp/$(basename "$module")" "$target"
  rm -rf "$tmp"
  ln -sfn "$name-$version" "$bin/$name"
}

go_install github.com/open-policy-agent/opa "$OPA_VERSION" opa

if [ "${INSTALL_REGAL:-0}" = 1 ]; then
  # Regal is optional: the policy lint runs only when it is present.
  go_install github.com/open-policy-agent/regal "$REGAL_VERSION" regal \
    || echo "install-tools: regal $REGAL_VERSION did not build; policy lint will be skipped" >&2
fi
