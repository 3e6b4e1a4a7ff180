#!/usr/bin/env bash
# Checks what `make run` promises, on spare ports and with what the build produced: both
# services come up healthy, the alias-granted demo key completes a chat through its alias,
# the other demo key is refused naming the alias, and stopping run.sh stops both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

authz_port="${SMOKE_AUTHZ_PORT:-19191}"
http_port="${SMOKE_HTTP_PORT:-14000}"
base="http://127.0.0.1:$http_port"
log="$(mktemp)"
alias_model="Qwen/Qwen3-Coder-480B-A35B-Instruct"

LLMGW_SKIP_BUILD=1 AUTHZ_PORT="$authz_port" SERVER_PORT="$http_port" \
  GATEWAY_AUTHZ_TARGET="127.0.0.1:$authz_port" setsid scripts/run.sh >"$log" 2>&1 &
run_pid=$!
finish() {
  kill -TERM "$run_pid" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
}
trap finish EXIT
fail() { echo "smoke-run FAILED: $*" >&2; sed 's/^/    | /' "$log" >&2; exit 1; }

for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$base/observe/health" && break
  kill -0 "$run_pid" 2>/dev/null || fail "run.sh exited early"
  sleep 0.5
done
curl -fs -o /dev/null "$base/observe/health" || fail "gateway health did not answer on $base/observe/health"

chat() { # chat KEY -> prints "STATUS BODY"
  curl -s -w '\n%{http_code}' "$base/v1/chat/completions" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' \
    -d "{\"model\": \"$alias_model\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}"
}
# Freshly started JVMs run interpreted code for a while, and the gateway's access check has
# a 50 ms budget: warm both up first (any answer), then check each outcome strictly.
for _ in $(seq 1 30); do chat sk-demo-alias-only >/dev/null; chat sk-demo-other >/dev/null; done
out="$(chat sk-demo-alias-only)"; status="${out##*$'\n'}"
[ "$status" = 200 ] || fail "alias-granted key got $status: ${out%$'\n'*}"
grep -q "\"model\":\"$alias_model\"" <<<"$out" || fail "completion does not name the requested alias: $out"

out="$(chat sk-demo-other)"; status="${out##*$'\n'}"
[ "$status" = 403 ] || fail "other key got $status, expected 403: ${out%$'\n'*}"
grep -q "Tried to access $alias_model\"" <<<"$out" || fail "deny message does not name the alias: $out"

kill -TERM "$run_pid"
wait "$run_pid" 2>/dev/null || true
sleep 0.5
if curl -fs -o /dev/null "$base/observe/health"; then fail "gateway still answering after stop"; fi
echo "smoke-run: health ok, alias-granted key allowed, other key denied naming the alias, both stopped"
echo "smoke: 3 passed, 0 failed"
