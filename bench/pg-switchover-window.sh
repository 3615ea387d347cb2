#!/usr/bin/env bash
# Measures the write-unavailability window of a planned coordinated PostgreSQL switchover:
# >= 5 switchovers on a throwaway 3-node loopback cluster under a client writing every 2 ms.
# Needs the PostgreSQL server binaries (.ci/postgres-deps installs them). Usage: bench/pg-switchover-window.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.handover.postgres.harness.SwitchoverWindowBench "${1:-7}"
