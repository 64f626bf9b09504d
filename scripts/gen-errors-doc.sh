#!/usr/bin/env bash
# Rewrites docs/errors.md from the error-code registry (every *Errors class of every module).
# The same test without the flag fails the build when the doc is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl ha-tests -am test -Dtest=ErrorCodeDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.errors.write=true
echo "docs/errors.md: $(grep -c '^| [0-9]' docs/errors.md) codes"
