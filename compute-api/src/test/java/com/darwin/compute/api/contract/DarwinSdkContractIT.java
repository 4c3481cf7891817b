package com.darwin.compute.api.contract;

import static com.darwin.compute.api.contract.JsonShape.array;
import static com.darwin.compute.api.contract.JsonShape.bool;
import static com.darwin.compute.api.contract.JsonShape.exactly;
import static com.darwin.compute.api.contract.JsonShape.integer;
import static com.darwin.compute.api.contract.JsonShape.key;
import static com.darwin.compute.api.contract.JsonShape.object;
import static com.darwin.compute.api.contract.JsonShape.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The in-cluster darwin SDK ({@code darwin-sdk}, used by {@code init_spark_with_configs}): it reads
 * {@code GET /cluster/{id}/} (with the trailing slash) into dataclasses ({@code ClusterResponse} ->
 * {@code ClusterData} -> {@code HeadNodeConfig}, {@code WorkerNodeConfig}, {@code AdvanceConfig} ->
 * {@code RayStartParams}, {@code Dashboards} -> {@code DashboardsData}). Every field of those
 * dataclasses is required (none has a default), and the SDK derives its Spark settings from the
 * worker groups ({@code min_pods}/{@code max_pods}, an on-demand group) and {@code spark_config}.
 */
class DarwinSdkContractIT extends ApiIntegrationTest {

  @Test
  void theClusterViewParsesIntoTheSdkDataclasses() {
    String name = unique("sdk-contract");
    String id = create(ContractRequests.everything(name, false));

    Api.Response response = api.get("/cluster/" + id + "/");
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    JsonNode body = response.body();
    // ClusterResponse
    assertThat(string(body, "$", "status")).isEqualTo("SUCCESS");
    JsonNode data = object(body, "$", "data");

    // ClusterData
    assertThat(string(data, "data", "cluster_id")).isEqualTo(id);
    assertThat(string(data, "data", "name")).isEqualTo(name);
    assertThat(array(data, "data", "tags").get(0).asString()).isEqualTo("contract");
    assertThat(string(data, "data", "runtime")).isEqualTo("0.0");
    assertThat(integer(data, "data", "inactive_time")).isEqualTo(30);
    assertThat(string(data, "data", "status")).isEqualTo("inactive");
    assertThat(string(data, "data", "user")).isEqualTo("user@example.com");
    assertThat(string(data, "data", "created_on")).isNotBlank();
    assertThat(bool(data, "data", "is_job_cluster")).isFalse();

    // AutoTerminationPolicy: policy_name, params (dict), enabled
    JsonNode policies = array(data, "data", "auto_termination_policies");
    assertThat(policies.size()).isPositive();
    for (JsonNode policy : policies) {
      string(policy, "policy", "policy_name");
      assertThat(key(policy, "policy", "params").isObject()).isTrue();
      bool(policy, "policy", "enabled");
    }

    // HeadNodeConfig: exactly the dataclass's fields
    JsonNode head = object(data, "data", "head_node_config");
    exactly(
        head,
        "head_node_config",
        "head_node_cores",
        "head_node_memory",
        "node_type",
        "node_capacity_type",
        "gpu_pod");
    assertThat(integer(head, "head_node_config", "head_node_cores")).isEqualTo(4);
    assertThat(integer(head, "head_node_config", "head_node_memory")).isEqualTo(8);
    assertThat(string(head, "head_node_config", "node_capacity_type")).isEqualTo("ondemand");
    assertThat(head.get("gpu_pod").isNull()).isTrue();

    // WorkerNodeConfig
    JsonNode workers = array(data, "data", "worker_node_configs");
    assertThat(workers.size()).isEqualTo(1);
    JsonNode worker = workers.get(0);
    exactly(
        worker,
        "worker_node_configs[0]",
        "cores",
        "memory",
        "min_pods",
        "max_pods",
        "disk_setting",
        "node_type",
        "node_capacity_type",
        "gpu_pod");
    assertThat(integer(worker, "worker", "cores")).isEqualTo(2);
    assertThat(integer(worker, "worker", "memory")).isEqualTo(4);
    // ClusterData.min_pod / max_pod
    assertThat(integer(worker, "worker", "min_pods")).isEqualTo(1);
    assertThat(integer(worker, "worker", "max_pods")).isEqualTo(3);
    // ClusterData.has_ondemand_worker_group compares this string
    assertThat(string(worker, "worker", "node_capacity_type")).isEqualTo("spot");
    JsonNode disk = object(worker, "worker", "disk_setting");
    exactly(disk, "disk_setting", "disk_type", "disk_size");
    assertThat(integer(disk, "disk_setting", "disk_size")).isEqualTo(50);

    // AdvanceConfig and RayStartParams
    JsonNode advance = object(data, "data", "advance_config");
    exactly(
        advance,
        "advance_config",
        "env_variables",
        "log_path",
        "init_script",
        "instance_role",
        "availability_zone",
        "ray_start_params",
        "spark_config");
    assertThat(string(advance, "advance_config", "env_variables")).isEqualTo("TEAM=ml\nSTAGE=dev");
    assertThat(string(advance, "advance_config", "log_path")).isEqualTo("s3://logs/contract");
    assertThat(string(advance, "advance_config", "init_script")).isEqualTo("echo one\necho two");
    JsonNode role = object(advance, "advance_config", "instance_role");
    exactly(role, "instance_role", "instance_role_id", "display_name", "service_account_name");
    assertThat(string(role, "instance_role", "instance_role_id")).isEqualTo("1");
    assertThat(key(advance, "advance_config", "availability_zone").isNull()).isTrue();
    JsonNode ray = object(advance, "advance_config", "ray_start_params");
    exactly(
        ray,
        "ray_start_params",
        "object_store_memory_perc",
        "num_cpus_on_head",
        "num_gpus_on_head");
    assertThat(integer(ray, "ray_start_params", "object_store_memory_perc")).isEqualTo(30);
    assertThat(integer(ray, "ray_start_params", "num_cpus_on_head")).isEqualTo(1);
    assertThat(integer(ray, "ray_start_params", "num_gpus_on_head")).isZero();
    // ClusterData.spark_config: Dict[str, str], keys with their dots
    JsonNode spark = object(advance, "advance_config", "spark_config");
    assertThat(string(spark, "spark_config", "spark.executor.memory")).isEqualTo("2g");

    // Dashboards and DashboardsData
    JsonNode dashboards = object(data, "data", "dashboards");
    assertThat(string(dashboards, "dashboards", "status")).isEqualTo("SUCCESS");
    JsonNode links = object(dashboards, "dashboards", "data");
    for (String link :
        new String[] {
          "jupyter_lab_url",
          "ray_dashboard_url",
          "spark_ui_url",
          "grafana_dashboard_url",
          "code_server_url"
        }) {
      assertThat(string(links, "dashboards.data", link)).contains(id);
    }
  }

