#!/bin/bash
# The same data for both services: N clusters created through each one's POST /cluster (ids in
# ids-java.txt, ids-py.txt), then 100,000 more clusters bulk-loaded into each one's search index
# in that index's own document shape (corpus.py), as B3 loads its corpus.
#
#   load-data.sh ELASTICSEARCH_URL [N] [JAVA_PORT] [PYTHON_PORT]
set -euo pipefail
ES=$1; N=${2:-200}; JAVA=${3:-8000}; PY=${4:-8100}
HERE=$(cd "$(dirname "$0")" && pwd)
create() { # port prefix
  : > "ids-$2.txt"
  for i in $(seq "$N"); do
    curl -s -m30 "localhost:$1/cluster" -H 'Content-Type: application/json' \
        -H 'msd-user: {"email": "bench@example.com"}' -d '{"cluster_name": "'"$2-$i"'", "tags": ["bench"],
        "runtime": "0.0", "inactive_time": 30, "start_cluster": false,
        "head_node_config": {"cores": 4, "memory": 8, "node_capacity_type": "ondemand"},
        "worker_node_configs": [{"cores_per_pods": 2, "memory_per_pods": 4, "min_pods": 1,
                                 "max_pods": 2, "node_capacity_type": "ondemand"}],
        "user": "bench@example.com"}' \
      | python3 -c "import json,sys;print(json.load(sys.stdin)['data']['cluster_id'])" >> "ids-$2.txt"
  done
}
create "$JAVA" java
create "$PY" py
sleep 5 # this service indexes its documents from its outbox, shortly after the create
python3 "$HERE/corpus.py" "$ES" 100000 darwin-compute-clusters-v3 "$(head -1 ids-java.txt)" \
    computea_v2 "$(head -1 ids-py.txt)"
