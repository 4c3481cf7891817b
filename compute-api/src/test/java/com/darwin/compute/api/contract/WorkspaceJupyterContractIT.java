package com.darwin.compute.api.contract;

import static com.darwin.compute.api.contract.JsonShape.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The workspace service's Jupyter calls ({@code workspace_core/service/compute.py}): {@code
 * get_jupyter_client(workspace_id, codespace_id, suffix)} posts {@code {"consumer_id":
 * "{workspace_id}-{codespace_id}"}} to {@code /jupyter-pod}, requires a 2xx and a SUCCESS envelope
 * ({@code Compute._request}), and returns {@code data["jupyterLink"] + suffix}, the suffix being
 * {@code /lab/tree/{fsx_root}{user}/{project}/{codespace}}. It is called on every codespace create
 * and launch without an active cluster, so the same codespace must get the same link every time.
 *
 * <p>The client itself sends no {@code msd-user}; unidentified, the call is a 401 (here too). It
 * reaches this service through the gateway, which names it, as the README's "The Darwin services in
 * production" says: the {@code darwin-workspace} identity below is the gateway's addition.
 */
class WorkspaceJupyterContractIT extends ApiIntegrationTest {

  /** What {@code Compute._request} does: 2xx and a SUCCESS envelope, then {@code data}. */
  private static JsonNode data(Api.Response response) {
    assertThat(response.status()).as(response.raw()).isBetween(200, 299);
    assertThat(response.body().get("status").asString()).isEqualTo("SUCCESS");
    return response.body().get("data");
  }

  private String getJupyterClient(int workspaceId, long codespaceId, String suffix) {
    Api.Response response =
        api.post(
            "/jupyter-pod",
            "{\"consumer_id\": \"" + workspaceId + "-" + codespaceId + "\"}",
            Api.as("darwin-workspace"));
    String link = string(data(response), "data", "jupyterLink");
    return suffix == null ? link : link + suffix;
  }

  @Test
  void getJupyterClientGivesALinkAndTheSameLinkAgain() {
    long codespace = System.nanoTime() % 1_000_000_000L;
    String suffix = "/lab/tree/fsx/user@example.com/my-project/my-codespace";
    String first = getJupyterClient(42, codespace, suffix);
    assertThat(first).matches("http://localhost/sandbox/jup-[a-z0-9]{16}-jupyter" + suffix);
    assertThat(getJupyterClient(42, codespace, suffix)).isEqualTo(first);
    assertThat(getJupyterClient(42, codespace, null)).isEqualTo(first.replace(suffix, ""));
    // Another codespace of the same project gets another pod.
    assertThat(getJupyterClient(42, codespace + 1, suffix)).isNotEqualTo(first);
  }
}
