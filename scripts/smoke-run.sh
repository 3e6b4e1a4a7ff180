#!/usr/bin/env bash
# Checks what `make run` promises, on spare ports and with what the build produced: both
# services come up healthy (over mutual TLS), the alias-granted demo key completes a chat
# through its alias, the other demo key is refused naming the alias, the authz port refuses a
# plaintext call and a TLS call without a client certificate, and stopping run.sh stops both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

authz_port="${SMOKE_AUTHZ_PORT:-19191}"
authz_metrics_port="${SMOKE_AUTHZ_METRICS_PORT:-19192}"
http_port="${SMOKE_HTTP_PORT:-14000}"
base="http://127.0.0.1:$http_port"
log="$(mktemp)"
alias_model="Qwen/Qwen3-Coder-480B-A35B-Instruct"

LLMGW_SKIP_BUILD=1 AUTHZ_PORT="$authz_port" AUTHZ_METRICS_PORT="$authz_metrics_port" SERVER_PORT="$http_port" \
  GATEWAY_AUTHZ_TARGET="127.0.0.1:$authz_port" setsid scripts/run.sh >"$log" 2>&1 &
run_pid=$!
finish() {
  kill -TERM "$run_pid" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
}
trap finish EXIT
fail() { echo "smoke-run FAILED: $*" >&2; sed 's/^/    | /' "$log" >&2; exit 1; }

# Publishing the policy, two JVMs starting, TLS handshakes and warm-up: on a loaded two-core
# machine this can take minutes; a failed start ends the wait at once (kill -0 below).
for _ in $(seq 1 600); do
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

# The README's limited key: its team's policy settings refuse tools with the policy's code and
# allow 5 calls a minute (the gateway answers 429 with Retry-After after that).
limited() { # limited EXTRA_JSON -> prints headers, body and status
  curl -s -D - -w '\n%{http_code}' "$base/v1/chat/completions" -H "Authorization: Bearer sk-demo-limited" \
    -d "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]$1}"
}
out="$(limited ', "tools": [{"type": "function", "function": {"name": "get_weather"}}]')"; status="${out##*$'\n'}"
[ "$status" = 403 ] && grep -q '"code":"tools_not_allowed"' <<<"$out" \
  || fail "limited key with tools got $status, expected 403 tools_not_allowed: $out"
out="$(limited ', "max_tokens": 4000')"; status="${out##*$'\n'}"
[ "$status" = 200 ] && grep -qi '^x-ratelimit-limit-requests: 5' <<<"$out" \
  || fail "limited key got $status, expected 200 with x-ratelimit-limit-requests 5: $out"
# Up to ten more: six of them fall in one minute even if a minute ends among them.
for _ in $(seq 1 10); do out="$(limited '')"; status="${out##*$'\n'}"; [ "$status" = 200 ] || break; done
[ "$status" = 429 ] && grep -qi '^retry-after: ' <<<"$out" && grep -q '"code":"rate_limited"' <<<"$out" \
  || fail "limited key's calls past 5 a minute got $status, expected 429 rate_limited with Retry-After: $out"

# The authz port speaks only mutual TLS: a plaintext call gets no answer.
. scripts/java-home.sh
authz_jar="$(ls authz-service/target/llmgw-authz-service-*.jar | head -n1)"
if out="$("$JAVA_HOME/bin/java" -cp "$authz_jar" io.llmgw.authz.grpc.HealthProbe --plaintext "127.0.0.1:$authz_port" 2>/dev/null)"; then
  fail "a plaintext health call to the authz port was answered: $out"
fi
# The README's grpcurl examples: a Check with the demo client certificate is answered; the
# same call without one is refused in the handshake.
grpcurl=(.tools/bin/grpcurl -connect-timeout 10 -cacert demo-certs/ca.pem
  -import-path proto/src/main/proto -proto llmgw/authz/v1/authz.proto)
check_body='{"principal": {"key_id": "k1", "key_models": ["'"$alias_model"'"]},
  "model": {"requested": "'"$alias_model"'", "resolved": "'"$alias_model"'-bfloat16", "provider": "hosted_vllm"},
  "operation": {"endpoint": "chat.completions", "method": "POST", "path": "/v1/chat/completions"}}'
out="$("${grpcurl[@]}" -cert demo-certs/gateway.pem -key demo-certs/gateway-key.pem -d "$check_body" \
  "127.0.0.1:$authz_port" llmgw.authz.v1.AuthorizationService/Check 2>&1)" \
  || fail "grpcurl with the demo client certificate failed: $out"
grep -q '"decision": "DECISION_ALLOW"' <<<"$out" || fail "grpcurl Check was not allowed: $out"
if out="$("${grpcurl[@]}" -d '{}' "127.0.0.1:$authz_port" llmgw.authz.v1.AuthorizationService/Check 2>&1)"; then
  fail "grpcurl without a client certificate was answered: $out"
fi

kill -TERM "$run_pid"
wait "$run_pid" 2>/dev/null || true
sleep 0.5
if curl -fs -o /dev/null "$base/observe/health"; then fail "gateway still answering after stop"; fi
echo "smoke-run: health ok, alias-granted key allowed, other key denied naming the alias," \
  "limited key refused tools and rate limited, authz port refuses plaintext and callers without a" \
  "client certificate, both stopped"
echo "smoke: 5 passed, 0 failed"
