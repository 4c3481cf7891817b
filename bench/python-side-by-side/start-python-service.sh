#!/bin/bash
# Starts the Python darwin-compute (the service this one replaces) on this machine, against the
# MariaDB and Elasticsearch of a running sandbox, for a side-by-side measurement. See README.md.
#
#   start-python-service.sh DARWIN_GIT_DIR MARIADB_PORT ELASTICSEARCH_URL [WORKERS]
#
# DARWIN_GIT_DIR: a clone (or bare mirror) of github.com/kgaurkar-d11/darwin; its main branch's
# darwin-compute/ is extracted to $WORK (default /tmp/python-darwin-compute), never into this
# repository. Needs Debian 12's python3 packages (apt-packages.txt), wrk and the sandbox's mariadb
# client (found under $TMPDIR/darwin-sandbox-mariadb-*).
set -euo pipefail
GIT_DIR=$1; DB_PORT=$2; ES_URL=$3; WORKERS=${4:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/python-darwin-compute}
PORT=${PORT:-8100}
DCM_PORT=${DCM_PORT:-8190}
MARIADB=$(ls -d "${TMPDIR:-/tmp}"/darwin-sandbox-mariadb-*/bin/mariadb | head -1)

if [ ! -d "$WORK/darwin-compute" ]; then
  mkdir -p "$WORK"
  git --git-dir="$GIT_DIR" archive main darwin-compute | tar -x -C "$WORK"
  # darwin-local's settings (its docker-compose environment), pointed at the sandbox's servers
  # and at the stand-in below for the cluster manager and Chronos; a pool of 4 so that the
  # background jobs never leave a request without a connection.
  cat >> "$WORK/darwin-compute/core/src/compute_core/constant/constants.py" <<'PY'

CONFIGS_MAP["bench"] = {
    **CONFIGS_MAP["darwin-local"],
    "mysql_db": {**CONFIGS_MAP["darwin-local"]["mysql_db"], "write_host": "127.0.0.1", "read_host": "127.0.0.1",
                 "pool_size": 4, "user": "root", "password": "", "database": "darwin",
                 "port": os.getenv("BENCH_MYSQL_PORT")},
    "elasticsearch": {"host": os.getenv("BENCH_ES_URL"), "username": "", "password": ""},
    "dcm_url": os.getenv("BENCH_DCM_URL"), "chronos_url": os.getenv("BENCH_DCM_URL"),
}
PY
fi

# Its schema and index, as its pre-deploy.sh makes them, once per sandbox (a new sandbox starts empty).
if ! "$MARIADB" -h127.0.0.1 -P"$DB_PORT" -uroot -e 'USE darwin' 2> /dev/null; then
  "$MARIADB" -h127.0.0.1 -P"$DB_PORT" -uroot < "$WORK/darwin-compute/resources/db/mysql/migrations/20230627145332_CreateTables.sql"
  curl -sf -XPUT "$ES_URL/computea_v2" > /dev/null
  grep -o "_mappings\" --header 'Content-Type: application/json' --data-raw '.*'" \
      "$WORK/darwin-compute/.odin/darwin-compute/pre-deploy.sh" | sed "s/.*--data-raw '//; s/'\$//" > "$WORK/mapping.json"
  curl -sf -XPUT "$ES_URL/computea_v2/_mappings" -H 'Content-Type: application/json' -d @"$WORK/mapping.json" > /dev/null
fi

nohup python3 "$HERE/fake_dcm.py" "$DCM_PORT" > "$WORK/fake-dcm.log" 2>&1 &
cd "$WORK/darwin-compute/app_layer/src/compute_app_layer"
export PYTHONPATH="$HERE/shims:$WORK/darwin-compute/app_layer/src:$WORK/darwin-compute/core/src:$WORK/darwin-compute/model/src:$WORK/darwin-compute/script/src"
export ENV=bench OTEL_DISABLED=true LOG_FILE="$WORK/compute.log"
export BENCH_MYSQL_PORT=$DB_PORT BENCH_ES_URL=$ES_URL BENCH_DCM_URL=http://127.0.0.1:$DCM_PORT
# As its start.sh runs it (uvicorn main:app), with the Debian interpreter its packages are built for.
nohup /usr/bin/python3 -m uvicorn main:app --host 127.0.0.1 --port "$PORT" --workers "$WORKERS" \
    --timeout-keep-alive 75 > "$WORK/uvicorn.log" 2>&1 &
for _ in $(seq 60); do
  curl -sf "localhost:$PORT/health" > /dev/null 2>&1 && { echo "Python darwin-compute on port $PORT"; exit 0; }
  sleep 1
done
echo "not healthy after 60 s: see $WORK/uvicorn.log" >&2; exit 1
