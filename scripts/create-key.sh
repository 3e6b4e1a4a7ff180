#!/usr/bin/env bash
# `make create-key ARGS='--id NAME --model MODEL ...'`, or this script with the same options:
# runs the gateway's create-key command on the JDK 21+ that scripts/java-home.sh finds (the
# machine's default java may be older), building the gateway jar first if there is none.
# Prints the new key once and the key-file entry (its SHA-256 only) to add under `keys:`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/java-home.sh"

jar="$(ls "$root"/gateway/target/llmgw-gateway-*.jar 2>/dev/null | grep -v -e '-sources.jar' -e '-tests.jar' | head -n1 || true)"
if [ -z "$jar" ]; then
  echo "create-key: no gateway jar yet; building it (./mvnw package -DskipTests)" >&2
  "$root/scripts/install-tools.sh" >&2
  (cd "$root" && ./mvnw -B -q -pl gateway -am package -DskipTests >&2)
  jar="$(ls "$root"/gateway/target/llmgw-gateway-*.jar | head -n1)"
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" create-key "$@"
