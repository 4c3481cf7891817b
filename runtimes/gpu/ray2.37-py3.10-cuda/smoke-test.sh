#!/usr/bin/env bash
# Builds this runtime's image and runs smoke_test.py in it (needs Docker). IMAGE overrides the tag.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export DOCKER_RUN_ARGS="${DOCKER_RUN_ARGS:---gpus all}"
exec "$here/../../smoke-test.sh" "$here" "${IMAGE:-localhost:5000/darwin-runtime:2.37.0-py310-gpu}"
