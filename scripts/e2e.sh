#!/usr/bin/env bash
# The end-to-end suite in e2e/: pytest, from the project's .venv (created by python-env.sh),
# starts the authz-service and gateway jars that the build produced as real processes on
# spare loopback ports and stops them at the end. Build first (`make test` runs it after
# ./mvnw verify). Extra arguments go to pytest, e.g. `scripts/e2e.sh -k hostile`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
python="$(scripts/python-env.sh)"
exec "$python" -m pytest -c e2e/pytest.ini --rootdir e2e "$@"
