#!/usr/bin/env bash
# Load test of the authorization check at constant offered rates, side by side in one run:
#   llmgw   - the authz-service's Check over gRPC with mutual TLS (in-process wasm, decision
#             log to a file), as configured by default: decisions reused for a repeated
#             principal and model
#   llmgw-1conn - the same service, all calls on one connection instead of two (so on one of
#             the service's event loops)
#   llmgw-uncached - the same with the decision cache off: every check evaluates the policy
#   noop    - a gRPC server answering a fixed allow on the same transport, in plaintext (the
#             floor; JMH's CheckBenchmark measures mutual TLS against plaintext)
#   opa     - a real `opa run --server` answering the same policy and input over REST
# Every gRPC request has its own request id (ghz's request number), as a gateway's have.
# ghz (gRPC, --async) and vegeta (HTTP) send at a constant rate, so a slow answer does not
# slow the sender (no coordinated omission). Everything runs on loopback and is stopped at
# the end. Raw results, a CSV summary and a PNG plot land in docs/benchmarks/.
# Usage: benchmarks/load/authz-load.sh [RATES] [DURATION]   e.g. benchmarks/load/authz-load.sh "1000 2000 5000" 20s
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/java-home.sh

rates="${1:-1000 2000 5000}"
duration="${2:-20s}"
out="$root/docs/benchmarks/authz-load"
raw="$out/raw"   # per-request results, large, not committed
work="$(mktemp -d)"
mkdir -p "$raw"
rm -f "$raw"/*.json

scripts/install-tools.sh bench
python="$(scripts/python-env.sh)"
./mvnw -B -q -pl benchmarks/jmh -am package -DskipTests
tools="$root/.tools/bin"
# ghz reads the contract as a descriptor set compiled by buf: its own .proto parser predates
# proto3 `optional` fields.
protoset="$work/authz.protoset"
(cd proto && "$tools/buf" build -o "$protoset" --as-file-descriptor-set)
authz_port=19291; uncached_port=19292; noop_port=19293; opa_port=18181

pids=()
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

authz_jar="$(ls authz-service/target/llmgw-authz-service-*.jar | head -n1)"
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS -jar "$authz_jar" certs demo --dir "$work/certs" >/dev/null
certs="$work/certs"
tls_props="-Dauthz.tls.certificate=$certs/authz-service.pem -Dauthz.tls.key=$certs/authz-service-key.pem"
tls_props="$tls_props -Dauthz.tls.client-ca=$certs/ca.pem"
client_tls=(--ca "$certs/ca.pem" --cert "$certs/gateway.pem" --key "$certs/gateway-key.pem")
bench_cp="benchmarks/jmh/target/llmgw-benchmarks-0.1.0-SNAPSHOT.jar:$(ls benchmarks/jmh/target/libs/*.jar | tr '\n' ':')"
# shellcheck disable=SC2086 # the *_JAVA_OPTS are lists of flags
java $LLMGW_JAVA_OPTS $LLMGW_SERVICE_JAVA_OPTS $tls_props -Dauthz.port=$authz_port -Dauthz.metrics-port=-1 \
  -Dauthz.decision-log.output=file -Dauthz.decision-log.file="$work/decisions.log" \
  -jar "$authz_jar" > "$work/authz.out" 2>&1 &
pids+=($!); authz_pid=$!
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS $LLMGW_SERVICE_JAVA_OPTS $tls_props -Dauthz.port=$uncached_port -Dauthz.metrics-port=-1 \
  -Dauthz.decision-cache.max-bytes=0 \
  -Dauthz.decision-log.output=file -Dauthz.decision-log.file="$work/decisions-uncached.log" \
  -jar "$authz_jar" > "$work/authz-uncached.out" 2>&1 &
pids+=($!); uncached_pid=$!
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS $LLMGW_SERVICE_JAVA_OPTS -cp "$bench_cp" io.llmgw.bench.NoopAuthzServer $noop_port > "$work/noop.out" 2>&1 &
pids+=($!); noop_pid=$!
"$tools/opa" run --server --addr "127.0.0.1:$opa_port" --log-level error --ignore '*_test.rego' llmgw:policies/llmgw \
  > "$work/opa.out" 2>&1 &
pids+=($!); opa_pid=$!

for _ in $(seq 1 120); do
  # shellcheck disable=SC2086
  java $LLMGW_JAVA_OPTS -cp "$authz_jar" io.llmgw.authz.grpc.HealthProbe "${client_tls[@]}" 127.0.0.1:$authz_port \
      >/dev/null 2>&1 \
    && java $LLMGW_JAVA_OPTS -cp "$authz_jar" io.llmgw.authz.grpc.HealthProbe "${client_tls[@]}" \
      127.0.0.1:$uncached_port >/dev/null 2>&1 \
    && curl -fs -o /dev/null "http://127.0.0.1:$opa_port/health" && break
  sleep 0.5
done

input="$(cat benchmarks/load/check-input.json)"
grpc_request="$(cat benchmarks/load/check-request.json)"
printf '{"method":"POST","url":"http://127.0.0.1:%s/v1/data/llmgw/authz/decision","header":{"Content-Type":["application/json"]},"body":"%s"}\n' \
  "$opa_port" "$(printf '{"input": %s}' "$input" | base64 -w0)" > "$work/opa-target.json"

ghz_run() { # ghz_run PORT RATE DURATION OUTPUT [CONNECTIONS]: mutual TLS to the authz-services, plaintext to the no-op floor
  local security=(--insecure)
  [ "$1" = "$noop_port" ] || security=(--cacert "$certs/ca.pem" --cert "$certs/gateway.pem" --key "$certs/gateway-key.pem")
  "$tools/ghz" "${security[@]}" --protoset "$protoset" \
    --call llmgw.authz.v1.AuthorizationService.Check -d "$grpc_request" \
    --async --rps "$2" --duration "$3" --duration-stop wait -c 64 --connections "${5:-2}" --timeout 5s \
    -O json -o "$4" "127.0.0.1:$1" >/dev/null
}
vegeta_run() { # vegeta_run RATE DURATION OUTPUT
  "$tools/vegeta" attack -format=json -targets="$work/opa-target.json" -rate="$1/s" -duration="$2" \
    -timeout=5s -workers=64 > "$work/vegeta.bin"
  "$tools/vegeta" encode --to json "$work/vegeta.bin" > "$3"
}
rss_kib() { ps -o rss= -p "$1" | tr -d ' '; }

echo "==> warm-up (10 s each at 1000/s)"
ghz_run $authz_port 1000 10s "$work/warm.json"; ghz_run $uncached_port 1000 10s "$work/warm.json"
ghz_run $noop_port 1000 10s "$work/warm.json"
vegeta_run 1000 10s "$work/warm.json"

: > "$out/rss.csv"; echo "target,rate,rss_kib" >> "$out/rss.csv"
for rate in $rates; do
  echo "==> $rate/s for $duration: llmgw, llmgw-uncached, noop, opa"
  ghz_run $authz_port "$rate" "$duration" "$raw/llmgw-$rate.json"; echo "llmgw,$rate,$(rss_kib $authz_pid)" >> "$out/rss.csv"
  # One connection, as a gateway with gateway.authz.connections=1 sends: every call on one of the
  # service's event loops.
  ghz_run $authz_port "$rate" "$duration" "$raw/llmgw-1conn-$rate.json" 1
  ghz_run $uncached_port "$rate" "$duration" "$raw/llmgw-uncached-$rate.json"
  echo "llmgw-uncached,$rate,$(rss_kib $uncached_pid)" >> "$out/rss.csv"
  ghz_run $noop_port "$rate" "$duration" "$raw/noop-$rate.json"; echo "noop,$rate,$(rss_kib $noop_pid)" >> "$out/rss.csv"
  vegeta_run "$rate" "$duration" "$raw/opa-$rate.json"; echo "opa,$rate,$(rss_kib $opa_pid)" >> "$out/rss.csv"
done
"$python" benchmarks/load/summarize_authz.py "$raw" "$out" | tee "$out/summary.md"
# Evidence that the request ids really differed from one request to the next.
ids="$(grep -o '"request_id":"[^"]*"' "$work/decisions.log.0" | sort -u | wc -l)"
echo "distinct request ids in llmgw's decision log: $ids" | tee -a "$out/summary.md"
