#!/usr/bin/env bash
# The policy pipeline, run by the Maven build and by hand:
#   fmt     fail on files that `opa fmt` would change (file:line of the first change)
#   check   `opa check --strict` against a capabilities file holding only wasm-SDK builtins,
#           type-checking input references against schema/input.json
#   test    `opa test` with the golden cases in fixtures/ as data, coverage printed and a
#           minimum enforced
#   build   `opa build -t wasm -O=1` of entrypoints.txt, revision = content hash of the sources;
#           then each entrypoint must be defined on an empty input when evaluated from exactly
#           the sources that went into the bundle; the manifest then gets metadata.llmgw.input_paths,
#           the input paths the policy reads (tooling/input_paths.rego), which key the
#           authz-service's decision cache
#   verify  fmt, check, test, in that order
# Options: --src DIR (default: rego/ beside this script), --out DIR (default: target/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
src="$here/rego"
tooling="$here/tooling"
schema="$here/schema"
fixtures="$here/fixtures"
out="$here/target"
min_coverage="${POLICY_MIN_COVERAGE:-95}"
steps=()

while [ $# -gt 0 ]; do
  case "$1" in
    --src) src="$(cd "$2" && pwd)"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    fmt|check|test|build) steps+=("$1"); shift ;;
    verify) steps+=(fmt check test); shift ;;
    *) echo "opa-pipeline: unknown argument '$1' (steps: fmt check test build verify; options: --src DIR --out DIR)" >&2; exit 2 ;;
  esac
