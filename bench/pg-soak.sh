#!/usr/bin/env bash
# The PostgreSQL soak: N coordinated switchovers in rotation on a production-shaped 3-node loopback
# cluster (checksums, scram, a replication role, a slot per standby), asynchronous (ports on the start
# command) and synchronous (ANY 1), under a client writing every 5 ms; the cluster is checked after
# every rotation. Needs the PostgreSQL server binaries (.ci/postgres-deps installs them).
# Usage: bench/pg-soak.sh [rotations] [async|sync ...]   (default: 100 rotations, both variants)
#        BENCH_VERBOSE=1 prints every rotation's steps, checks and events.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.handover.postgres.harness.PgSoakBench "${1:-100}" "${@:2}"
