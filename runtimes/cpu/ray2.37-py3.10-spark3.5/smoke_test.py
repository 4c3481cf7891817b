"""Smoke test of the Ray 2.37 / Python 3.10 / Spark 3.5 CPU runtime, run inside the image."""
import subprocess
import sys

import pyspark
import ray
import raydp

assert sys.version_info[:2] == (3, 10), sys.version
assert ray.__version__ == "2.37.0", ray.__version__
assert pyspark.__version__.startswith("3.5."), pyspark.__version__
subprocess.run(["java", "-version"], check=True)
subprocess.run(["jupyter", "lab", "--version"], check=True)

# Spark on Ray, as spark_auto_init does in a cluster: one small executor is enough here.
ray.init(num_cpus=2, include_dashboard=False)
spark = raydp.init_spark(
    app_name="darwin-runtime-smoke-test",
    num_executors=1,
    executor_cores=1,
    executor_memory="512M",
)
assert spark.range(1000).filter("id % 2 = 0").count() == 500
raydp.stop_spark()
ray.shutdown()
print("ok: Ray", ray.__version__, "Spark", pyspark.__version__, "on Python", sys.version.split()[0])
