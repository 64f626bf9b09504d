#!/usr/bin/env bash
# Failover benchmark (not part of CI): 5 runs each of leader SIGKILL -> next acknowledged API
# write, and bound worker SIGKILL -> first row applied by its successor; prints median and worst.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -q -B -ntp -pl ha-tests -am test -Dtest=FailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.bench=true
grep -h -A3 "FAILOVER BENCHMARK" ha-tests/target/surefire-reports/io.sluice.hatests.FailoverBenchmark-output.txt
