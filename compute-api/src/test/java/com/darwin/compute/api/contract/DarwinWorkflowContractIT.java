package com.darwin.compute.api.contract;

import static com.darwin.compute.api.contract.JsonShape.array;
import static com.darwin.compute.api.contract.JsonShape.bool;
import static com.darwin.compute.api.contract.JsonShape.integer;
import static com.darwin.compute.api.contract.JsonShape.key;
import static com.darwin.compute.api.contract.JsonShape.object;
import static com.darwin.compute.api.contract.JsonShape.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Darwin Workflow's cluster utilities ({@code airflow_core/utils/cluster_utils.py}, {@code
 * workflow_core/api/compute.py}):
 *
 * <ul>
 *   <li>cloning an interactive cluster into a job cluster: {@code GET /cluster/{id}}, then {@code
 *       cluster_name = name}, {@code head_node_config.cores/memory} from {@code
 *       head_node_cores/head_node_memory}, each worker's {@code cores_per_pods/memory_per_pods}
 *       popped from {@code cores/memory}, and the whole dict given to a pydantic model that
 *       requires {@code cluster_name, runtime, tags, head_node_config{cores, memory,
 *       node_capacity_type: str}, worker_node_configs[{cores_per_pods, memory_per_pods,
 *       node_capacity_type: str, min_pods, max_pods}], inactive_time, advance_config{init_script:
 *       str, ray_start_params{...int}, env_variables}};
 *   <li>creating a job cluster from the same definition on every run ({@code POST /cluster} with
 *       {@code is_job_cluster}, {@code WORKFLOW_RETRY_NUMBER} appended to the environment), reading
 *       {@code data.cluster_id} and {@code data.packages};
 *   <li>following it: {@code data.status} of {@code GET /cluster/{id}}, {@code POST
 *       /cluster/start-cluster/{id}} and {@code stop-cluster} with {@code msd-user: {"email":
 *       "sdk"}}, {@code GET /cluster/{id}/dashboards?internal=True}, {@code GET /cluster/{id}/pods}
 *       ({@code data.Resources[].Status}), {@code DELETE /cluster/{id}}; the cores and memory it
 *       shows are {@code head_node_cores + sum(cores * max_pods)};
 *   <li>installing a task's libraries on a basic cluster ({@code airflow_job_runner.py} {@code
 *       install_packages_in_cluster}): {@code POST /cluster/{id}/library/install} with the body
 *       {@code utils.get_pypi_package} builds (its {@code path} beside {@code body}), {@code
 *       data.id} put into the URL of {@code GET /cluster/{id}/library/{id}} (no trailing slash),
 *       whose {@code data.name} it logs and whose {@code data.status} it polls until {@code
 *       success} or {@code uninstall_pending} ({@code failed} raises).
 * </ul>
 */
class DarwinWorkflowContractIT extends ApiIntegrationTest {

  private static final String SDK_USER = "{\"email\": \"sdk\"}";
  private final JsonMapper mapper = JsonMapper.builder().build();

