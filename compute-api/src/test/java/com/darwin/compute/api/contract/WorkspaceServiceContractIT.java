package com.darwin.compute.api.contract;

import static com.darwin.compute.api.contract.JsonShape.array;
import static com.darwin.compute.api.contract.JsonShape.integer;
import static com.darwin.compute.api.contract.JsonShape.key;
import static com.darwin.compute.api.contract.JsonShape.object;
import static com.darwin.compute.api.contract.JsonShape.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The workspace service ({@code workspace_core/service/compute.py} and the controllers that attach
 * a cluster, launch or import a codespace and list clusters). Its client treats any status outside
 * 2xx, or an envelope whose {@code status} is not {@code SUCCESS}, as a failure, and then reads
 * {@code data} key by key:
 *
 * <ul>
 *   <li>list: {@code POST /search} ({@code query, filters, page_size, offset, sort_by, sort_order})
 *       reading {@code data[].cluster_id} and {@code result_size}, then {@code GET /cluster/{id}}
 *       for each;
 *   <li>totals: {@code head_node_config.head_node_cores/head_node_memory} plus, per worker group,
 *       {@code cores * min_pods} and {@code memory * min_pods};
 *   <li>attach/launch/import: {@code status} ({@code active}/{@code inactive}/other), {@code name},
 *       {@code cluster_id}, {@code dashboards.data.{ray_dashboard_url, grafana_dashboard_url,
 *       spark_ui_url}}; a codespace's links are {@code jupyter_lab_url + "/lab/tree/" +
 *       "<user>/<project>/<codespace>"} and {@code code_server_url +
 *       "?folder=/home/ray/<root>..."}; an inactive cluster is started with {@code POST
 *       /cluster/start-cluster/{id}} and an {@code msd-user} header;
 *   <li>usage: {@code GET /cluster/{id}/dashboards?internal=False} (the Python bool as sent by
 *       requests), appending {@code nodes?view=summary} to {@code ray_dashboard_url}.
 * </ul>
 */
class WorkspaceServiceContractIT extends ApiIntegrationTest {

  /** What {@code Compute._request} does: 2xx and a SUCCESS envelope, then {@code data}. */
  private static JsonNode data(Api.Response response) {
    assertThat(response.status()).as(response.raw()).isBetween(200, 299);
    assertThat(response.body().get("status").asString()).isEqualTo("SUCCESS");
    return response.body().get("data");
  }

  @Test
  void listAttachAndUsageReadsSucceed() {
    String name = unique("ws-contract");
    String id = create(ContractRequests.everything(name, false));

    // get_all_clusters_metadata: the v1 search, read through _request_listing.
    String search =
        """
        {"query": "%s", "filters": {}, "page_size": 10, "offset": 0,
         "sort_by": "created_on", "sort_order": "desc"}
        """
            .formatted(name);
    AtomicReference<JsonNode> listing = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Api.Response response = api.post("/search", search);
              assertThat(response.status()).as(response.raw()).isBetween(200, 299);
              assertThat(response.body().get("status").asString()).isEqualTo("SUCCESS");
              assertThat(response.body().get("data").size()).isEqualTo(1);
              listing.set(response.body());
            });
    assertThat(integer(listing.get(), "$", "result_size")).isEqualTo(1);
    String listedId = string(listing.get().get("data").get(0), "data[0]", "cluster_id");
    assertThat(listedId).isEqualTo(id);

    // calculate_cluster_detail / get_total_resources on GET /cluster/{id}
    JsonNode cluster = data(api.get("/cluster/" + listedId));
    JsonNode head = object(cluster, "data", "head_node_config");
    int cores = integer(head, "head_node_config", "head_node_cores");
    int memory = integer(head, "head_node_config", "head_node_memory");
    for (JsonNode w : array(cluster, "data", "worker_node_configs")) {
      cores += integer(w, "worker", "cores") * integer(w, "worker", "min_pods");
      memory += integer(w, "worker", "memory") * integer(w, "worker", "min_pods");
    }
    assertThat(cores).isEqualTo(4 + 2);
    assertThat(memory).isEqualTo(8 + 4);
    assertThat(string(cluster, "data", "cluster_id")).isEqualTo(id);
    assertThat(string(cluster, "data", "name")).isEqualTo(name);

    // attach_cluster_v2: an inactive cluster is started, then followed by its status.
    assertThat(string(cluster, "data", "status")).isEqualTo("inactive");
    Api.Response started =
        api.post("/cluster/start-cluster/" + id, null, "{\"email\": \"darwin-workspace\"}");
    data(started);
    awaitStatus(id, "active");
    JsonNode active = data(api.get("/cluster/" + id));
    assertThat(string(active, "data", "status")).isEqualTo("active");
    JsonNode links = object(object(active, "data", "dashboards"), "dashboards", "data");
    assertThat(string(links, "dashboards.data", "ray_dashboard_url")).contains(id);
    assertThat(string(links, "dashboards.data", "grafana_dashboard_url")).contains(id);
    assertThat(string(links, "dashboards.data", "spark_ui_url")).contains(id);
    // launch_codespace and attach: the codespace's JupyterLab and code-server links, built as the
    // workspace service does (no doubled slash, the folder as the link's only query).
    URI notebook =
        URI.create(
            string(links, "dashboards.data", "jupyter_lab_url")
                + "/lab/tree/"
                + "user@example.com/proj/cs1");
    assertThat(notebook.getPath()).contains(id).endsWith("/lab/tree/user@example.com/proj/cs1");
    assertThat(notebook.getPath()).doesNotContain("//");
    URI codeServer =
        URI.create(
            string(links, "dashboards.data", "code_server_url")
                + "?folder=/home/ray/fsx/user@example.com/proj/cs1");
    assertThat(codeServer.getPath()).contains(id);
    assertThat(codeServer.getQuery()).isEqualTo("folder=/home/ray/fsx/user@example.com/proj/cs1");

    // get_active_resources: internal links, "nodes?view=summary" appended to the Ray dashboard.
    JsonNode publicLinks = data(api.get("/cluster/" + id + "/dashboards?internal=False"));
    assertThat(publicLinks.get("ray_dashboard_url").asString())
        .isEqualTo(links.get("ray_dashboard_url").asString());
    JsonNode inCluster = data(api.get("/cluster/" + id + "/dashboards?internal=True"));
    assertThat(string(inCluster, "data", "ray_dashboard_url")).endsWith("/");

    // get_cluster_metadata and the health check go through the same envelope check.
    assertThat(key(data(api.get("/cluster/" + id + "/metadata")), "data", "status").asString())
        .isEqualTo("active");
    assertThat(api.get("/health").body().get("status").asString()).isEqualTo("SUCCESS");
  }
}
