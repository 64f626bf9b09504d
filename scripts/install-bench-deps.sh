#!/usr/bin/env bash
# Installs what scripts/bench-fullcopy.sh and scripts/bench-sync.sh need besides the build's own dependencies: Debian's
# mydumper (which ships myloader), sysbench (to prepare the data, and the sync benchmark's load) and GNU time (peak RSS).
set -euo pipefail
"$(dirname "$0")/install-deps.sh"
need=()
command -v mydumper >/dev/null 2>&1 || need+=(mydumper)
command -v sysbench >/dev/null 2>&1 || need+=(sysbench)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
