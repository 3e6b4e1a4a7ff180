#!/usr/bin/env bash
# Installs the pinned OPA CLI, buf and grpcurl from their Go modules into the project-local,
# git-ignored .tools/bin; with the argument `bench`, also the load generators ghz (gRPC) and
# vegeta (HTTP, constant rate). Idempotent: a pinned binary already present is kept.
# (Regal, the Rego linter, is not served by the Go module proxy these machines reach.)
set -euo pipefail

OPA_VERSION="${OPA_VERSION:-v1.22.3}"
BUF_VERSION="${BUF_VERSION:-v1.75.0}"
GHZ_VERSION="${GHZ_VERSION:-v0.93.0}"
VEGETA_VERSION="${VEGETA_VERSION:-v12.13.0}"
GRPCURL_VERSION="${GRPCURL_VERSION:-v1.9.3}"

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
  mv "$tmp/$name" "$target"
  rm -rf "$tmp"
  ln -sfn "$name-$version" "$bin/$name"
}

go_install github.com/open-policy-agent/opa "$OPA_VERSION" opa
go_install github.com/bufbuild/buf/cmd/buf "$BUF_VERSION" buf
# The README's grpcurl examples against the mutual-TLS demo; scripts/smoke-run.sh runs them.
go_install github.com/fullstorydev/grpcurl/cmd/grpcurl "$GRPCURL_VERSION" grpcurl

if [ "${1:-}" = bench ]; then
  go_install github.com/bojand/ghz/cmd/ghz "$GHZ_VERSION" ghz
  go_install github.com/tsenart/vegeta/v12 "$VEGETA_VERSION" vegeta
fi
