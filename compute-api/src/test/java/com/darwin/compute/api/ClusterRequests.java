package com.darwin.compute.api;

/** The Darwin README's request bodies, as text, so the tests send exactly what users send. */
public final class ClusterRequests {

  private ClusterRequests() {}

  /** The Quick Start example: workers as {@code cores_per_pods/memory_per_pods}. */
  public static String quickStart(String name) {
    return """
        {
          "cluster_name": "%s",
          "tags": ["demo"],
          "runtime": "0.0",
          "inactive_time": 30,
          "start_cluster": true,
          "head_node_config": {
              "cores": 4,
              "memory": 8,
              "node_capacity_type": "ondemand"
          },
          "worker_node_configs": [
              {
                  "cores_per_pods": 2,
                  "memory_per_pods": 4,
                  "min_pods": 1,
                  "max_pods": 2,
                  "disk_setting": null,
                  "node_capacity_type": "ondemand"
              }
          ],
          "user": "user@example.com"
        }
        """
        .formatted(name);
  }

  /**
   * The Quick Start example created without starting it ({@code "start_cluster": false}): the
   * set-up of tests that need a cluster but no pods.
   */
  public static String stoppedQuickStart(String name) {
    return quickStart(name).replace("\"start_cluster\": true", "\"start_cluster\": false");
  }

  /** The "Creating Your First Project" example: workers as {@code cores/memory}. */
  public static String firstProject(String name) {
    return """
        {
          "cluster_name": "%s",
          "tags": ["tutorial", "housing-prices"],
          "runtime": "0.0",
          "inactive_time": 60,
          "head_node_config": {
              "cores": 4,
              "memory": 8
          },
          "worker_node_configs": [
              {
                  "cores": 2,
                  "memory": 4,
                  "min_pods": 1,
                  "max_pods": 2
              }
          ],
          "user": "user@example.com"
        }
        """
        .formatted(name);
  }
}
