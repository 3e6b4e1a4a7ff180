#!/usr/bin/env bash
# The gateway under overload and failure, beside the same fixed nginx upstream as
# gateway-load.sh, plain chat completions at constant offered rates (vegeta):
#   cold      - a freshly started gateway offered COLD_RATE (1000/s) at once for COLD (60 s);
#               on JDK 25+ a second time with an AOT cache from a training run (cold-aot)
#   sustained - the warm gateway at SUSTAINED_RATE (1000/s) for STEP (30 s): the reference
#   overload  - OVERLOAD_RATE (3000/s, beyond what it sustains here) for OVERLOAD (60 s), then
#               one normal request, timed
#   large-bodies - then LARGE_BODIES (32) concurrent chat requests of 9 MB each: each answer a
#               200 or a 429 refusal, no OutOfMemoryError, memory taken after them
#   replicas  - a gateway given two authz-service replicas at SUSTAINED_RATE for STEP; one
#               replica is killed (SIGKILL) a third of the way in
# RSS of every process is sampled each second; after each step, each JVM's RSS, peak RSS and
# native memory (NMT summary: heap, metaspace, code cache, direct buffers, threads) are taken, and
# after the overload step the whole NMT summaries of both services are kept.
# Results land in docs/benchmarks/gateway-overload/ (raw per-request results in raw/, not
# committed). Usage: benchmarks/load/gateway-overload.sh; the variables above shorten it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/java-home.sh