done
[ ${#steps[@]} -gt 0 ] || { echo "opa-pipeline: name at least one step: fmt check test build verify" >&2; exit 2; }

opa="$root/.tools/bin/opa"
[ -x "$opa" ] || "$root/scripts/install-tools.sh"
mkdir -p "$out"

fail() { echo "policy check FAILED: $*" >&2; exit 1; }

# Relative paths in messages keep them short and clickable from the project root.
rel() { realpath --relative-to="$PWD" "$1"; }

rego_files() { find "$src" "$tooling" -name '*.rego' -type f | LC_ALL=C sort; }

step_fmt() {
  local bad=0 f line formatted
  while IFS= read -r f; do
    if ! formatted="$("$opa" fmt "$f" 2>&1)"; then
      # Unparsable: opa's own message names file and line.
      echo "$formatted" >&2
      bad=1
      continue
    fi
    line="$(diff <(printf '%s\n' "$formatted") "$f" | sed -n '1s/^\([0-9]*\).*/\1/p' || true)"
    if [ -n "$line" ]; then
      echo "$(rel "$f"):$line: not formatted as 'opa fmt' would write it (fix: make policy-fmt)" >&2
      bad=1
    fi
  done < <(rego_files)
  [ "$bad" = 0 ] || fail "unformatted Rego files"
  echo "opa fmt: $(rego_files | wc -l) files formatted"
}

capabilities() {
  # The full capabilities of this OPA, with builtins cut down to the wasm-supported list.
  local caps="$out/capabilities.json"
  "$opa" capabilities --current > "$out/capabilities-full.json"
  "$opa" eval --format raw -i "$out/capabilities-full.json" -d "$here/capabilities/wasm-builtins.json" \
    'json.marshal(object.union(input, {"builtins": [b | some b in input.builtins; b.name in {n | some n in data.builtins}]}))' \
    > "$caps"
  echo "$caps"
}

step_check() {
  local caps
  caps="$(capabilities)"
  # The schema is bound to `input` by the `schemas` annotation of the entrypoint package,
  # so tests that feed deliberately malformed input through `with input as` still check.
  # What goes into the bundle may use only wasm builtins; tests never leave this machine
  # and may use any builtin (print, for one, to name the failing table rows).
  "$opa" check --strict --capabilities "$caps" --schema "$schema" --ignore '*_test.rego' "$src" \
    || fail "opa check (syntax, types, input schema, strict mode, wasm builtins)"
  "$opa" check --strict --schema "$schema" "$src" || fail "opa check of the tests (syntax, types, strict mode)"
  "$opa" check --strict "$tooling" || fail "opa check of $(rel "$tooling") (syntax, types, strict mode)"
  echo "opa check --strict: ok (builtins limited to $(basename "$here")/capabilities/wasm-builtins.json," \
    "input checked against $(rel "$schema")/input.json)"
}

# The golden cases as data for the tests: fixtures/checks.json -> data.fixtures.checks, ...
# They are loaded only here, never into the bundle.
fixture_args() {
  local f
  for f in "$fixtures"/*.json; do
    if [ -e "$f" ]; then printf '%s\n' "fixtures.$(basename "$f" .json):$f"; fi
  done
}

step_test() {
  local data=()
  mapfile -t data < <(fixture_args)
  # Generous timeout: without --coverage, opa test traces every evaluation to explain
  # failures, which makes the table-driven tests several times slower than they run.
  "$opa" test --timeout 120s "$src" "${data[@]}" || fail "opa test"
  "$opa" test "$tooling" || fail "opa test of $(rel "$tooling")"
  local report="$out/coverage.json" pct
  "$opa" test --timeout 120s --coverage --format=json "$src" "${data[@]}" > "$report" || fail "opa test --coverage"
  pct="$("$opa" eval --format raw -i "$report" 'sprintf("%v", [round(input.coverage * 100) / 100])')"
  "$opa" eval --format raw -i "$report" \
    'concat("\n", [sprintf("  %v%%  %v", [round(f.coverage * 100) / 100, trim_prefix(name, "'"$PWD"'/")]) | some name, f in input.files; not endswith(name, "_test.rego")])'
  echo
  echo "opa test coverage: $pct% (minimum $min_coverage%)"
  awk -v p="$pct" -v m="$min_coverage" 'BEGIN { exit !(p + 0 >= m + 0) }' \
    || fail "coverage $pct% is below the minimum $min_coverage%"
}

revision() {
  # Content hash of what goes into the bundle: policy sources and data, not tests.
  local f
  (cd "$src" && find . -type f \( -name '*.rego' -o -name 'data.json' \) ! -name '*_test.rego' \
      | LC_ALL=C sort | while IFS= read -r f; do printf '%s\n' "$f"; cat "$f"; done) \
    | sha256sum | cut -c1-16
}

step_build() {
  local args=() names=() ep rev bundle
  while IFS= read -r ep; do
    case "$ep" in ''|'#'*) ;; *) args+=(-e "$ep"); names+=("$ep") ;; esac
  done < "$here/entrypoints.txt"
  rev="$(revision)"
  bundle="$(cd "$out" && pwd)/bundle.tar.gz"
  # Built from inside the source folder so that module paths in the bundle are relative.
  (cd "$src" && "$opa" build -t wasm -O=1 "${args[@]}" --revision "$rev" --ignore '*_test.rego' \
    -o "$bundle" .) || fail "opa build"
  echo "opa build: $(rel "$bundle") revision=$rev entrypoints=${names[*]}"
  # The authz-service warms each instance up on an empty input; an undefined result there
  # would fail its start. This opa cannot run wasm, so evaluate the same sources instead.
  local defined
  for ep in "${names[@]}"; do
    defined="$(cd "$src" && "$opa" eval --format raw --ignore '*_test.rego' -d . -I \
      "count([x | x := data.${ep//\//.}]) == 1" <<< '{}')" || fail "opa eval of $ep"
    [ "$defined" = true ] || fail "entrypoint $ep is undefined for the input {}"
  done
  echo "opa eval: every entrypoint is defined for the input {}"
  declare_input_paths "$bundle"
}

# Rewrites the bundle's .manifest with metadata.llmgw.input_paths: what the policy reads of
# its input, found in the syntax trees of exactly the modules that went into the bundle.
declare_input_paths() {
  local bundle="$1" work f modules="" paths
  work="$(mktemp -d)"
  # GNU tar notes that it drops the leading / of opa's member names; that is what we want.
  tar -xzf "$bundle" -C "$work" 2>/dev/null
  while IFS= read -r f; do
    modules+="${modules:+,}$("$opa" parse --format json --json-include -comments "$f")" \
      || fail "opa parse $(rel "$f")"
  done < <(find "$src" -name '*.rego' ! -name '*_test.rego' -type f | LC_ALL=C sort)
  printf '{"modules": [%s], "manifest": %s}' "$modules" "$(cat "$work/.manifest")" > "$work/analysis.json"
  "$opa" eval --format raw -d "$tooling/input_paths.rego" -i "$work/analysis.json" \
    'json.marshal(data.tooling.input_paths.manifest)' > "$work/.manifest" || fail "input path analysis"
  rm "$work/analysis.json"
  (cd "$work" && find . -type f | LC_ALL=C sort | sed 's|^\./||' \
    | tar --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - -T - | gzip -n > "$bundle.tmp")
  mv "$bundle.tmp" "$bundle"
  paths="$("$opa" eval --format raw -i "$work/.manifest" \
    'concat(", ", [concat(".", array.concat(["input"], p)) | some p in input.metadata.llmgw.input_paths])')"
  rm -rf "$work"
  echo "input paths read by the policy (decision cache key): ${paths:-none}"
}

echo "$("$opa" version | sed -n '1p' | sed 's/^Version: /OPA /') ($(rel "$opa"))"
for step in "${steps[@]}"; do "step_$step"; done
