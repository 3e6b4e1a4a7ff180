#!/usr/bin/env bash
# The policy pipeline, run by the Maven build and by hand. Checking never publishes: every
# step works in the output folder (default target/policies/), which nothing watches; only
# `publish` puts a bundle where the authz-service reads it.
#   fmt      fail on files that `opa fmt` would change (file:line of the first change), or
#            that do not parse
#   check    `opa check --strict` against a capabilities file holding only wasm-SDK builtins,
#            type-checking input references against schema/input.json
#   test     `opa test` with the golden cases in fixtures/ as data, coverage printed and a
#            minimum enforced
#   build    `opa build -t wasm -O=0` of entrypoints.txt into a temporary file, revision =
#            content hash of the sources; each entrypoint must be defined on an empty input
#            when evaluated from exactly the sources that went into the bundle; the manifest
#            gets metadata.llmgw.input_paths (the input paths the policy reads,
#            tooling/input_paths.rego, which key the authz-service's decision cache) and the
#            archive /llmgw/samples.json (the golden inputs, without their settings, on
#            which the authz-service tries a bundle before it goes live). Only then is the
#            bundle renamed to OUT/bundle.tar.gz.
#   publish  copies OUT/bundle.tar.gz to the published path (default var/policy/bundle.tar.gz,
#            the file `make run`'s authz-service watches) by a rename in that folder, and
#            only when fmt, check, test and build all passed on the current sources
#   verify   fmt, check, test, in that order
# Options: --src DIR (the folder holding the llmgw/ package tree; default: this script's),
#          --out DIR (default: target/policies/ of the repository),
#          --publish-to FILE (default: $POLICY_PUBLISH_TO, else var/policy/bundle.tar.gz).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
src="$here"
tooling="$here/tooling"
schema="$here/schema"
fixtures="$here/fixtures"
out="$root/target/policies"
published="${POLICY_PUBLISH_TO:-$root/var/policy/bundle.tar.gz}"
min_coverage="${POLICY_MIN_COVERAGE:-95}"
steps=()

while [ $# -gt 0 ]; do
  case "$1" in
    --src) src="$(cd "$2" && pwd)"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --publish-to) published="$2"; shift 2 ;;
    fmt|check|test|build|publish) steps+=("$1"); shift ;;
    verify) steps+=(fmt check test); shift ;;
    *) echo "opa-pipeline: unknown argument '$1' (steps: fmt check test build publish verify;" \
         "options: --src DIR --out DIR --publish-to FILE)" >&2; exit 2 ;;
  esac