  @Test
  void aHeadOnlyClusterReportsTheCpusTheHeadOffers() {
    String body =
        ClusterRequests.stoppedQuickStart(unique("sdk-head-only"))
            .replaceAll("(?s)\"worker_node_configs\": \\[.*?\\]", "\"worker_node_configs\": []");
    String id = create(body);
    JsonNode data = api.get("/cluster/" + id + "/").data();
    JsonNode ray = data.get("advance_config").get("ray_start_params");
    // What the head is started with: all of its cores when there are no workers, the default
    // object store share.
    assertThat(ray.get("num_cpus_on_head").asInt()).isEqualTo(4);
    assertThat(ray.get("object_store_memory_perc").asInt()).isEqualTo(25);
    assertThat(data.get("worker_node_configs").size()).isZero();
  }

  @Test
  void everyRouteAnswersWithATrailingSlash() {
    String id = createStopped("slash");
    assertThat(api.get("/cluster/" + id + "/metadata/").status()).isEqualTo(200);
    assertThat(api.get("/cluster/" + id + "/dashboards/?internal=true").status()).isEqualTo(200);
    assertThat(api.get("/health/").status()).isEqualTo(200);
    assertThat(api.get("/get-runtimes/").status()).isEqualTo(200);
    // POST with a slash is handled, not redirected (a redirected POST loses its body).
    Api.Response created =
        api.post("/cluster/", ClusterRequests.stoppedQuickStart(unique("slash-post")), Api.USER);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    Api.Response started = api.post("/cluster/start-cluster/" + id + "/", null, Api.USER);
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    // An unknown path is still a 404 in the envelope, with or without the slash.
    Api.Response unknown = api.get("/no/such/path/");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("status").asString()).isEqualTo("ERROR");
  }
}
