#!/usr/bin/env bash
# OPA's conformance cases through the policy engine (`make conformance`). Builds OPA's own case
# generator, wasm-rego-testgen, from the pinned OPA Go module (the one install-tools.sh builds
# the CLI from) into .tools/bin, then runs OpaConformanceTest: it compiles each case of the
# module's v1/test/cases/testdata/v1 and v1/test/wasm/assets with the generator, evaluates it
# through the engine (and through the SDK's OpaPolicy when the engine does not pass it), and
# writes the report into docs/engine-conformance.md. Nothing of OPA's is copied into the
# repository: the cases are read from the Go module cache.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
scripts/install-tools.sh

# The same OPA version as the CLI.
pinned="$(sed -n 's/^OPA_VERSION="\${OPA_VERSION:-\(v[0-9.]*\)}"$/\1/p' scripts/install-tools.sh)"
OPA_VERSION="${OPA_VERSION:-$pinned}"
[ -n "$OPA_VERSION" ] || { echo "conformance: cannot read the pinned OPA version from scripts/install-tools.sh" >&2; exit 1; }
command -v go >/dev/null 2>&1 || { echo "conformance: 'go' is required to build OPA's case generator" >&2; exit 1; }

bin="$root/.tools/bin"
testgen="$bin/wasm-rego-testgen-$OPA_VERSION"
if [ ! -x "$testgen" ]; then
  echo "conformance: building wasm-rego-testgen from github.com/open-policy-agent/opa@$OPA_VERSION" >&2
  tmp="$(mktemp -d)"
  GOBIN="$tmp" CGO_ENABLED=0 GOFLAGS=-mod=mod \
    go install "github.com/open-policy-agent/opa/v1/test/wasm/cmd/wasm-rego-testgen@$OPA_VERSION"
  mkdir -p "$bin"
  mv "$tmp/wasm-rego-testgen" "$testgen"
  rm -rf "$tmp"
fi
source_dir="$(go env GOMODCACHE)/github.com/open-policy-agent/opa@$OPA_VERSION"
[ -d "$source_dir/v1/test/cases/testdata/v1" ] || GOFLAGS=-mod=mod go mod download "github.com/open-policy-agent/opa@$OPA_VERSION"
[ -d "$source_dir/v1/test/cases/testdata/v1" ] || { echo "conformance: no test cases in $source_dir" >&2; exit 1; }

# The compiled cases depend only on the OPA version: kept outside the checkout for the next run
# (LLMGW_CONFORMANCE_CACHE= compiles them anew).
cache="${LLMGW_CONFORMANCE_CACHE-${XDG_CACHE_HOME:-$HOME/.cache}/llmgw/conformance/$OPA_VERSION}"
./mvnw -B -Pconformance -pl authz-service -am verify \
  -Dllmgw.opa.source="$source_dir" -Dllmgw.opa.testgen="$testgen" -Dllmgw.conformance.cache="$cache" \
  -Dllmgw.conformance.doc="$root/docs/engine-conformance.md"