  @Test
  void anInteractiveClusterIsClonedIntoAJobCluster() {
    String name = unique("wf-source");
    String sourceId = create(ContractRequests.everything(name, false));
    JsonNode original = api.get("/cluster/" + sourceId).data();
    ObjectNode data = (ObjectNode) original.deepCopy();

    // get_cluster_definition(cluster_type="interactive"): the renames Workflow does.
    ObjectNode cluster = data;
    cluster.put("cluster_name", string(data, "data", "name"));
    ObjectNode head = (ObjectNode) object(data, "data", "head_node_config");
    head.put("cores", integer(head, "head_node_config", "head_node_cores"));
    head.put("memory", integer(head, "head_node_config", "head_node_memory"));
    for (JsonNode w : array(data, "data", "worker_node_configs")) {
      ObjectNode worker = (ObjectNode) w;
      worker.set("cores_per_pods", worker.remove("cores"));
      worker.set("memory_per_pods", worker.remove("memory"));
    }

    // The pydantic ClusterData model: its required fields with their types.
    string(cluster, "ClusterData", "cluster_name");
    string(cluster, "ClusterData", "runtime");
    array(cluster, "ClusterData", "tags");
    integer(cluster, "ClusterData", "inactive_time");
    bool(cluster, "ClusterData", "is_job_cluster");
    integer(head, "NodeConfig", "cores");
    integer(head, "NodeConfig", "memory");
    string(head, "NodeConfig", "node_capacity_type");
    for (JsonNode worker : cluster.get("worker_node_configs")) {
      integer(worker, "WorkerNodeConfig", "cores_per_pods");
      integer(worker, "WorkerNodeConfig", "memory_per_pods");
      string(worker, "WorkerNodeConfig", "node_capacity_type");
      integer(worker, "WorkerNodeConfig", "min_pods");
      integer(worker, "WorkerNodeConfig", "max_pods");
    }
    JsonNode advance = object(cluster, "ClusterData", "advance_config");
    String initScript = string(advance, "AdvanceConfig", "init_script");
    assertThat(List.of(initScript.split("\n"))).containsExactly("echo one", "echo two");
    string(advance, "AdvanceConfig", "env_variables");
    JsonNode ray = object(advance, "AdvanceConfig", "ray_start_params");
    assertThat(integer(ray, "RayStartParams", "object_store_memory_perc")).isEqualTo(30);

    // The clone, sent back as a job cluster under the same name: the read shape's spellings
    // (head_node_cores, env_variables, ray_start_params, disk_size, instance_role_id) are
    // accepted as a request.
    ObjectNode job = (ObjectNode) original.deepCopy();
    job.put("cluster_name", name);
    job.put("is_job_cluster", true);
    job.put("start_cluster", false);
    job.put("user", "workflow@example.com");
    Api.Response created = api.post("/cluster", job.toString(), SDK_USER);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String jobId = created.data().get("cluster_id").asString();
    assertThat(created.data().get("cluster_name").asString()).isEqualTo(name + "_" + jobId);

    JsonNode copy = api.get("/cluster/" + jobId).data();
    assertThat(copy.get("is_job_cluster").asBoolean()).isTrue();
    assertThat(copy.get("head_node_config")).isEqualTo(original.get("head_node_config"));
    assertThat(copy.get("worker_node_configs")).isEqualTo(original.get("worker_node_configs"));
    assertThat(copy.get("advance_config")).isEqualTo(original.get("advance_config"));
    assertThat(copy.get("labels")).isEqualTo(original.get("labels"));
    // A job cluster idles for the platform's 720 minutes, not the interactive cluster's time
    // (Workflow's job may run for hours without touching what the sweep counts as use).
    assertThat(original.get("inactive_time").asInt()).isNotEqualTo(720);
    assertThat(copy.get("inactive_time").asInt()).isEqualTo(720);
  }

  @Test
  void everyRunCreatesItsOwnJobClusterFromTheSameDefinition() {
    String name = unique("wf-job");
    ObjectNode definition = (ObjectNode) mapper.readTree(ContractRequests.everything(name, false));
    definition.put("is_job_cluster", true);
    definition.put("user", "workflow@example.com");

    Set<String> ids = new java.util.LinkedHashSet<>();
    Set<String> names = new java.util.LinkedHashSet<>();
    for (int tryNumber = 1; tryNumber <= 3; tryNumber++) {
      ObjectNode run = definition.deepCopy();
      ObjectNode advance = (ObjectNode) run.get("advance_config");
      String env = advance.get("environment_variables").asString();
      advance.put("environment_variables", env + "\nWORKFLOW_RETRY_NUMBER=" + tryNumber);
      Api.Response created = api.post("/cluster", run.toString(), SDK_USER);
      assertThat(created.status()).as(created.raw()).isEqualTo(200);
      assertThat(created.body().get("status").asString()).isEqualTo("SUCCESS");
      String id = string(created.data(), "data", "cluster_id");
      assertThat(array(created.data(), "data", "packages").size()).isZero();
      ids.add(id);
      names.add(string(created.data(), "data", "cluster_name"));
    }
    assertThat(ids).hasSize(3);
    // The first run keeps the name; later runs get "<name>_<cluster id>", unique and traceable.
    List<String> given = List.copyOf(names);
    List<String> idList = List.copyOf(ids);
    assertThat(given).containsExactly(name, name + "_" + idList.get(1), name + "_" + idList.get(2));
    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/cluster/" + idList.get(i)).data().get("name").asString())
          .isEqualTo(given.get(i));
    }

