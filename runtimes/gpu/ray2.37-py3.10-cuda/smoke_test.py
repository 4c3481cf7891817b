"""Smoke test of the Ray 2.37 / Python 3.10 GPU runtime, run inside the image.

Without a visible GPU (docker run without --gpus) the CUDA checks are skipped, unless
REQUIRE_GPU=1 is set, which makes their absence a failure.
"""
import os
import subprocess
import sys

import ray
import torch

assert sys.version_info[:2] == (3, 10), sys.version
assert ray.__version__ == "2.37.0", ray.__version__
subprocess.run(["jupyter", "lab", "--version"], check=True)

if not torch.cuda.is_available():
    if os.environ.get("REQUIRE_GPU") == "1":
        sys.exit("no GPU is visible in the container (run it with --gpus all)")
    print("no GPU visible: CUDA checks skipped")
    ray.init(num_cpus=1, include_dashboard=False)
else:
    ray.init(num_cpus=1, num_gpus=torch.cuda.device_count(), include_dashboard=False)

    @ray.remote(num_gpus=1)
    def matmul():
        a = torch.ones((256, 256), device="cuda")
        return float((a @ a).sum().item())

    assert ray.get(matmul.remote()) == 256.0 * 256 * 256

ray.shutdown()
print("ok: Ray", ray.__version__, "torch", torch.__version__, "CUDA", torch.version.cuda)
