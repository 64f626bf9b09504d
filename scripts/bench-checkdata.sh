#!/usr/bin/env bash
# check-data benchmark (not part of CI): one table of ROWS (500000) rows and a routed copy on one
# MariaDB, compared in chunks of CHUNK (10000) rows; prints the check time next to a plain scan.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl master -am test -Dtest=DataCheckBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsluice.bench=true -Dbench.rows="${ROWS:-500000}" -Dbench.chunk="${CHUNK:-10000}"
cat master/target/bench-checkdata.txt
