#!/usr/bin/env bash
# Full-copy benchmark (not part of CI): sysbench-prepared tables copied by Sluice (dump+load),
# by mydumper+myloader and by plain LOAD DATA INFILE, each checked against the source; prints
# wall time, MB/s, rows/s, peak RSS and the ratios. Sizes: TABLES (8), ROWS (500000), THREADS (4).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-bench-deps.sh
mvn -q -B -ntp -pl ha-tests -am test -Dtest=FullCopyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsluice.bench=true -Dbench.workerJvm="${WORKER_JVM:--Xmx1g}" -Dbench.tables="${TABLES:-8}" -Dbench.rows="${ROWS:-500000}" -Dbench.threads="${THREADS:-4}"
cat ha-tests/target/bench-fullcopy.txt
