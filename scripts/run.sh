#!/usr/bin/env bash
# `make run`: builds everything (tests skipped), creates the demo CA and the certificates of
# the gateway <-> authz-service link in demo-certs/ (git-ignored; kept while valid, created
# again when missing or about to expire), then starts the authz-service and the gateway in the
# foreground on their built-in demo configuration, with mutual TLS between them. Ctrl-C stops both.
# LLMGW_SKIP_BUILD=1 starts what is already built, LLMGW_PUBLISH=0 the bundle already
# published (var/policy/bundle.tar.gz) rather than the working tree's; AUTHZ_PORT, SERVER_PORT and
# GATEWAY_AUTHZ_TARGET override the ports.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/java-home.sh

if [ "${LLMGW_SKIP_BUILD:-0}" != 1 ]; then
  "$root/scripts/install-tools.sh"
  echo "==> building (./mvnw install -DskipTests)"
  ./mvnw -B -q install -DskipTests
fi
# The build checks the policies but publishes nothing: run their tests (the build skipped
# them), then publish the checked bundle to the file the authz-service watches.
# LLMGW_PUBLISH=0 starts on the bundle already published (e.g. to shadow a checked change).
if [ "${LLMGW_PUBLISH:-1}" != 0 ]; then
  policies/opa-pipeline.sh test publish
fi

authz_jar="$(ls authz-service/target/llmgw-authz-service-*.jar | head -n1)"
gateway_jar="$(ls gateway/target/llmgw-gateway-*.jar | head -n1)"
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS -jar "$authz_jar" certs demo --dir demo-certs

pids=()
stop() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "==> stopped"
}
trap stop INT TERM EXIT

# shellcheck disable=SC2086 # the *_JAVA_OPTS are lists of flags
java $LLMGW_JAVA_OPTS $LLMGW_SERVICE_JAVA_OPTS -jar "$authz_jar" &
pids+=($!)
echo "==> waiting for the authz-service to report SERVING on 127.0.0.1:${AUTHZ_PORT:-9191} (mutual TLS)"
for _ in $(seq 1 120); do
  # shellcheck disable=SC2086
  if java $LLMGW_JAVA_OPTS -cp "$authz_jar" io.llmgw.authz.grpc.HealthProbe "127.0.0.1:${AUTHZ_PORT:-9191}" >/dev/null 2>&1; then
    break
  fi
  kill -0 "${pids[0]}" 2>/dev/null || { echo "authz-service exited during start-up" >&2; exit 1; }
  sleep 0.5
done

# The demo serves the public demo keys; the gateway refuses them unless told it is the demo.
# With a key file of your own (GATEWAY_KEYS_FILE) they stay refused.
if [ -z "${GATEWAY_KEYS_FILE:-}" ]; then
  export GATEWAY_KEYS_ALLOW_DEMO_KEYS=true
fi
# shellcheck disable=SC2086
java $LLMGW_JAVA_OPTS $LLMGW_SERVICE_JAVA_OPTS -jar "$gateway_jar" &
pids+=($!)
cat <<MSG
==> gateway:       http://localhost:${SERVER_PORT:-4000}/v1   (health: /observe/health)
==> authz-service: 127.0.0.1:${AUTHZ_PORT:-9191} (gRPC over mutual TLS; certificates in demo-certs/)
==> demo keys:     sk-demo-alias-only (granted Qwen/Qwen3-Coder-480B-A35B-Instruct), sk-demo-other,
                   sk-demo-limited (gpt-4o-mini; 256-token cap, no tools, 5 requests a minute)
==> Ctrl-C stops both
MSG
wait -n "${pids[@]}"
