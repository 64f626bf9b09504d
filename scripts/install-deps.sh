#!/usr/bin/env bash
# Installs what Sluice's build, tests and playground need on Debian 12: Java 17, Maven and
# Debian's mariadb-server (the tests start their own mariadbd processes; no service is used).
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
{ [ -x /usr/sbin/mariadbd ] && command -v mariadb-install-db >/dev/null 2>&1; } || need+=(mariadb-server)
command -v mariadb >/dev/null 2>&1 || need+=(mariadb-client)
# pt-online-schema-change, for the online DDL test (pulls in DBD::mysql)
command -v pt-online-schema-change >/dev/null 2>&1 || need+=(percona-toolkit)
# openssl, for the TLS test's throw-away CA and certificates
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Debian's package may start a system mariadb on 3306; Sluice never uses it.
