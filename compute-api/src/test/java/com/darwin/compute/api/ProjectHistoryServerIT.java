package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A project's Spark History Server reads the project's workspace claim when workspaces are per
 * project: reserved, as the claim is to the project's clusters, to those granted the project. Its
 * own stores: the shared ones may hold the project's server from another class.
 */
@OwnContext
@TestPropertySource(
    properties = {
      "compute.workspace.scope=project",
      "compute.access.grants.projects.analytics-project.users=granted@example.com"
    })
class ProjectHistoryServerIT extends ApiIntegrationTest {

  private static final String BASE = "/spark-history-server";
  private static final String BODY =
      "{\"resource\": \"analytics-project\", \"filesystem\": \"efs\"}";

  @Test
  void aProjectsWorkspaceServerIsForThoseGrantedTheProject() {
    Api.Response refused = api.post(BASE, BODY, Api.USER);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    assertThat(refused.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(refused.message()).contains("the workspace of project analytics-project");
    assertThat(api.get(BASE + "/resource/analytics-project").status()).isEqualTo(404);

    Api.Response granted = api.post(BASE, BODY, Api.as("granted@example.com"));
    assertThat(granted.status()).as(granted.raw()).isEqualTo(200);
    String id = granted.data().get("server_id").asString();
    assertThat(deployment(id).getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().contains("analytics-project"));
    Api.Response stopped =
        api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.as("granted@example.com"));
    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
  }
}
