#!/usr/bin/env bash
# The policy tools (`make policy-replay`, `make policy-explain`): runs
# `java -jar authz-service/target/llmgw-authz-service-*.jar policy "$@"` from the repository
# root with the JDK scripts/java-home.sh finds, building the jar first when it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
jar="$(ls authz-service/target/llmgw-authz-service-*.jar 2>/dev/null | head -n1 || true)"
if [ -z "$jar" ]; then
  "$root/scripts/install-tools.sh"
  echo "==> building the authz-service (./mvnw package -DskipTests)" >&2
  ./mvnw -B -q -pl authz-service -am package -DskipTests >&2
  jar="$(ls authz-service/target/llmgw-authz-service-*.jar | head -n1)"
fi
# shellcheck disable=SC2086 # LLMGW_JAVA_OPTS is a list of flags
exec java $LLMGW_JAVA_OPTS -jar "$jar" policy "$@"
