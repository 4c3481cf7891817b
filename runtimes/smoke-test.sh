#!/usr/bin/env bash
# Builds a runtime image and runs its smoke test inside it. Needs Docker; see runtimes/README.md.
#
#   runtimes/smoke-test.sh DIR IMAGE
#
# DIR holds the Dockerfile and smoke_test.py; IMAGE is the tag to build (the catalogue's `image`).
# SKIP_BUILD=1 tests an image already built or pulled; DOCKER_RUN_ARGS adds `docker run` options
# (the GPU runtime's script passes `--gpus all`).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 DIR IMAGE" >&2
  exit 1
fi
dir=$(cd "$1" && pwd)
image=$2

if ! command -v docker >/dev/null 2>&1; then
  echo "docker is not installed: the smoke test runs the image, so it needs Docker" >&2
  exit 2
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo ">> building $image from $dir"
  docker build -t "$image" "$dir"
fi

echo ">> smoke test of $image"
# shellcheck disable=SC2086 # DOCKER_RUN_ARGS is a list of options
docker run --rm --shm-size=1g ${DOCKER_RUN_ARGS:-} \
  -v "$dir/smoke_test.py:/tmp/smoke_test.py:ro" \
  "$image" python /tmp/smoke_test.py
echo ">> $image passed"
