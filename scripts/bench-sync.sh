#!/usr/bin/env bash
# Sync benchmark (not part of CI): sysbench oltp_insert and then oltp_write_only write two binlog
# ranges on the source; each is replayed by MariaDB's parallel replication and by Sluice (compact
# and multiple-rows off, then on), timed start marker to end marker on the target; then Sluice's
# lag at half its measured capacity. Prints rows/s, the ratios and lag p50/p99/max.
# Sizes: TABLES (4), ROWS (10000 per table), THREADS (4 sysbench threads), RANGE_SECONDS (20 per range),
# WORKERS (16: worker-count and slave_parallel_threads), BATCH (100), LAG_SECONDS (30),
# FLUSH_INTERVAL (30: checkpoint-flush-interval, s), LAG_THREADS (32: sysbench threads of the paced lag phase),
# WORKER_JVM (extra JVM options of the worker, e.g. "-XX:StartFlightRecording=filename=/tmp/w.jfr" to profile it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-bench-deps.sh
mvn -q -B -ntp -pl ha-tests -am test -Dtest=SyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.bench=true \
  -Dbench.tables="${TABLES:-4}" -Dbench.rows="${ROWS:-10000}" -Dbench.threads="${THREADS:-4}" \
  -Dbench.seconds="${RANGE_SECONDS:-20}" -Dbench.workers="${WORKERS:-16}" -Dbench.batch="${BATCH:-100}" \
  -Dbench.lagSeconds="${LAG_SECONDS:-30}" -Dbench.flushInterval="${FLUSH_INTERVAL:-30}" \
  -Dbench.lagThreads="${LAG_THREADS:-32}" -Dbench.workerJvm="${WORKER_JVM:-}"
cat ha-tests/target/bench-sync.txt
