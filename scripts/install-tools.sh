#!/usr/bin/env bash
# Installs the pinned OPA CLI and buf from their Go modules into the project-local,
# git-ignored .tools/bin. Idempotent: a pinned binary already present is kept.
# (Regal, the Rego linter, is not served by the Go module proxy these machines reach.)
set -euo pipefail

OPA_VERSION="${OPA_VERSION:-v1.22.3}"
BUF_VERSION="${BUF_VERSION:-v1.75.0}"

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
go_install github.com/bufbuild/buf/cmd/buf "$BUF_VERSION" buf
