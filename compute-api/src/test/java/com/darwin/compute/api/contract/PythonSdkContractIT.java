package com.darwin.compute.api.contract;

import static com.darwin.compute.api.contract.JsonShape.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The compute Python SDK ({@code darwin_compute}: {@code Compute.create_with_yaml} and its
 * app-layer client): a create posts {@code ComputeClusterDefinition.convert()} of the YAML it ships
 * as its example, with no {@code msd-user} and {@code user: "sdk"}; start, stop and restart send
 * {@code msd-user: {"email": "sdk"}}. The client only requires a 2xx and a JSON body, so the
 * contract is that these bodies, with the types and nulls {@code convert()} gives them, are
 * accepted and mean what they meant: the instance role's {@code id} as a number, {@code ray_params}
 * with {@code object_store_memory}/{@code cpus_on_head}, {@code node_type} and {@code disk_setting}
 * null, the init script's lines joined, the policies with their params, packages as {@code
 * to_dict}.
 */
class PythonSdkContractIT extends ApiIntegrationTest {

  private static final String SDK = "{\"email\": \"sdk\"}";

  /** {@code convert()} of the SDK's {@code request.yaml}, the runtime one of this catalogue's. */
  private static String converted(String name) {
    return """
        {
          "cluster_name": "%s",
          "tags": ["demo"],
          "labels": {"project": "darwin", "service": "darwin", "squad": "data-science",
                     "environment": "stag"},
          "runtime": "0.0",
          "head_node_config": {"cores": 4, "memory": 8, "node_type": null, "disk_setting": null,
                               "node_capacity_type": "ondemand"},
          "worker_node_configs": [
            {"cores_per_pods": 2, "memory_per_pods": 4, "min_pods": 1, "max_pods": 1,
             "node_type": null, "disk_setting": null, "node_capacity_type": "spot"}
          ],
          "inactive_time": 15,
          "auto_termination_policies": [
            {"policy_name": "JupyterLabActivity", "enabled": true, "params": {}},
            {"policy_name": "ClusterCPUUsage", "enabled": true,
             "params": {"head_node_cpu_usage_threshold": 100,
                        "worker_node_cpu_usage_threshold": 5}},
            {"policy_name": "ActiveRayJob", "enabled": true, "params": {}}
          ],
          "advance_config": {
            "environment_variables": "cluster_name=darwin-demo-cluster\\npurpose=demo\\nowner=darwin",
            "log_path": "",
            "init_script": "pip install mlflow\\npip install theano",
            "instance_role": {"id": 1, "display_name": "darwin-ds-role",
                              "service_account_name": "darwin-ds-role"},
            "ray_params": {"object_store_memory": 5, "cpus_on_head": 2},
            "spark_config": {}
          },
          "user": "sdk",
          "is_job_cluster": false,
          "start_cluster": %s,
          "packages": %s
        }
        """
        .formatted(name, "%s", "%s");
  }

  @Test
  void aClusterDefinedInTheSdksYamlIsCreatedAsItMeant() {
    String name = unique("py-sdk");
    String packages =
        """
        [{"source": "pypi", "body": {"name": "tensorflow", "version": "2.19.0", "path": null,
                                     "metadata": null}},
         {"source": "maven", "body": {"name": "org.apache.commons:commons-csv",
                                      "version": "1.14.0", "path": null,
                                      "metadata": {"repository": "maven",
                                                   "exclusions": "org.apache.commons:commons-io"}}}]""";
    Api.Response created =
        api.post("/cluster", converted(name).formatted("false", packages), Api.NO_IDENTITY);
    assertThat(created.status()).as(created.raw()).isBetween(200, 299);
    assertThat(created.body().get("status").asString()).isEqualTo("SUCCESS");
    String id = string(created.data(), "data", "cluster_id");
    assertThat(created.data().get("packages")).hasSize(2);

    JsonNode view = api.get("/cluster/" + id).data();
    assertThat(view.get("user").asString()).isEqualTo("sdk");
    assertThat(view.get("status").asString()).isEqualTo("inactive");
    assertThat(view.get("inactive_time").asInt()).isEqualTo(15);
    JsonNode advance = view.get("advance_config");
    assertThat(advance.get("init_script").asString())
        .isEqualTo("pip install mlflow\npip install theano");
    assertThat(advance.get("ray_start_params").get("object_store_memory_perc").asInt())
        .isEqualTo(5);
    assertThat(advance.get("ray_start_params").get("num_cpus_on_head").asInt()).isEqualTo(2);
    // The numeric id the SDK sends names the same role as its display name.
    assertThat(advance.get("instance_role").get("display_name").asString())
        .isEqualTo("darwin-ds-role");
    assertThat(advance.get("instance_role").get("instance_role_id").asString()).isEqualTo("1");
    JsonNode cpu = null;
    for (JsonNode policy : view.get("auto_termination_policies")) {
      if (policy.get("policy_name").asString().equals("ClusterCPUUsage")) {
        cpu = policy;
      }
    }
    assertThat(cpu).isNotNull();
    assertThat(cpu.get("params").get("worker_node_cpu_usage_threshold").asInt()).isEqualTo(5);
    assertThat(view.get("head_node_config").get("node_capacity_type").asString())
        .isEqualTo("ondemand");
    assertThat(view.get("worker_node_configs").get(0).get("node_capacity_type").asString())
        .isEqualTo("spot");

    // start, restart and stop as the SDK sends them, each a 2xx with a JSON body.
    Api.Response started = api.post("/cluster/start-cluster/" + id, null, SDK);
    assertThat(started.status()).as(started.raw()).isBetween(200, 299);
    assertThat(started.body().get("status").asString()).isEqualTo("SUCCESS");
    awaitStatus(id, "active");
    Api.Response restarted = api.post("/cluster/restart-cluster/" + id, null, SDK);
    assertThat(restarted.status()).as(restarted.raw()).isBetween(200, 299);
    Api.Response stopped = api.post("/cluster/stop-cluster/" + id, null, SDK);
    assertThat(stopped.status()).as(stopped.raw()).isBetween(200, 299);
    awaitStatus(id, "inactive");
  }

  /** {@code packages: null} (the SDK's default) is no packages, not a 400. */
  @Test
  void aDefinitionWithoutPackagesSendsThemAsNull() {
    Api.Response created =
        api.post(
            "/cluster", converted(unique("py-sdk")).formatted("false", "null"), Api.NO_IDENTITY);
    assertThat(created.status()).as(created.raw()).isBetween(200, 299);
    assertThat(created.data().get("packages")).isEmpty();
  }
}
