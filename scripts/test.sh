#!/usr/bin/env bash
# The test command: installs what is missing, then builds and runs every test, the
# integration tests included (they start real mariadbd, master and worker processes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec mvn -B -ntp package "$@"
