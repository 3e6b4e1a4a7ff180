#!/usr/bin/env bash
# Load test of chat completions at constant offered rates, streaming and not, three targets in
# one run, all calling the same fixed upstream (nginx answering one canned completion):
#   direct  - nginx itself (the floor: transport and load generator alone)
#   proxy   - a plain nginx reverse proxy (proxy_pass) in front of it: what a minimal proxy costs
#   llmgw   - the gateway, asking the authz-service (wasm bundle, decision log to a file) first
#   litellm - LiteLLM's proxy (pinned, one worker), configured with the same aliases
# vegeta sends at a constant rate whatever the answers do (no coordinated omission) and times
# each request until its body, or the whole event stream, has arrived. Overhead is a target's
# percentile minus the direct percentile at the same rate and mode. Everything runs on
# loopback and is stopped at the end. Raw results, CSV and markdown summaries, RSS samples and
# PNG plots land in docs/benchmarks/gateway-load/.
# Usage: benchmarks/load/gateway-load.sh [RATES] [DURATION]   e.g. benchmarks/load/gateway-load.sh "500 1000" 10s
# WARMUP (default 20s) is the warm-up of each target and mode at WARMUP_RATE (default 250/s,
# a rate the gateway sustains here); TARGETS (default "proxy llmgw litellm") picks the targets
# measured beside direct.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/java-home.sh

