package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.search.SearchIndex;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The index Elasticsearch actually holds has exactly the mapping kept in {@code
 * search/cluster-index.json}: a field added to documents but not to the mapping (or the other way
 * round) fails here, not in production.
 */
class SearchMappingIT extends ApiIntegrationTest {

  @Autowired SearchIndex index;

  @Test
  void theLiveMappingIsTheCheckedInOne() throws Exception {
    index.ensureExists();
    JsonMapper mapper = JsonMapper.builder().build();
    JsonNode expected;
    try (InputStream in = SearchIndex.class.getResourceAsStream(SearchIndex.MAPPING_RESOURCE)) {
      expected = mapper.readTree(in).get("mappings");
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            sandbox.elasticsearch().url() + "/" + index.name() + "/_mapping"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode live = mapper.readTree(response.body()).get(index.name()).get("mappings");

    assertThat(live.get("dynamic").asString()).isEqualTo(expected.get("dynamic").asString());
    // Every declared field exists with its declared type, and no other (label keys are keyed
    // sub-fields of the one flattened labels field).
    expected
        .get("properties")
        .properties()
        .forEach(
            field -> {
              JsonNode actual = live.get("properties").get(field.getKey());
              assertThat(actual).as(field.getKey()).isNotNull();
              // Elasticsearch leaves out "type" for object fields once they have sub-fields.
              String actualType = actual.has("type") ? actual.get("type").asString() : "object";
              if (field.getValue().has("type")) {
                assertThat(actualType)
                    .as(field.getKey())
                    .isEqualTo(field.getValue().get("type").asString());
              }
            });
    live.get("properties")
        .properties()
        .forEach(
            field ->
                assertThat(expected.get("properties").has(field.getKey()))
                    .as("field %s is in the index but not in the mapping resource", field.getKey())
                    .isTrue());
  }

  /**
   * "Contains" on the name, against the real server: any part of it, in any case, is found through
   * the indexed suffixes (a prefix query), and a text that is not in the name, or a wildcard
   * character, finds nothing.
   */
  @Test
  void aNameIsFoundByAnyPartOfItInAnyCase() {
    String stamp = Long.toString(System.nanoTime(), 36);
    String name = "Nightly-TRAIN." + stamp;
    String id = create(ClusterRequests.stoppedQuickStart(name));

    for (String part :
        List.of(name, "train." + stamp, "LY-tRaIn", stamp.toUpperCase(Locale.ROOT))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(foundBy(part)).as(part).contains(id));
    }
    for (String absent : List.of("train-" + stamp, "nightly*" + stamp, "ni?htly-train." + stamp)) {
      assertThat(foundBy(absent)).as(absent).doesNotContain(id);
    }
  }

  private List<String> foundBy(String text) {
    Api.Response found =
        api.post("/cluster/search", "{\"query\": \"" + text + "\", \"page_size\": 100}", Api.USER);
    assertThat(found.status()).as(found.raw()).isEqualTo(200);
    return found.data().get("body").valueStream().map(c -> c.get("cluster_id").asString()).toList();
  }
}