    // Search tells them apart: one row per cluster, each with its own id and name (job clusters
    // are listed when asked for, as in the UI).
    String search =
        "{\"query\": \""
            + name
            + "\", \"filters\": {\"is_job_cluster\": {\"values\": [true]}}, \"page_size\": 10}";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode body = api.post("/cluster/search", search).data().get("body");
              assertThat(body.valueStream().map(r -> r.get("cluster_id").asString()))
                  .containsExactlyInAnyOrderElementsOf(ids);
              assertThat(body.valueStream().map(r -> r.get("name").asString()))
                  .containsExactlyInAnyOrderElementsOf(names);
            });
  }

  /**
   * {@code cost_utils.get_cost_estimate}: a job cluster definition's {@code dict()}
   * (workflow_model's {@code CreateJobClusterDefinitionRequest}, its optional fields as null) cut
   * to seven keys, posted to {@code /cluster/cost/predict}; {@code "{min_cost} - {max_cost}"} is
   * stored as the estimate.
   */
  @Test
  void aJobClusterDefinitionIsPricedAsWorkflowDoes() {
    String definition =
        """
        {"cluster_name": "%s", "user": "workflow@example.com", "inactive_time": 60,
         "runtime": "0.0", "tags": ["nightly"],
         "head_node_config": {"cores": 4, "memory": 8, "node_type": null,
                              "node_capacity_type": "ondemand", "gpu_pod": null},
         "worker_node_configs": [{"cores_per_pods": 2, "memory_per_pods": 4, "min_pods": 1,
                                  "max_pods": 3, "node_type": null, "node_capacity_type": "spot",
                                  "gpu_pod": null}]}
        """
            .formatted(unique("wf-cost"));
    Api.Response priced = api.post("/cluster/cost/predict", definition);
    assertThat(priced.status()).as(priced.raw()).isEqualTo(200);
    JsonNode cost = priced.data();
    double min = key(cost, "data", "min_cost").asDouble();
    double max = key(cost, "data", "max_cost").asDouble();
    assertThat(cost.get("min_cost").isNumber()).isTrue();
    assertThat(cost.get("max_cost").isNumber()).isTrue();
    // One worker at the least, three at the most: the range is a range.
    assertThat(min).isPositive();
    assertThat(max).isGreaterThan(min);
  }

  @Test
  void aLibraryIsInstalledAndPolledAsWorkflowDoes() {
    String id = create(ClusterRequests.quickStart(unique("wf-lib")));
    awaitStatus(id, "active");

    // get_pypi_package of {pypi: {package: "requests==2.32.3"}, path: ...}
    String pypiPackage =
        """
        {"source": "pypi", "body": {"name": "requests", "version": "2.32.3"},
         "path": "/tmp/wheels"}""";
    Api.Response installed = api.post("/cluster/" + id + "/library/install", pypiPackage, Api.USER);
    assertThat(installed.status()).as(installed.raw()).isEqualTo(200);
    // An int, so that the f-string makes ".../library/17", not ".../library/17.0".
    int libraryId = integer(installed.data(), "data", "id");
    String detail = "/cluster/" + id + "/library/" + libraryId;

    // get_package_name_by_id, then get_installed_package_status until it is done
    Api.Response named = api.get(detail);
    assertThat(named.status()).as(named.raw()).isEqualTo(200);
    assertThat(string(named.data(), "data", "name")).isEqualTo("requests");
    Set<String> polled = new java.util.LinkedHashSet<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Api.Response polling = api.get(detail);
              assertThat(polling.status()).as(polling.raw()).isEqualTo(200);
              String status = string(polling.data(), "data", "status");
              polled.add(status);
              assertThat(status).isNotEqualTo("failed");
              return Set.of("success", "uninstall_pending").contains(status);
            });
    // Every status it saw is one the loop knows (any other only logs a warning, and loops on).
    assertThat(polled)
        .isSubsetOf("created", "running", "success", "failed", "uninstall_pending")
        .contains("success");
  }

  @Test
  void aJobClusterIsStartedFollowedAndRemovedAsWorkflowDoes() {
    ObjectNode definition =
        (ObjectNode) mapper.readTree(ContractRequests.everything(unique("wf-follow"), false));
    definition.put("is_job_cluster", true);
    Api.Response created = api.post("/cluster", definition.toString(), SDK_USER);
    String id = created.data().get("cluster_id").asString();

    // start_cluster_and_wait
    JsonNode details = api.get("/cluster/" + id).data();
    assertThat(string(details, "data", "status")).isEqualTo("inactive");
    // ComputeApi.get_cores / get_memory: head + cores * max_pods
    JsonNode head = details.get("head_node_config");
    int cores = head.get("head_node_cores").asInt();
    int memory = head.get("head_node_memory").asInt();
    for (JsonNode w : details.get("worker_node_configs")) {
      cores += w.get("cores").asInt() * w.get("max_pods").asInt();
      memory += w.get("memory").asInt() * w.get("max_pods").asInt();
    }
    assertThat(cores).isEqualTo(4 + 2 * 3);
    assertThat(memory).isEqualTo(8 + 4 * 3);
    Api.Response start = api.post("/cluster/start-cluster/" + id, null, SDK_USER);
    assertThat(start.status()).as(start.raw()).isBetween(200, 299);
    assertThat(start.body().get("status").asString()).isEqualTo("SUCCESS");
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(api.get("/cluster/" + id).data().get("status").asString())
                    .isEqualTo("active"));
    Api.Response internal = api.get("/cluster/" + id + "/dashboards?internal=True");
    assertThat(internal.status()).isEqualTo(200);
    assertThat(string(internal.data(), "data", "ray_dashboard_url")).startsWith("http://");

    // get_pods_status / get_resource_status_count
    JsonNode pods = api.get("/cluster/" + id + "/pods").data();
    ArrayNode resources = (ArrayNode) array(pods, "data", "Resources");
    assertThat(resources.size()).isPositive();
    for (JsonNode pod : resources) {
      string(pod, "Resources[]", "Status");
      key(pod, "Resources[]", "Name");
    }

    // restart_workflow_cluster (once a day): restart_cluster, whose answer is only logged.
    Api.Response restart = api.post("/cluster/restart-cluster/" + id, null, SDK_USER);
    assertThat(restart.status()).as(restart.raw()).isBetween(200, 299);
    assertThat(restart.body().get("status").asString()).isEqualTo("SUCCESS");

    // shutdown_cluster, then delete_cluster
    Api.Response stop = api.post("/cluster/stop-cluster/" + id, null, SDK_USER);
    assertThat(stop.status()).isBetween(200, 299);
    awaitStatus(id, "inactive");
    Api.Response delete = api.delete("/cluster/" + id, SDK_USER);
    assertThat(delete.status()).as(delete.raw()).isBetween(200, 299);
    assertThat(api.get("/cluster/" + id).status()).isEqualTo(404);
  }
}
