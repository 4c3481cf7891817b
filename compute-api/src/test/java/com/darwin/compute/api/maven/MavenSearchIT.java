package com.darwin.compute.api.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Maven search through the sandbox's simulated Maven Central search API. */
class MavenSearchIT extends ApiIntegrationTest {

  @Test
  void searchesArtifactsAndListsVersionsCached() {
    Api.Response found =
        api.get("/maven/package?repository=CENTRAL&search=spark&page_size=10&offset=0");
    assertThat(found.status()).as(found.raw()).isEqualTo(200);
    JsonNode data = found.data();
    assertThat(data.get("result_size").asLong()).isEqualTo(3); // spark-sql, spark-core, delta-spark
    assertThat(data.get("packages").get(0).get("group_id").asString())
        .isEqualTo("org.apache.spark");
    assertThat(data.get("packages").get(0).get("artifact_id").asString())
        .isEqualTo("spark-sql_2.12");
    assertThat(data.get("packages").get(0).get("version").asString()).isEqualTo("3.5.3");

    JsonNode page =
        api.get("/maven/package?repository=CENTRAL&search=spark&page_size=1&offset=1").data();
    assertThat(page.get("packages")).hasSize(1);
    assertThat(page.get("packages").get(0).get("artifact_id").asString())
        .isEqualTo("spark-core_2.12");

    Api.Response versions = api.get("/maven/package/group/com.example/artifact/many-versions");
    assertThat(versions.status()).as(versions.raw()).isEqualTo(200);
    assertThat(versions.data().get("group_id").asString()).isEqualTo("com.example");
    assertThat(versions.data().get("versions")).hasSize(250);

    int calls = sandbox.maven().requestCount();
    api.get("/maven/package/group/com.example/artifact/many-versions");
    api.get("/maven/package?repository=CENTRAL&search=spark&page_size=10&offset=0");
    assertThat(sandbox.maven().requestCount()).isEqualTo(calls);
  }

  @Test
  void badParametersAre400s() {
    assertThat(api.get("/maven/package?repository=JCENTER&search=x&page_size=10&offset=0").status())
        .isEqualTo(400);
    assertThat(
            api.get("/maven/package?repository=CENTRAL&search=x&page_size=201&offset=0").status())
        .isEqualTo(400);
    assertThat(
            api.get("/maven/package?repository=CENTRAL&search=x&page_size=10&offset=-1").status())
        .isEqualTo(400);
    assertThat(api.get("/maven/package?repository=CENTRAL&page_size=10&offset=0").status())
        .isEqualTo(400);
    assertThat(api.get("/maven/package/group/a;b/artifact/c").status()).isEqualTo(400);
  }

  @Test
  void anUnreachableSearchServiceIsA503() {
    sandbox.maven().setDown(true);
    try {
      Api.Response r =
          api.get(
              "/maven/package?repository=CENTRAL&search=not-cached-"
                  + System.nanoTime()
                  + "&page_size=10&offset=0");
      assertThat(r.status()).as(r.raw()).isEqualTo(503);
      assertThat(r.body().get("status").asString()).isEqualTo("ERROR");
      assertThat(r.raw()).contains("MAVEN_SEARCH_UNAVAILABLE");
      assertThat(api.get("/maven/package/group/org.never/artifact/cached").status()).isEqualTo(503);
    } finally {
      sandbox.maven().setDown(false);
    }
    assertThat(
            api.get("/maven/package/group/org.postgresql/artifact/postgresql")
                .data()
                .get("versions"))
        .hasSize(2);
  }

  @Test
  void libraryCommandAndMavenRoutesAreInTheOpenApiDocument() {
    JsonNode paths = api.get("/v3/api-docs").body().get("paths");
    for (String path :
        new String[] {
          "/cluster/{clusterId}/library",
          "/cluster/{clusterId}/library/{libraryId}",
          "/cluster/{clusterId}/library/install",
          "/cluster/{clusterId}/library/install/batch",
          "/cluster/{clusterId}/library/{libraryId}/status",
          "/cluster/{clusterId}/library/uninstall",
          "/cluster/{clusterId}/library/{libraryId}/install/retry",
          "/cluster/{clusterId}/command",
          "/cluster/{clusterId}/command/execute",
          "/cluster/{clusterId}/command/{executionId}",
          "/cluster/{clusterId}/command/{executionId}/status",
          "/cluster/{clusterId}/commands",
          "/maven/package",
          "/maven/package/group/{groupId}/artifact/{artifactId}"
        }) {
      assertThat(paths.has(path)).as(path).isTrue();
    }
  }
}
