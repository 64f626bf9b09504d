#!/usr/bin/env bash
# The playground: a source and a target MariaDB with sample data, one master and one worker,
# a task migrating the data while a writer keeps changing the source. Shows the target
# catching up until Ctrl-C, which stops everything this script started.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/install-deps.sh
if [ ! -d dist/target/lib ] || [ -n "$(find . -path ./dist -prune -o -name '*.java' -newer dist/target/lib -print -quit 2>/dev/null)" ]; then
  echo "building sluice (mvn package, tests skipped)..."
  mvn -q -B -ntp -DskipTests package
fi

PG="$ROOT/playground-data"
rm -rf "$PG"; mkdir -p "$PG"
PIDS=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "stopping the playground..."
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do kill "${PIDS[$i]}" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  echo "stopped everything; logs and data are in $PG"
}
trap cleanup INT TERM EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PW=playground
start_db() { # name port server-id
  local d="$PG/$1"; mkdir -p "$d/data" "$d/tmp"
  mariadb-install-db --no-defaults --auth-root-authentication-method=normal --datadir="$d/data" \
    --user="$(id -un)" --skip-test-db >"$d/install.log" 2>&1
  /usr/sbin/mariadbd --no-defaults --datadir="$d/data" --tmpdir="$d/tmp" --socket="$d/sock" --pid-file="$d/pid" \
    --port="$2" --bind-address=127.0.0.1 --user="$(id -un)" --server-id="$3" --log-bin="$d/data/mysql-bin" \
    --binlog-format=ROW --binlog-row-image=FULL --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --innodb-buffer-pool-size=64M --log-error="$d/error.log" &
  PIDS+=($!)
  for _ in $(seq 1 100); do mariadb --socket="$d/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
  mariadb --socket="$d/sock" -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED BY '$PW';
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$PW'; ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$PW';
    GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
}
SRC_PORT=$(free_port); DST_PORT=$(free_port)
echo "starting source MariaDB on $SRC_PORT and target MariaDB on $DST_PORT..."
start_db source "$SRC_PORT" 101
start_db target "$DST_PORT" 102
src() { mariadb --default-character-set=utf8mb4 -h127.0.0.1 -P"$SRC_PORT" -uroot -p"$PW" "$@"; }
dst() { mariadb --default-character-set=utf8mb4 -h127.0.0.1 -P"$DST_PORT" -uroot -p"$PW" "$@"; }
src -e "CREATE DATABASE shop;
  CREATE TABLE shop.orders (id BIGINT PRIMARY KEY AUTO_INCREMENT, customer VARCHAR(64), amount DECIMAL(12,2), created DATETIME(6));
  INSERT INTO shop.orders (customer, amount, created) SELECT CONCAT('customer-', seq), seq % 1000 + 0.99, NOW(6) FROM shop.seq_1_to_50000;
  CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(64), note TEXT);
  INSERT INTO shop.customers SELECT seq, CONCAT('name-', seq, ' 😀'), REPEAT('x', seq % 50) FROM shop.seq_1_to_5000;"

MASTER_PORT=$(free_port); PEER_PORT=$(free_port); WORKER_PORT=$(free_port)
echo "starting sluice-master on $MASTER_PORT and sluice-worker on $WORKER_PORT..."
bin/sluice-master --name master1 --master-addr "127.0.0.1:$MASTER_PORT" --peer-urls "http://127.0.0.1:$PEER_PORT" \
  --data-dir "$PG/master1" --log-file "$PG/master1.log" & PIDS+=($!)
bin/sluice-worker --name worker1 --worker-addr "127.0.0.1:$WORKER_PORT" --join "127.0.0.1:$MASTER_PORT" \
  --data-dir "$PG/worker1" --log-file "$PG/worker1.log" & PIDS+=($!)
CTL="bin/sluicectl --master-addr 127.0.0.1:$MASTER_PORT"
for _ in $(seq 1 60); do $CTL list-member --worker 2>/dev/null | grep -q worker1 && break; sleep 1; done

cat > "$PG/source.yaml" <<YAML
source-id: mysql-01
enable-gtid: true
from:
  host: 127.0.0.1
  port: $SRC_PORT
  user: root
  password: $PW
YAML
cat > "$PG/task.yaml" <<YAML
name: playground
task-mode: all
target-database:
  host: 127.0.0.1
  port: $DST_PORT
  user: root
  password: $PW
mysql-instances:
  - source-id: mysql-01
    block-allow-list: shop-only
block-allow-list:
  shop-only:
    do-dbs: ["shop"]
YAML
echo "+ sluicectl operate-source create $PG/source.yaml"; $CTL operate-source create "$PG/source.yaml"
echo "+ sluicectl start-task $PG/task.yaml"; $CTL start-task "$PG/task.yaml"

( while true; do
    src -e "INSERT INTO shop.orders (customer, amount, created) VALUES (CONCAT('live-', UUID_SHORT()), RAND() * 100, NOW(6));
            UPDATE shop.customers SET note = CONCAT(note, '.') WHERE id = FLOOR(1 + RAND() * 5000);
            DELETE FROM shop.orders WHERE id = FLOOR(1 + RAND() * 50000);" 2>/dev/null || true
    sleep 0.2
  done ) & PIDS+=($!)

echo "writing to the source continuously; Ctrl-C stops everything."
while true; do
  s=$(src -N -e "SELECT COUNT(*) FROM shop.orders" 2>/dev/null || echo "?")
  t=$(dst -N -e "SELECT COUNT(*) FROM shop.orders" 2>/dev/null || echo "-")
  st=$($CTL query-status playground 2>/dev/null | python3 -c '
import json,sys
try:
    d=json.load(sys.stdin); s=d["sources"][0]["subTaskStatus"][0]
    u=s.get("unit",""); out="stage=%s unit=%s" % (s.get("stage"), u)
    if "load" in s: out+=" progress=%s" % s["load"].get("progress")
    if "sync" in s: out+=" synced=%s lag=%ss syncer=%s master=%s" % (s["sync"].get("synced"), s["sync"].get("secondsBehindMaster"), s["sync"].get("syncerBinlog"), s["sync"].get("masterBinlog"))
    print(out)
except Exception as e: print("status unavailable")')
  printf '%s source_rows=%s target_rows=%s %s\n' "$(date +%T)" "$s" "$t" "$st"
  sleep 2
done
