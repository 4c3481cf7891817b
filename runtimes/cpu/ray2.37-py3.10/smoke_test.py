"""Smoke test of the Ray 2.37 / Python 3.10 CPU runtime, run inside the image."""
import subprocess
import sys

import ray

assert sys.version_info[:2] == (3, 10), sys.version
assert ray.__version__ == "2.37.0", ray.__version__

# The head pod's notebook container runs `jupyter lab` from this image.
subprocess.run(["jupyter", "lab", "--version"], check=True)
import pandas  # noqa: E402,F401  (the notebook libraries import)
import pyarrow  # noqa: E402,F401

ray.init(num_cpus=2, include_dashboard=False)


@ray.remote
def square(x):
    return x * x


assert sum(ray.get([square.remote(i) for i in range(10)])) == 285
ray.shutdown()
print("ok: Ray", ray.__version__, "on Python", sys.version.split()[0])
