#!/usr/bin/env bash
# The PgBouncer bench: N coordinated switchovers in rotation on a production-shaped 3-node loopback cluster
# under 8 clients writing every 5 ms through a real PgBouncer (transaction pooling), with the bouncer in the
# definition (PAUSE, retarget, RESUME) and without (retargeted right after the commit, no PAUSE). Prints
# failed client transactions, the client stall and acknowledged rows missing. Needs the PostgreSQL server
# binaries and PgBouncer (.ci/postgres-deps, .ci/pgbouncer-deps install them).
# Usage: bench/pgbouncer-soak.sh [rotations] [pause|nopause ...]   (default: 20 rotations, both variants)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.handover.postgres.bouncer.BouncerSoakBench "${1:-20}" "${@:2}"
