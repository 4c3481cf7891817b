#!/bin/bash
# One alternated round of every route on both services: wrk, 2 threads, 32 connections, SECONDS
# each, the Python service first on each route. Prints one tab-separated line per route and side:
# label, route, side, requests/s, non-2xx count and p50/p99, then the CPU time per request of the
# service (all its processes), of Elasticsearch and of MariaDB, in ms, from /proc.
#
#   round.sh LABEL PYTHON_PID JAVA_PID ELASTICSEARCH_PID MARIADB_PID [SECONDS] [JAVA_PORT] [PYTHON_PORT]
L=$1; PY=$2; JAVA=$3; ES=$4; DB=$5; SECONDS_EACH=${6:-15}; JAVA_PORT=${7:-8000}; PY_PORT=${8:-8100}
HERE=$(cd "$(dirname "$0")" && pwd)
cpu() { # clock ticks of a process and its children (uvicorn's workers)
  local total=0
  for p in $1 $(pgrep -P "$1"); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14+$15}' "/proc/$p/stat")))
  done
  echo $total
}
run() { # side pid url script script-args...
  local side=$1 pid=$2 url=$3 script=$4; shift 4
  local s1 e1 d1 s2 e2 d2 out
  s1=$(cpu "$pid"); e1=$(cpu "$ES"); d1=$(cpu "$DB")
  out=$(wrk -t2 -c32 -d"${SECONDS_EACH}s" -s "$HERE/$script" "$url" -- "$@" 2>&1)
  s2=$(cpu "$pid"); e2=$(cpu "$ES"); d2=$(cpu "$DB")
  local n rps tick
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  tick=$(getconf CLK_TCK)
  printf "%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\n" "$L" "$route" "$side" "$rps" "$(echo "$out" | grep -o 'non2xx=.*')" \
    "$(echo "($s2-$s1)*1000/$tick/$n" | bc -l)" "$(echo "($e2-$e1)*1000/$tick/$n" | bc -l)" "$(echo "($d2-$d1)*1000/$tick/$n" | bc -l)"
}
for route in metadata full search-filters search-text; do
  for side in py java; do
    if [ $side = py ]; then pid=$PY; port=$PY_PORT; else pid=$JAVA; port=$JAVA_PORT; fi
    case $route in
      metadata) run $side "$pid" "http://127.0.0.1:$port" ids.lua "$PWD/ids-$side.txt" /metadata ;;
      full) run $side "$pid" "http://127.0.0.1:$port" ids.lua "$PWD/ids-$side.txt" "" ;;
      search-filters) run $side "$pid" "http://127.0.0.1:$port/cluster/search" post.lua "$HERE/search-filters.json" ;;
      search-text) run $side "$pid" "http://127.0.0.1:$port/cluster/search" post.lua "$HERE/search-text.json" ;;
    esac
  done
done
