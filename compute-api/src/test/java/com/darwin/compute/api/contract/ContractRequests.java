package com.darwin.compute.api.contract;

/** A cluster that uses every part of the read shape the clients look at. */
final class ContractRequests {

  private ContractRequests() {}

  /**
   * Advanced settings set (environment, init script, Ray start parameters, a Spark setting with a
   * dotted key, the instance role by display name), a worker scratch disk, labels.
   */
  static String everything(String name, boolean start) {
    return """
        {
          "cluster_name": "%s",
          "tags": ["contract"],
          "labels": {"project": "darwin", "squad": "data-science"},
          "runtime": "0.0",
          "inactive_time": 30,
          "start_cluster": %s,
          "head_node_config": {"cores": 4, "memory": 8, "node_capacity_type": "ondemand"},
          "worker_node_configs": [
            {"cores_per_pods": 2, "memory_per_pods": 4, "min_pods": 1, "max_pods": 3,
             "disk_setting": {"disk_type": "gp3", "storage_size": 50},
             "node_capacity_type": "spot"}
          ],
          "advance_config": {
            "environment_variables": "TEAM=ml\\nSTAGE=dev",
            "log_path": "s3://logs/contract",
            "init_script": "echo one\\necho two",
            "instance_role": {"display_name": "darwin-ds-role"},
            "ray_params": {"object_store_memory": 30, "cpus_on_head": 1},
            "spark_config": {"spark.executor.memory": "2g"}
          },
          "user": "user@example.com"
        }
        """
        .formatted(name, start);
  }
}
