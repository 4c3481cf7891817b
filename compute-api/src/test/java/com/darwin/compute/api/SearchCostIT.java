package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.json.EnumFactories;
import com.darwin.compute.core.json.IsoInstants;
import com.darwin.compute.core.json.RecordConstructors;
import com.darwin.compute.core.search.ClusterDocument;
import com.darwin.compute.core.search.ClusterSearchService;
import com.darwin.compute.core.search.SearchIndex;
import com.darwin.compute.core.search.SearchIndexCreated;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.UiClusterStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What issue 21 changed in search, held: the index keeps no spec, is sorted for the default
 * listing, hits carry only the fields a row shows, totals are exact up to every page that can be
 * asked for (10,000) as the Python service's were, and a newly created index is filled from MySQL
 * in one statement.
 */
class SearchCostIT extends ApiIntegrationTest {

  @Autowired SearchIndex index;
  @Autowired ElasticsearchClient client;
  @Autowired SearchProperties properties;
  @Autowired ApplicationEventPublisher events;
  @Autowired ClusterSearchService search;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
  @Autowired JsonMapper webMapper;
  @Autowired Jackson3JsonpMapper elasticsearchMapper;

  private final JsonMapper json = JsonMapper.builder().build();

  /**
   * Both mappers read and write instants through the service's ISO module (a search hit carries
   * two; java.time's parser was 39% of binding a page of hits) and make records through a handle
   * made once: answers and documents keep Jackson's text and values, which IsoInstantsTest and
   * RecordConstructorsTest hold.
   */
  @Test
  void answersAndDocumentsReadAndWriteInstantsThroughTheIsoModule() {
    for (JsonMapper mapper : List.of(webMapper, elasticsearchMapper.objectMapper())) {
      assertThat(mapper.registeredModules())
          .extracting(module -> module.getModuleName())
          .contains(
              IsoInstants.MODULE_NAME, RecordConstructors.MODULE_NAME, EnumFactories.MODULE_NAME);
      assertThat(mapper._serializationContext().findValueSerializer(Instant.class).getClass())
          .hasToString("class com.darwin.compute.core.json.IsoInstantSerializer");
    }
    String name = unique("instants");
    String id = create(ClusterRequests.quickStart(name));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                search.search(name, Map.of(), "created_on", "desc", 10, 0).documents().size() == 1);
    // Read back from Elasticsearch and written again, the row's instant is the full view's (read
    // from MySQL), in Instant.toString's form.
    String fromSearch =
        api.post("/cluster/search", "{\"query\": \"" + name + "\"}")
            .data()
            .get("body")
            .get(0)
            .get("created_on")
            .asString();
    String fromFullView = api.get("/cluster/" + id).data().get("created_on").asString();
    assertThat(fromSearch).isEqualTo(fromFullView);
    assertThat(fromSearch).isEqualTo(Instant.parse(fromSearch).toString());
  }

  @Test
  void theStoredDocumentHasNoSpecAndTheIndexIsSortedForTheDefaultListing() throws Exception {
    String id = create(ClusterRequests.quickStart(unique("cost")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                elasticsearch("GET", "/" + index.name() + "/_doc/" + id, null).statusCode() == 200);

    JsonNode stored =
        json.readTree(elasticsearch("GET", "/" + index.name() + "/_doc/" + id, null).body());
    assertThat(stored.get("_source").has("spec")).isFalse();
    assertThat(stored.get("_source").get("cluster_id").asString()).isEqualTo(id);
    JsonNode settings =
        json.readTree(elasticsearch("GET", "/" + index.name() + "/_settings", null).body())
            .get(index.name())
            .get("settings")
            .get("index")
            .get("sort");
    assertThat(settings.get("field").toString()).isEqualTo("[\"created_on\",\"cluster_id\"]");
    assertThat(settings.get("order").toString()).isEqualTo("[\"desc\",\"asc\"]");
  }

  @Test
  void aHitCarriesOnlyTheFieldsARowShows() {
    String name = unique("cost-hit");
    create(ClusterRequests.quickStart(name));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                search.search(name, Map.of(), "created_on", "desc", 10, 0).documents().size() == 1);

    ClusterDocument hit =
        search.search(name, Map.of(), "created_on", "desc", 10, 0).documents().get(0);

    // Fields outside HIT_FIELDS are not sent: they read as absent.
    assertThat(ClusterSearchService.HIT_FIELDS)
        .doesNotContain("status", "last_updated_on", "labels_flat", "spec");
    assertThat(hit.status()).isNull();
    assertThat(hit.lastUpdatedOn()).isNull();
    assertThat(hit.labelsFlat()).isEmpty();
    assertThat(hit.spec()).isNull();
    assertThat(hit.clusterId()).isNotNull();
    assertThat(hit.name()).isEqualTo(name);
    assertThat(hit.uiStatus()).isNotNull();
    assertThat(hit.user()).isNotNull();
    assertThat(hit.createdOn()).isNotNull();
    Api.Response row = api.post("/cluster/search", "{\"query\": \"" + name + "\"}");
    assertThat(row.status()).isEqualTo(200);
    JsonNode first = row.data().get("body").get(0);
    assertThat(first.get("name").asString()).isEqualTo(name);
    assertThat(first.get("cpu").get("total").asInt()).isPositive();
    assertThat(first.get("created_by").asString()).isEqualTo("user@example.com");
  }

  @Test
  void aRepeatedSearchIsAnsweredFromTheRequestCache() throws Exception {
    String name = unique("cost-cache");
    create(ClusterRequests.quickStart(name));
    String body = "{\"query\": \"" + name + "\"}";
    // Sent again and again until the document is indexed: a cached empty page does not outlive
    // the refresh that brings the document (the cache is keyed by the shard's reader).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Api.Response page = api.post("/cluster/search", body);
              assertThat(page.status()).as(page.raw()).isEqualTo(200);
              assertThat(page.data().get("body")).as(page.raw()).hasSize(1);
            });
    long before = requestCacheHits();

    Api.Response again = api.post("/cluster/search", body);

    assertThat(again.data().get("body").get(0).get("name").asString()).isEqualTo(name);
    assertThat(requestCacheHits()).isGreaterThan(before);
  }

  private long requestCacheHits() throws Exception {
    JsonNode stats =
        json.readTree(
            elasticsearch("GET", "/" + index.name() + "/_stats/request_cache", null).body());
    return stats.get("_all").get("total").get("request_cache").get("hit_count").asLong();
  }

  @Test
  void totalsAreExactUpToTenThousandThenReportedAsTenThousand() throws Exception {
    String owner = unique("bulk") + "@example.com";
    Map<String, ClusterDocument> documents = new LinkedHashMap<>();
    Instant day = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < ClusterSearchService.TOTAL_HITS_TRACKED + 25; i++) {
      String id = "id-bulk" + owner.hashCode() + "-" + i;
      documents.put(
          id,
          new ClusterDocument(
              id,
              "bulk-" + i,
              null,
              null,
              null,
              owner,
              ClusterStatus.INACTIVE,
              UiClusterStatus.INACTIVE,
              "0.0",
              "sandbox",
              true,
              0,
              0,
              0,
              0,
              null,
              null,
              day,
              day,
              day,
              null));
    }
    try {
      writeInBulksOf(1000, documents);
      index.refresh();
      String filters =
          "{\"user\": {\"values\": [\"" + owner + "\"]}, \"is_job_cluster\": {\"values\": [true]}}";

      Api.Response all = api.post("/cluster/search", "{\"filters\": " + filters + "}");
      Api.Response few =
          api.post("/cluster/search", "{\"query\": \"bulk-1000\", \"filters\": " + filters + "}");

      assertThat(all.status()).as(all.raw()).isEqualTo(200);
      assertThat(all.data().get("pagination").get("total_matches").asLong())
          .isEqualTo(ClusterSearchService.TOTAL_HITS_TRACKED);
      // bulk-1000 .. bulk-10009: 11 names contain it, counted exactly.
      assertThat(few.data().get("pagination").get("total_matches").asLong()).isEqualTo(11);
    } finally {
      List<String> ids = new ArrayList<>(documents.keySet());
      for (int from = 0; from < ids.size(); from += 1000) {
        index.write(Map.of(), ids.subList(from, Math.min(ids.size(), from + 1000)));
      }
      index.refresh();
    }
  }

  /**
   * Bulks of the outbox indexer's order of size: one bulk of 10,000 documents can take longer than
   * the client's 10 s socket timeout on a loaded machine.
   */
  private void writeInBulksOf(int size, Map<String, ClusterDocument> documents)
      throws java.io.IOException {
    Map<String, ClusterDocument> bulk = new LinkedHashMap<>();
    for (Map.Entry<String, ClusterDocument> document : documents.entrySet()) {
      bulk.put(document.getKey(), document.getValue());
      if (bulk.size() == size) {
        assertThat(index.write(bulk, List.of())).isEmpty();
        bulk.clear();
      }
    }
    if (!bulk.isEmpty()) {
      assertThat(index.write(bulk, List.of())).isEmpty();
    }
  }

  @Test
  void aNewIndexIsFilledFromMysqlWithAReadAndAnInsertPerThousandClusters() throws Exception {
    String id = create(ClusterRequests.quickStart(unique("cost-backfill")));
    String doc = "/" + index.name() + "/_doc/" + id;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> elasticsearch("GET", doc, null).statusCode() == 200);
    // As if the index had just been created empty: the document is gone.
    assertThat(elasticsearch("DELETE", doc + "?refresh=true", null).statusCode()).isEqualTo(200);

    // This replica recorded as reading the index (so that another version's indexer forwards the
    // changes after the read to it), a read of the ids, then multi-row inserts whose row count is
    // known: no INSERT ... SELECT, which as a bulk insert held the outbox's AUTO-INC table lock for
    // the whole statement, and a create writing its own outbox row then could fail with MariaDB's
    // error 1467.
    int clusters = jdbc.queryForObject("SELECT COUNT(*) FROM clusters", Integer.class);
    SqlStatementCounter.start();
    events.publishEvent(new SearchIndexCreated(index.name()));
    int statements = SqlStatementCounter.stop();

    assertThat(statements).isEqualTo(2 + (clusters + 999) / 1000);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> elasticsearch("GET", doc, null).statusCode() == 200);
  }

  @Test
  void creatingAnIndexAnnouncesItOnce() throws Exception {
    String name = unique("it-fresh-index");
    Set<Object> published = new HashSet<>();
    SearchIndex fresh = new SearchIndex(client, named(name), published::add);
    try {
      fresh.ensureExists();
      fresh.ensureExists();
      assertThat(published).containsExactly(new SearchIndexCreated(name));
    } finally {
      elasticsearch("DELETE", "/" + name, null);
    }
  }

  @Test
  void anIndexDeletedBehindOurBackIsCreatedAgainWithItsMappingAndRefilled() throws Exception {
    String name = unique("it-lost-index");
    List<Object> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    SearchIndex lost = new SearchIndex(client, named(name), published::add);
    try {
      lost.ensureExists();
      assertThat(elasticsearch("DELETE", "/" + name, null).statusCode()).isEqualTo(200);

      // The next write finds it gone: created again with its mapping (not the dynamic one the
      // bulk would have made), and announced, so the backfill refills it from MySQL.
      lost.write(Map.of(), List.of("id-gone"));

      HttpResponse<String> mapping = elasticsearch("GET", "/" + name + "/_mapping", null);
      assertThat(mapping.statusCode()).as(mapping.body()).isEqualTo(200);
      assertThat(mapping.body()).contains("\"dynamic\":\"strict\"");
      assertThat(published)
          .containsExactly(new SearchIndexCreated(name), new SearchIndexCreated(name));
    } finally {
      elasticsearch("DELETE", "/" + name, null);
    }
  }

  private SearchProperties named(String name) {
    return new SearchProperties(
        properties.url(),
        properties.username(),
        properties.password(),
        name,
        properties.outboxBatchSize(),
        properties.drainInterval(),
        properties.retryInitialBackoff(),
        properties.retryMaxBackoff(),
        properties.requestTimeout(),
        properties.maxConnections(),
        properties.poolWait(),
        properties.auditInitialDelay(),
        properties.auditInterval(),
        properties.auditPageSize(),
        properties.lastUsedPrecision(),
        properties.fillWaitLimit());
  }

  private HttpResponse<String> elasticsearch(String method, String path, String body)
      throws Exception {
    return new ElasticsearchRequests(sandbox.elasticsearch().url()).send(method, path, body);
  }
}
