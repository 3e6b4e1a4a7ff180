#!/usr/bin/env bash
# JMH benchmarks of the authz-service: the wasm engine alone, and Check over loopback gRPC
# beside a no-op gRPC service on the same transport (the floor). Writes the raw JMH results
# to docs/benchmarks/authz-jmh.json and prints the summary; docs/benchmarks.md explains them.
# Usage: benchmarks/jmh/run.sh [JMH run options; default: -f 3, with each class's own warm-up
# and measurement iterations]
# Several forks matter: how HotSpot compiles the large methods Chicory generates differs
# from one JVM to the next, and with it the engine's latency.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/java-home.sh

scripts/install-tools.sh
./mvnw -B -q -pl benchmarks/jmh -am package -DskipTests
mkdir -p docs/benchmarks
cp="benchmarks/jmh/target/llmgw-benchmarks-0.1.0-SNAPSHOT.jar:$(ls benchmarks/jmh/target/libs/*.jar | tr '\n' ':')"
# shellcheck disable=SC2086 # LLMGW_JAVA_OPTS is a list of flags
[ $# -gt 0 ] || set -- -f 3
java $LLMGW_JAVA_OPTS -cp "$cp" org.openjdk.jmh.Main 'io.llmgw.bench.*' -t 1 "$@" \
  -jvmArgsAppend "$LLMGW_JAVA_OPTS -Xmx512m -Dllmgw.policy.bundle=$root/target/policies/bundle.tar.gz" \
  -rf json -rff docs/benchmarks/authz-jmh.json
# The per-sample histograms make the file megabytes large; keep the scores and percentiles.
python3 - docs/benchmarks/authz-jmh.json <<'PY'
import json, sys
path = sys.argv[1]
runs = json.load(open(path))
for run in runs:
    for metric in [run["primaryMetric"], *run.get("secondaryMetrics", {}).values()]:
        metric.pop("rawDataHistogram", None)
json.dump(runs, open(path, "w"), indent=1)
PY