# 100/s is a rate LiteLLM's single worker keeps up with on two cores, so that its overhead is
# measured on answers rather than on what survived a backlog.
rates="${1:-100 500 1000 2000 4000}"
duration="${2:-20s}"
warmup="${WARMUP:-20s}"
warmup_rate="${WARMUP_RATE:-250}"
# Heap and collector of the two JVMs: the services' own settings (scripts/java-home.sh) unless
# BENCH_JAVA_OPTS replaces them. Native Memory Tracking (NMT=off leaves it out) breaks their
# memory down after each step; its own bookkeeping (~3 MiB, 16 bytes a malloc) is in the RSS
# measured, so the RSS figures are, if anything, above what the services use without it.
bench_java_opts="${BENCH_JAVA_OPTS:-$LLMGW_SERVICE_JAVA_OPTS}"
[ "${NMT:-summary}" = off ] || bench_java_opts="$bench_java_opts -XX:NativeMemoryTracking=${NMT:-summary}"
out="${OUT:-$root/docs/benchmarks/gateway-load}"   # OUT: another folder for the results
raw="$out/raw"   # per-request results, large, not committed
conf="$root/benchmarks/load/gateway-load"
work="$(mktemp -d)"
mkdir -p "$raw"
rm -f "$raw"/*.json "$raw"/*.out "$raw"/nmt-*.txt   # results, each service's output, NMT summaries

scripts/install-tools.sh bench
python="$(scripts/python-env.sh)"
nginx="$(scripts/install-nginx.sh)"
case " ${TARGETS:-proxy llmgw litellm} " in *" litellm "*) litellm="$(scripts/litellm-env.sh)" ;; esac
# SKIP_BUILD=1 reuses the jars of the last build.
[ "${SKIP_BUILD:-0}" = 1 ] || ./mvnw -B -q -pl gateway,authz-service,benchmarks/jmh -am package -DskipTests
tools="$root/.tools/bin"
# ghz reads the contract as a descriptor set compiled by buf: its own .proto parser predates
# proto3 `optional` fields.
protoset="$work/authz.protoset"
(cd proto && "$tools/buf" build -o "$protoset" --as-file-descriptor-set)
nginx_port=18090; authz_port=19391; gateway_port=14100; litellm_port=14101; proxy_port=18091; noop_port=19392
# Unbounded vegeta workers against a saturated target need many sockets.
ulimit -n 65536 2>/dev/null || true

pids=()
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/nginx/tmp" "$work/proxy/tmp"
sed "s/@PORT@/$nginx_port/" "$conf/nginx.conf" > "$work/nginx/nginx.conf"
sed "s/@PORT@/$proxy_port/; s/@UPSTREAM@/127.0.0.1:$nginx_port/" "$conf/nginx-proxy.conf" > "$work/proxy/nginx.conf"
sed "s/@NGINX@/127.0.0.1:$nginx_port/" "$conf/models.yaml" > "$work/models.yaml"
sed "s/@NGINX@/127.0.0.1:$nginx_port/" "$conf/litellm.yaml" > "$work/litellm.yaml"

"$nginx" -p "$work/nginx" -c nginx.conf -g 'daemon off;' > "$raw/nginx.out" 2>&1 &
pids+=($!); nginx_pid=$!
"$nginx" -p "$work/proxy" -c nginx.conf -g 'daemon off;' > "$raw/proxy.out" 2>&1 &
pids+=($!); proxy_pid=$!
authz_jar="$(ls authz-service/target/llmgw-authz-service-*.jar | head -n1)"
gateway_jar="$(ls gateway/target/llmgw-gateway-*.jar | head -n1)"
# Mutual TLS between gateway and authz-service, as `make run` and production run them, with a
# demo CA of the run's own.
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS -jar "$authz_jar" certs demo --dir "$work/certs" >/dev/null
certs="$work/certs"
authz_tls="-Dauthz.tls.certificate=$certs/authz-service.pem -Dauthz.tls.key=$certs/authz-service-key.pem"
authz_tls="$authz_tls -Dauthz.tls.client-ca=$certs/ca.pem"
gateway_tls="-Dgateway.authz.tls.certificate=$certs/gateway.pem -Dgateway.authz.tls.key=$certs/gateway-key.pem"
gateway_tls="$gateway_tls -Dgateway.authz.tls.ca=$certs/ca.pem"
probe_tls=(--ca "$certs/ca.pem" --cert "$certs/gateway.pem" --key "$certs/gateway-key.pem")
# shellcheck disable=SC2086 # LLMGW_JAVA_OPTS, bench_java_opts and the *_tls are lists of flags
java $LLMGW_JAVA_OPTS $bench_java_opts $authz_tls -Dauthz.port=$authz_port -Dauthz.metrics-port=-1 \
  -Dauthz.bundle=target/policies/bundle.tar.gz \
  -Dauthz.decision-log.output=file -Dauthz.decision-log.file="$work/decisions.log" \
  -jar "$authz_jar" > "$raw/authz-service.out" 2>&1 &
pids+=($!); authz_pid=$!
for _ in $(seq 1 120); do
  # shellcheck disable=SC2086
  java $LLMGW_JAVA_OPTS -cp "$authz_jar" io.llmgw.authz.grpc.HealthProbe "${probe_tls[@]}" 127.0.0.1:$authz_port >/dev/null 2>&1 && break
  sleep 0.5
done
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS $bench_java_opts $gateway_tls -Dserver.port=$gateway_port -Dgateway.authz.target=127.0.0.1:$authz_port \
  -Dgateway.keys.file="$conf/keys.yaml" -Dgateway.models.file="$work/models.yaml" \
  -jar "$gateway_jar" > "$raw/gateway.out" 2>&1 &
pids+=($!); gateway_pid=$!
litellm_pid=""
case " ${TARGETS:-proxy llmgw litellm} " in *" litellm "*)
  # No database, no telemetry, the bundled model cost map: LiteLLM makes no outside call.
  LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_TELEMETRY=False LITELLM_LOG=ERROR \
    "$litellm" --config "$work/litellm.yaml" --host 127.0.0.1 --port $litellm_port --num_workers 1 \
    > "$raw/litellm.out" 2>&1 &
  pids+=($!); litellm_pid=$! ;;
esac

declare -A url=(
  [direct-plain]="http://127.0.0.1:$nginx_port/plain/v1/chat/completions"
  [direct-stream]="http://127.0.0.1:$nginx_port/stream/v1/chat/completions"
  [proxy-plain]="http://127.0.0.1:$proxy_port/plain/v1/chat/completions"
  [proxy-stream]="http://127.0.0.1:$proxy_port/stream/v1/chat/completions"
  [llmgw-plain]="http://127.0.0.1:$gateway_port/v1/chat/completions"
  [llmgw-stream]="http://127.0.0.1:$gateway_port/v1/chat/completions"
  [litellm-plain]="http://127.0.0.1:$litellm_port/v1/chat/completions"
  [litellm-stream]="http://127.0.0.1:$litellm_port/v1/chat/completions"
)
declare -A key=([direct]=sk-upstream-unused [proxy]=sk-upstream-unused [llmgw]=sk-bench-load [litellm]=sk-bench-litellm)
targets="direct ${TARGETS:-proxy llmgw litellm}"
modes="plain stream"
body() { # body MODE: the chat request, the same for every target
  local stream=false; [ "$1" = stream ] && stream=true
  printf '{"model":"bench-%s","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16,"stream":%s}' \
    "$1" "$stream"
}
for t in $targets; do
  for m in $modes; do
    printf '{"method":"POST","url":"%s","header":{"Content-Type":["application/json"],"Authorization":["Bearer %s"]},"body":"%s"}\n' \
      "${url[$t-$m]}" "${key[$t]}" "$(body "$m" | base64 -w0)" > "$work/target-$t-$m.json"
  done
done

echo "==> waiting for nginx, the gateway and LiteLLM to answer both modes"
ready() { # ready TARGET MODE: one request answered 200 with the whole body
  curl -fs -o /dev/null --max-time 5 -H 'Content-Type: application/json' -H "Authorization: Bearer ${key[$1]}" \
    -d "$(body "$2")" "${url[$1-$2]}"
}
for _ in $(seq 1 240); do
  all=1
  for t in $targets; do for m in $modes; do ready "$t" "$m" || all=0; done; done
  [ $all = 1 ] && break
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a service exited during start-up; its output is in $raw" >&2; exit 1; }; done
  sleep 0.5
done
[ "$all" = 1 ] || { echo "not every target answered within 2 minutes; outputs in $raw" >&2; exit 1; }

vegeta_run() { # vegeta_run TARGET MODE RATE DURATION OUTPUT
  "$tools/vegeta" attack -format=json -targets="$work/target-$1-$2.json" -rate="$3/s" -duration="$4" \
    -timeout=5s -workers=64 > "$work/vegeta.bin"
  "$tools/vegeta" encode --to json "$work/vegeta.bin" > "$5"
}
rss_kib() { # resident set of a process and its children (LiteLLM's worker, nginx's worker)
  ps -o rss= -p "$1" --ppid "$1" | awk '{ s += $1 } END { print s }'
}
status_kib() { # status_kib PID FIELD: a /proc/PID/status figure (VmHWM: peak RSS; RssFile: file-backed)
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true
}
declare -A jvm=([gateway]=1 [authz-service]=1)
memory() { # memory PROCESS TARGET MODE RATE: a line of rss.csv, and for a JVM its NMT summary in raw/
  local p="$1" id="${pid[$1]}"
  echo "$p,$2,$3,$4,$(rss_kib "$id"),$(status_kib "$id" VmHWM),$(status_kib "$id" RssFile)" >> "$out/rss.csv"
  [ -z "${jvm[$p]:-}" ] || [ "${NMT:-summary}" = off ] \
    || jcmd "$id" VM.native_memory summary > "$raw/nmt-$p-$2-$3-$4.txt" 2>&1 || true
}
cpu_ticks() { # CPU time, in clock ticks, of a process and its children so far
  local total=0 p stat
  for p in "$1" $(pgrep -P "$1"); do
    read -r -a stat < "/proc/$p/stat" 2>/dev/null || continue
    total=$((total + stat[13] + stat[14]))
  done
  echo "$total"
}
settle() { # settle PROCESS...: waits (at most a minute each) until it uses under 10% of a CPU
  local p before
  for p in "$@"; do
    for _ in $(seq 1 60); do
      before="$(cpu_ticks "${pid[$p]}")"; sleep 1
      [ $(($(cpu_ticks "${pid[$p]}") - before)) -ge $(($(getconf CLK_TCK) / 10)) ] || break
    done
  done
}
declare -A pid=([nginx]=$nginx_pid [nginx-proxy]=$proxy_pid [authz-service]=$authz_pid [gateway]=$gateway_pid
  [litellm]=$litellm_pid)
# The processes each target's requests go through.
declare -A measured=([direct]="nginx" [proxy]="nginx-proxy nginx" [llmgw]="gateway authz-service nginx"
  [litellm]="litellm nginx")

for m in $modes; do
  echo "==> warm-up, $m: $warmup at $warmup_rate/s per target"
  for t in $targets; do
    vegeta_run "$t" "$m" "$warmup_rate" "$warmup" "$work/warm.json"
    # shellcheck disable=SC2086 # a list of names
    settle ${measured[$t]}
  done
done
echo "process,target,mode,rate,rss_kib,hwm_kib,rss_file_kib" > "$out/rss.csv"
# CPU time (user + system) each process spent during a step, sampled around it: divided by the
# step's requests it is the CPU each request costs that process.
echo "process,target,mode,rate,cpu_ms" > "$out/cpu.csv"
# Rates go up in the outer loop, so that a target that breaks at a high rate has its lower
# rates measured in both modes.
for rate in $rates; do
  for m in $modes; do
    echo "==> $m, $rate/s for $duration: $targets"
    for t in $targets; do
      declare -A cpu0=()
      for p in ${measured[$t]}; do cpu0[$p]="$(cpu_ticks "${pid[$p]}")"; done
      vegeta_run "$t" "$m" "$rate" "$duration" "$raw/$t-$m-$rate.json"
      for p in ${measured[$t]}; do
        kill -0 "${pid[$p]}" 2>/dev/null || echo "==> $p is no longer running (its output: $raw/$p.out)" >&2
        # before memory(): its NMT query makes the JVM work
        echo "$p,$t,$m,$rate,$(( ($(cpu_ticks "${pid[$p]}") - cpu0[$p]) * 1000 / $(getconf CLK_TCK) ))" >> "$out/cpu.csv"
        memory "$p" "$t" "$m" "$rate"
      done
      # A saturated target goes on with what the load generator gave up on; the next step
      # starts once it is idle again.
      # shellcheck disable=SC2086 # a list of names
      settle ${measured[$t]}
    done
  done
done
# The no-op Check round trip on the same machine: with the nginx proxy's overhead, the floor the
# gateway's overhead is compared with.
bench_cp="benchmarks/jmh/target/llmgw-benchmarks-0.1.0-SNAPSHOT.jar:$(ls benchmarks/jmh/target/libs/*.jar | tr '\n' ':')"
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS $bench_java_opts -cp "$bench_cp" io.llmgw.bench.NoopAuthzServer $noop_port > "$raw/noop.out" 2>&1 &
pids+=($!)
sleep 3   # it has no health service; the warm-up below also waits for it
echo "==> no-op Check, 1000/s for $duration"
ghz_noop() { # ghz_noop DURATION OUTPUT
  "$tools/ghz" --insecure --protoset "$protoset" \
    --call llmgw.authz.v1.AuthorizationService.Check -d "$(cat benchmarks/load/check-request.json)" \
    --async --rps 1000 --duration "$1" --duration-stop wait -c 64 --connections 2 --timeout 5s \
    -O json -o "$2" "127.0.0.1:$noop_port" >/dev/null
}
ghz_noop 10s "$work/noop-warm.json"
ghz_noop "$duration" "$raw/noop-check.json"
"$python" benchmarks/load/summarize_gateway.py "$raw" "$out" | tee "$out/summary.md"