done
[ ${#steps[@]} -gt 0 ] || { echo "opa-pipeline: name at least one step: fmt check test build publish verify" >&2; exit 2; }

rules="$src/llmgw"
[ -d "$rules" ] || { echo "opa-pipeline: no llmgw/ package tree in $src" >&2; exit 2; }
opa="$root/.tools/bin/opa"
[ -x "$opa" ] || "$root/scripts/install-tools.sh"
mkdir -p "$out/passed"
out="$(cd "$out" && pwd)"

fail() { echo "policy check FAILED: $*" >&2; exit 1; }

# Relative paths in messages keep them short and clickable from the project root.
rel() { realpath --relative-to="$PWD" "$1"; }

rego_files() { find "$rules" "$tooling" -name '*.rego' -type f | LC_ALL=C sort; }

# Everything a step's verdict depends on: sources, tests, fixtures, schema, capabilities,
# entrypoints. A step records it when it passes; publish requires every step's record to match.
sources_hash() {
  { (cd "$src" && find llmgw -type f | LC_ALL=C sort | xargs sha256sum)
    (cd "$here" && find tooling fixtures schema capabilities entrypoints.txt -type f | LC_ALL=C sort | xargs sha256sum)
  } | sha256sum | cut -c1-16
}
passed() { sources_hash > "$out/passed/$1"; }

step_fmt() {
  local unformatted=0 unparsable=0 f line formatted
  while IFS= read -r f; do
    if ! formatted="$("$opa" fmt "$f" 2>&1)"; then
      # opa's own message names file, line and the parse error.
      echo "$formatted" >&2
      unparsable=$((unparsable + 1))
      continue
    fi
    line="$(diff <(printf '%s\n' "$formatted") "$f" | sed -n '1s/^\([0-9]*\).*/\1/p' || true)"
    if [ -n "$line" ]; then
      echo "$(rel "$f"):$line: not formatted as 'opa fmt' would write it (fix: make policy-fmt)" >&2
      unformatted=$((unformatted + 1))
    fi
  done < <(rego_files)
  [ "$unparsable" = 0 ] || fail "$unparsable Rego file(s) do not parse (syntax error above)" \
    "$([ "$unformatted" = 0 ] || echo "; $unformatted more not formatted")"
  [ "$unformatted" = 0 ] || fail "$unformatted Rego file(s) not formatted (fix: make policy-fmt)"
  echo "opa fmt: $(rego_files | wc -l) files formatted"
  passed fmt
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

# `opa check` calls a builtin outside the capabilities file "undefined function": say which
# of those OPA has but the wasm engine lacks, and where the allowed list is.
explain_missing_builtins() {
  local report="$1" fn
  grep -o 'undefined function [A-Za-z0-9_.]*' "$report" | sed 's/undefined function //' | sort -u | while IFS= read -r fn; do
    if grep -q "\"name\": \"$fn\"" "$out/capabilities-full.json"; then
      echo "  $fn is an OPA builtin that the authz-service's wasm engine does not provide;" \
        "a bundle may use only the builtins in $(rel "$here/capabilities/wasm-builtins.json")" >&2
    fi
  done
}

step_check() {
  local caps report="$out/check.out"
  caps="$(capabilities)"
  # The schema is bound to `input` by the `schemas` annotation of the entrypoint package,
  # so tests that feed deliberately malformed input through `with input as` still check.
  # What goes into the bundle may use only wasm builtins; tests never leave this machine
  # and may use any builtin (print, for one, to name the failing table rows).
  if ! "$opa" check --strict --capabilities "$caps" --schema "$schema" --ignore '*_test.rego' "$rules" 2> "$report"; then
    cat "$report" >&2
    explain_missing_builtins "$report"
    fail "opa check (syntax, types, input schema, strict mode, wasm builtins)"
  fi
  "$opa" check --strict --schema "$schema" "$rules" || fail "opa check of the tests (syntax, types, strict mode)"
  "$opa" check --strict "$tooling" || fail "opa check of $(rel "$tooling") (syntax, types, strict mode)"
  echo "opa check --strict: ok (builtins limited to $(basename "$here")/capabilities/wasm-builtins.json," \
    "input checked against $(rel "$schema")/input.json)"
  passed check
}

step_test() {
  # The golden cases as data: fixtures/checks/data.json -> data.fixtures.checks, ... (as
  # `opa test policies` from the repository root loads them too).
  local data=("llmgw:$rules" "fixtures:$fixtures")
  # Generous timeout: without --coverage, opa test traces every evaluation to explain
  # failures, which makes the table-driven tests several times slower than they run.
  "$opa" test --timeout 120s "${data[@]}" || fail "opa test"
  "$opa" test "$tooling" || fail "opa test of $(rel "$tooling")"
  local report="$out/coverage.json" pct
  "$opa" test --timeout 120s --coverage --format=json "${data[@]}" > "$report" || fail "opa test --coverage"
  pct="$("$opa" eval --format raw -i "$report" 'sprintf("%v", [round(input.coverage * 100) / 100])')"
  "$opa" eval --format raw -i "$report" \
    'concat("\n", [sprintf("  %v%%  %v", [round(f.coverage * 100) / 100, trim_prefix(name, "'"$PWD"'/")]) | some name, f in input.files; not endswith(name, "_test.rego")])'
  echo
  echo "opa test coverage: $pct% (minimum $min_coverage%)"
  awk -v p="$pct" -v m="$min_coverage" 'BEGIN { exit !(p + 0 >= m + 0) }' \
    || fail "coverage $pct% is below the minimum $min_coverage%"
  passed test
}

revision() {
  # Content hash of what goes into the bundle: policy sources and data, not tests. Each file
  # contributes its path (./llmgw/..., as when the tree lived in policies/rego/) on a line,
  # then its bytes; the policy tools find a revision's sources in git by the same hash.
  local f
  (cd "$src" && find ./llmgw -type f \( -name '*.rego' -o -name 'data.json' \) ! -name '*_test.rego' \
      | LC_ALL=C sort | while IFS= read -r f; do printf '%s\n' "$f"; cat "$f"; done) \
    | sha256sum | cut -c1-16
}

step_build() {
  local args=() names=() ep rev bundle staged
  while IFS= read -r ep; do
    case "$ep" in ''|'#'*) ;; *) args+=(-e "$ep"); names+=("$ep") ;; esac
  done < "$here/entrypoints.txt"
  rev="$(revision)"
  bundle="$out/bundle.tar.gz"
  staged="$(mktemp "$out/.bundle.XXXXXX.tar.gz")"
  trap 'rm -f "$staged"' EXIT
  # Built from the source folder with the llmgw/ tree under data.llmgw, so that module paths
  # in the bundle are relative (llmgw/authz/decision.rego). Without partial evaluation
  # (-O=0): -O=1 treats data.json as known and folds what the rules compute from the settings
  # (their validation, say) into constants, so a bundle whose data is replaced (the golden
  # cases' settings) would be judged by the settings it was built with.
  (cd "$src" && "$opa" build -t wasm -O=0 "${args[@]}" --revision "$rev" --ignore '*_test.rego' \
    -o "$staged" llmgw:llmgw) || fail "opa build"
  # The authz-service warms each instance up on an empty input; an undefined result there
  # would fail its start. This opa cannot run wasm, so evaluate the same sources instead.
  local defined
  for ep in "${names[@]}"; do
    defined="$(cd "$src" && "$opa" eval --format raw --ignore '*_test.rego' -d llmgw:llmgw -I \
      "count([x | x := data.${ep//\//.}]) == 1" <<< '{}')" || fail "opa eval of $ep"
    [ "$defined" = true ] || fail "entrypoint $ep is undefined for the input {}"
  done
  echo "opa eval: every entrypoint is defined for the input {}"
  complete_bundle "$staged"
  mv "$staged" "$bundle"
  trap - EXIT
  echo "opa build: $(rel "$bundle") revision=$rev entrypoints=${names[*]}"
  passed build
}

# Rewrites the staged bundle: the .manifest gets metadata.llmgw.input_paths, what the policy
# reads of its input, found in the syntax trees of exactly the modules that went into the
# bundle; the archive gets /llmgw/samples.json, the golden inputs by entrypoint, which the
# authz-service evaluates before it lets a bundle go live. OPA ignores files it does not know
# in a bundle, so the bundle stays one `opa run -b` reads.
complete_bundle() {
  local bundle="$1" work f modules="" paths
  work="$(mktemp -d)"
  # GNU tar notes that it drops the leading / of opa's member names; that is what we want.
  tar -xzf "$bundle" -C "$work" 2>/dev/null
  while IFS= read -r f; do
    modules+="${modules:+,}$("$opa" parse --format json --json-include -comments "$f")" \
      || fail "opa parse $(rel "$f")"
  done < <(find "$rules" -name '*.rego' ! -name '*_test.rego' -type f | LC_ALL=C sort)
  printf '{"modules": [%s], "manifest": %s}' "$modules" "$(cat "$work/.manifest")" > "$work/analysis.json"
  "$opa" eval --format raw -d "$tooling/input_paths.rego" -i "$work/analysis.json" \
    'json.marshal(data.tooling.input_paths.manifest)' > "$work/.manifest" || fail "input path analysis"
  rm "$work/analysis.json"
  mkdir -p "$work/llmgw"
  "$opa" eval --format raw -d "fixtures:$fixtures" \
    'json.marshal({"llmgw/authz/decision": array.concat([{}], [c.input | some c in data.fixtures.checks]),
                   "llmgw/authz/allowed_models": array.concat([{}], [c.input | some c in data.fixtures.listings])})' \
    > "$work/llmgw/samples.json" || fail "sample inputs from $(rel "$fixtures")"
  (cd "$work" && find . -type f | LC_ALL=C sort | sed 's|^\./||' \
    | tar --owner=0 --group=0 --numeric-owner --mtime=@0 -P --transform "s|^|/|" -cf - -T - | gzip -n > "$bundle")
  paths="$("$opa" eval --format raw -i "$work/.manifest" \
    'concat(", ", [concat(".", array.concat(["input"], p)) | some p in input.metadata.llmgw.input_paths])')"
  rm -rf "$work"
  echo "input paths read by the policy (decision cache key): ${paths:-none}"
}

step_publish() {
  local bundle="$out/bundle.tar.gz" now step missing=() dir staged
  [ -f "$bundle" ] || fail "nothing to publish: no $(rel "$bundle") (run: make policy-check)"
  now="$(sources_hash)"
  for step in fmt check test build; do
    [ "$(cat "$out/passed/$step" 2>/dev/null)" = "$now" ] || missing+=("$step")
  done
  [ ${#missing[@]} = 0 ] || fail "not publishing: step(s) ${missing[*]} have not passed on the current sources" \
    "(run: make policy-publish, which checks first)"
  dir="$(dirname "$published")"
  mkdir -p "$dir"
  # A reader of the published path sees the old bundle or the new one, never part of one.
  staged="$(mktemp "$dir/.incoming.XXXXXX")"
  cp "$bundle" "$staged"
  mv -f "$staged" "$published"
  echo "published: $(rel "$published") revision=$(revision)"
}

echo "$("$opa" version | sed -n '1p' | sed 's/^Version: /OPA /') ($(rel "$opa"))"
for step in "${steps[@]}"; do "step_$step"; done