cold_rate="${COLD_RATE:-1000}"; cold="${COLD:-60s}"
sustained_rate="${SUSTAINED_RATE:-1000}"; step="${STEP:-30s}"
overload_rate="${OVERLOAD_RATE:-3000}"; overload="${OVERLOAD:-60s}"
large_n="${LARGE_BODIES:-32}"
java_opts="${BENCH_JAVA_OPTS:-$LLMGW_SERVICE_JAVA_OPTS} -XX:NativeMemoryTracking=summary"
out="${OUT:-$root/docs/benchmarks/gateway-overload}"   # OUT: another folder for the results
raw="$out/raw"
conf="$root/benchmarks/load/gateway-load"
work="$(mktemp -d)"
mkdir -p "$raw"
rm -f "$raw"/*

scripts/install-tools.sh bench
python="$(scripts/python-env.sh)"
nginx="$(scripts/install-nginx.sh)"
# SKIP_BUILD=1 reuses the jars of the last build.
[ "${SKIP_BUILD:-0}" = 1 ] || ./mvnw -B -q -pl gateway,authz-service -am package -DskipTests
tools="$root/.tools/bin"
nginx_port=18190; authz_a=19491; authz_b=19492; gateway_port=14200
ulimit -n 65536 2>/dev/null || true
java_major="$(_llmgw_java_major "$JAVA_HOME")"

pids=()
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/nginx/tmp"
sed "s/@PORT@/$nginx_port/" "$conf/nginx.conf" > "$work/nginx/nginx.conf"
sed "s/@NGINX@/127.0.0.1:$nginx_port/" "$conf/models.yaml" > "$work/models.yaml"
"$nginx" -p "$work/nginx" -c nginx.conf -g 'daemon off;' > "$raw/nginx.out" 2>&1 &
pids+=($!)
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

start_authz() { # start_authz PORT NAME: prints the pid once it serves
  # shellcheck disable=SC2086 # lists of flags
  java $LLMGW_JAVA_OPTS $java_opts $authz_tls -Dauthz.port="$1" -Dauthz.metrics-port=-1 \
    -Dauthz.bundle=target/policies/bundle.tar.gz \
    -Dauthz.decision-log.output=file -Dauthz.decision-log.file="$work/decisions-$2.log" \
    -jar "$authz_jar" > "$raw/$2.out" 2>&1 &
  local p=$!
  # Its own log line rather than a probe: on a saturated machine a fresh probe JVM misses its deadline.
  for _ in $(seq 1 600); do
    grep -q "authz-service listening" "$raw/$2.out" 2>/dev/null && break
    sleep 0.5
  done
  echo "$p"
}
start_gateway() { # start_gateway TARGET NAME [JVM FLAGS...]: prints the pid once it answers
  local target="$1" name="$2"; shift 2
  # shellcheck disable=SC2086
  java $LLMGW_JAVA_OPTS $java_opts $gateway_tls "$@" -Dserver.port=$gateway_port -Dgateway.authz.target="$target" \
    -Dgateway.keys.file="$conf/keys.yaml" -Dgateway.models.file="$work/models.yaml" \
    -jar "$gateway_jar" > "$raw/$name.out" 2>&1 &
  local p=$!
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$gateway_port/observe/health/ready" && break
    sleep 0.25
  done
  echo "$p"
}
stop() { # stop PID: SIGTERM, then waits until it is gone (an AOT cache is written on the way out)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
}

body='{"model":"bench-plain","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16,"stream":false}'
printf '{"method":"POST","url":"http://127.0.0.1:%s/v1/chat/completions","header":{"Content-Type":["application/json"],"Authorization":["Bearer sk-bench-load"]},"body":"%s"}\n' \
  "$gateway_port" "$(printf %s "$body" | base64 -w0)" > "$work/target.json"
attack() { # attack RATE DURATION OUTPUT
  "$tools/vegeta" attack -format=json -targets="$work/target.json" -rate="$1/s" -duration="$2" \
    -timeout=5s -workers=64 > "$work/vegeta.bin"
  "$tools/vegeta" encode --to json "$work/vegeta.bin" > "$3"
}
sampler() { # sampler STEP NAME=PID...: RSS of each process every second, until killed
  local step="$1"; shift
  while true; do
    for np in "$@"; do
      echo "$step,${np%%=*},$(date +%s.%N),$(ps -o rss= -p "${np#*=}" | tr -d ' ')" >> "$out/rss-timeline.csv"
    done
    sleep 1
  done
}
measure() { # measure STEP RATE DURATION NAME=PID...: one attack with RSS sampled
  local name="$1" rate="$2" duration="$3"; shift 3
  sampler "$name" "$@" & local s=$!
  attack "$rate" "$duration" "$raw/$name.json"
  kill "$s"; wait "$s" 2>/dev/null || true
  for np in "$@"; do
    kill -0 "${np#*=}" 2>/dev/null || { echo "$name,${np%%=*},exited" >> "$out/events.csv"; continue; }
    snapshot "$name" "${np%%=*}" "${np#*=}"
  done
}
snapshot() { # snapshot STEP NAME PID: RSS, peak RSS and file-backed RSS into memory.csv, the NMT summary into raw/
  local f; f="$(awk '$1 == "VmRSS:" { r = $2 } $1 == "VmHWM:" { h = $2 } $1 == "RssFile:" { b = $2 }
    END { print r "," h "," b }' "/proc/$3/status" 2>/dev/null || true)"
  echo "$1,$2,$f" >> "$out/memory.csv"
  jcmd "$3" VM.native_memory summary > "$raw/nmt-$1-$2.txt" 2>&1 || true
}
echo "step,process,time,rss_kib" > "$out/rss-timeline.csv"
echo "step,what,value" > "$out/events.csv"
echo "step,process,rss_kib,hwm_kib,rss_file_kib" > "$out/memory.csv"

pa="$(start_authz $authz_a authz-a)"; pids+=("$pa")
# The authz-service warmed once, so that the cold steps measure a cold gateway only.
pg="$(start_gateway 127.0.0.1:$authz_a gateway-warmup)"
attack 500 20s "$work/warm.json"; stop "$pg"

echo "==> cold: a fresh gateway, $cold_rate/s at once for $cold"
pg="$(start_gateway 127.0.0.1:$authz_a gateway-cold)"; pids+=("$pg")
measure cold "$cold_rate" "$cold" gateway="$pg" authz-service="$pa"
stop "$pg"

if [ "$java_major" -ge 25 ] 2>/dev/null; then
  echo "==> cold-aot: training run for the AOT cache (JDK $java_major), then a fresh gateway with it"
  pg="$(start_gateway 127.0.0.1:$authz_a gateway-training -XX:AOTCacheOutput="$work/gateway.aot")"
  attack 500 30s "$work/train.json"; stop "$pg"
  if [ -f "$work/gateway.aot" ]; then
    echo "cold-aot,aot_cache_mib,$(( $(stat -c %s "$work/gateway.aot") / 1048576 ))" >> "$out/events.csv"
    pg="$(start_gateway 127.0.0.1:$authz_a gateway-cold-aot -XX:AOTCache="$work/gateway.aot")"; pids+=("$pg")
    measure cold-aot "$cold_rate" "$cold" gateway="$pg" authz-service="$pa"
    stop "$pg"
  fi
fi

echo "==> sustained: $sustained_rate/s for $step, then overload: $overload_rate/s for $overload"
pg="$(start_gateway 127.0.0.1:$authz_a gateway)"; pids+=("$pg")
attack "$sustained_rate" 20s "$work/warm.json"
measure sustained "$sustained_rate" "$step" gateway="$pg" authz-service="$pa"
measure overload "$overload_rate" "$overload" gateway="$pg" authz-service="$pa"
after="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
  -H 'Authorization: Bearer sk-bench-load' -d "$body" "http://127.0.0.1:$gateway_port/v1/chat/completions" || true)"
echo "overload,request_after,$after" >> "$out/events.csv"
curl -s "http://127.0.0.1:$gateway_port/observe/metrics" > "$raw/gateway-metrics.txt" || true
for np in gateway="$pg" authz-service="$pa"; do
  jcmd "${np#*=}" VM.native_memory summary > "$out/nmt-${np%%=*}.txt" 2>&1 || true
done

echo "==> large bodies: $large_n concurrent chat requests of 9 MB (under the 10 MiB body limit)"
head -c 9000000 /dev/zero | tr '\0' x \
  | sed 's/^/{"model":"bench-plain","messages":[{"role":"user","content":"/; s/$/"}]}/' > "$work/large.json"
seq 1 "$large_n" | xargs -P "$large_n" -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 \
  -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-load' --data-binary @"$work/large.json" \
  "http://127.0.0.1:$gateway_port/v1/chat/completions" > "$raw/large-bodies.codes" || true
sort "$raw/large-bodies.codes" | uniq -c | awk '{ print "large-bodies,status_" $2 "," $1 }' >> "$out/events.csv"
for np in gateway="$pg" authz-service="$pa"; do
  if kill -0 "${np#*=}" 2>/dev/null; then snapshot large-bodies "${np%%=*}" "${np#*=}"
  else echo "large-bodies,${np%%=*},exited" >> "$out/events.csv"; fi
done
(cd "$raw" && grep -c OutOfMemoryError gateway*.out | sed 's/^/oom,/; s/:/,/') >> "$out/events.csv" || true
stop "$pg"

echo "==> replicas: two authz-services, $sustained_rate/s for $step, one killed a third of the way in"
pb="$(start_authz $authz_b authz-b)"; pids+=("$pb")
# Replica B warmed as A was (its own gateway, 500/s for 20 s), then the two-replica gateway as
# the sustained step's was, so that the step measures a warm fleet losing a replica.
pg="$(start_gateway 127.0.0.1:$authz_b gateway-warmup-b)"
attack 500 20s "$work/warm.json"; stop "$pg"
pg="$(start_gateway "127.0.0.1:$authz_a,127.0.0.1:$authz_b" gateway-replicas)"; pids+=("$pg")
attack "$sustained_rate" 20s "$work/warm.json"
ticks() { read -r -a s < "/proc/$1/stat"; echo $((s[13] + s[14])); }
a0="$(ticks "$pa")"; b0="$(ticks "$pb")"
secs="${step%s}"
( sleep $((secs / 3)); echo "replicas,cpu_ticks_a,$(( $(ticks "$pa") - a0 ))" >> "$out/events.csv"
  echo "replicas,cpu_ticks_b,$(( $(ticks "$pb") - b0 ))" >> "$out/events.csv"
  kill -9 "$pb"; echo "replicas,killed_b_after_s,$((secs / 3))" >> "$out/events.csv" ) &
killer=$!
measure replicas "$sustained_rate" "$step" gateway="$pg" authz-a="$pa"
wait "$killer"
stop "$pg"

"$python" benchmarks/load/summarize_overload.py "$raw" "$out" | tee "$out/summary.md"
