#!/usr/bin/env bash
# The MariaDB soak: N coordinated switchovers in rotation on a 3-node loopback GTID cluster, opened as
# mariadb:<file> through the backend registry, under a client writing every 5 ms; the servers are checked
# after every rotation and every acknowledged row on every node at the end. Needs mariadbd
# (.ci/mariadb-deps installs Debian's mariadb-server).
# Usage: bench/mariadb-soak.sh [rotations]   (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
# The harness's admin password, exported as an operator would; never in the definition file.
export HANDOVER_MDB_PASSWORD=handover-admin-pw
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.handover.mariadb.harness.MariaDbSoakBench "${1:-50}"
