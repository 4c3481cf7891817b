package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.http.impl.client.CloseableHttpClient;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link DirectSearch} sends and how it reads each kind of answer, against a JDK HTTP server
 * standing in for Elasticsearch's {@code _search} (the real server is covered by SearchIT and
 * SearchCostIT in compute-api).
 */
class DirectSearchTest {

  private static final String INDEX = "clusters-test";
  private static final Jackson3JsonpMapper MAPPER = new Jackson3JsonpMapper();

  private HttpServer server;
  private CloseableHttpClient http;
  private DirectSearch search;
  private final AtomicReference<String> sentPath = new AtomicReference<>();
  private final AtomicReference<String> sentBody = new AtomicReference<>();
  private final AtomicReference<String> sentType = new AtomicReference<>();
  private final AtomicReference<String> sentEncodings = new AtomicReference<>();
  private volatile int status = 200;
  private volatile String answer = "{}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          sentPath.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          sentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
          sentEncodings.set(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
          sentBody.set(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    SearchProperties properties = properties("http://127.0.0.1:" + server.getAddress().getPort());
    http = new SearchClientConfiguration().elasticsearchSearchHttpClient(properties);
    search = new DirectSearch(http, MAPPER, properties);
  }

  @AfterEach
  void stop() throws IOException {
    http.close();
    server.stop(0);
  }

  @Test
  void postsTheBuiltRequestAndReadsTheTotalAndEachHitsSource() throws IOException {
    answer =
        """
        {"hits": {"total": {"value": 8182},
          "hits": [
           {"_source": {"cluster_id": "id-a", "name": "train-a", "tags": ["x"],
                        "labels": {"team": "ml"}, "user": "a@example.com", "ui_status": "active",
                        "runtime": "0.0", "total_cores": 6, "total_memory": 12,
                        "estimated_cost": "1-2", "created_on": "2026-01-01T00:00:00Z",
                        "last_used_on": "2026-01-02T00:00:00Z"}},
           {"_source": {"cluster_id": "id-b", "name": "train-b", "ui_status": "inactive",
                        "created_on": "2026-01-01T00:00:00Z"}}]}}
        """;
    SearchRequest request =
        ClusterSearchRequests.v2(INDEX, "train", Map.of(), "created_on", "desc", 20, 0);

    ClusterSearchService.Page page = search.search(INDEX, request);

    assertThat(sentPath.get())
        .isEqualTo(
            "POST /"
                + INDEX
                + "/_search?request_cache=true&filter_path=hits.total.value,hits.hits._source");
    assertThat(sentType.get()).startsWith("application/json");
    // No compressed answer asked for: compressing a page and inflating it cost both sides CPU.
    assertThat(sentEncodings.get()).isNull();
    // Exactly the query the request builder made (ClusterSearchRequestsTest checks that one).
    JsonMapper json = JsonMapper.builder().build();
    assertThat(json.readTree(sentBody.get()))
        .isEqualTo(json.readTree(co.elastic.clients.json.JsonpUtils.toJsonString(request, MAPPER)));
    assertThat(page.total()).isEqualTo(8182);
    assertThat(page.documents())
        .extracting(ClusterDocument::clusterId)
        .containsExactly("id-a", "id-b");
    ClusterDocument first = page.documents().get(0);
    assertThat(first.name()).isEqualTo("train-a");
    assertThat(first.tags()).containsExactly("x");
    assertThat(first.labels()).containsEntry("team", "ml");
    assertThat(first.uiStatus()).isEqualTo(UiClusterStatus.ACTIVE);
    assertThat(first.totalCores()).isEqualTo(6);
    assertThat(first.lastUsedOn()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    // Absent in the hit: empty, zero or null, as ClusterDocument reads any filtered hit.
    ClusterDocument second = page.documents().get(1);
    assertThat(second.tags()).isEmpty();
    assertThat(second.totalCores()).isZero();
    assertThat(second.lastUsedOn()).isNull();
  }

  @Test
  void anUnfilteredAnswerReadsTheSame() throws IOException {
    // What a server (or proxy) that ignores filter_path sends: everything else is skipped.
    answer =
        """
        {"took": 3, "timed_out": false, "_shards": {"total": 1, "successful": 1},
         "hits": {"total": {"value": 2, "relation": "eq"}, "max_score": null,
          "hits": [{"_index": "clusters-test", "_id": "id-a", "_score": null, "sort": [1, "id-a"],
                    "_source": {"cluster_id": "id-a", "name": "train-a"}}]}}
        """;

    ClusterSearchService.Page page =
        search.search(
            INDEX, ClusterSearchRequests.v2(INDEX, "", Map.of(), "created_on", "desc", 10, 0));

    assertThat(page.total()).isEqualTo(2);
    assertThat(page.documents()).extracting(ClusterDocument::clusterId).containsExactly("id-a");
  }

  @Test
  void aPageWithNoHitsIsEmpty() throws IOException {
    // What Elasticsearch sends under the search path's filter_path: no hits.hits at all.
    answer = "{\"hits\": {\"total\": {\"value\": 0}}}";

    ClusterSearchService.Page page =
        search.search(
            INDEX, ClusterSearchRequests.v2(INDEX, "", Map.of(), "created_on", "desc", 10, 0));

    assertThat(page.total()).isZero();
    assertThat(page.documents()).isEmpty();
  }

  @Test
  void aRefusedQueryIsRefusedWithElasticsearchsReason() {
    status = 400;
    answer =
        "{\"error\": {\"root_cause\": [], \"type\": \"search_phase_execution_exception\","
            + " \"reason\": \"all shards failed\"}, \"status\": 400}";

    DirectSearch.Refused refused =
        catchThrowableOfType(
            DirectSearch.Refused.class,
            () ->
                search.search(
                    INDEX,
                    ClusterSearchRequests.v2(INDEX, "", Map.of(), "created_on", "desc", 10, 0)));

    assertThat(refused).hasMessage("all shards failed");
  }

  @Test
  void anyOtherAnswerIsAnOutageNotARefusal() {
    status = 503;
    answer = "<html>upstream unavailable</html>";

    IOException failure = searchFailure();

    assertThat(failure).isNotInstanceOf(DirectSearch.Refused.class);
    assertThat(failure).hasMessageContaining("503").hasMessageContaining("upstream unavailable");
  }

  @Test
  void aMissingIndexIsToldApart() {
    // The search service creates it again and refills it on this answer.
    status = 404;
    answer =
        "{\"error\": {\"type\": \"index_not_found_exception\", \"reason\": \"no such index\"},"
            + " \"status\": 404}";

    IOException failure = searchFailure();

    assertThat(failure).isInstanceOf(DirectSearch.Missing.class).hasMessage("no such index");
  }

  @Test
  void anUnreachableServerIsAnOutage() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SearchProperties nowhere = properties("http://127.0.0.1:" + closedPort);
    try (CloseableHttpClient client =
        new SearchClientConfiguration().elasticsearchSearchHttpClient(nowhere)) {
      DirectSearch unreachable = new DirectSearch(client, MAPPER, nowhere);

      IOException failure =
          catchThrowableOfType(
              IOException.class,
              () ->
                  unreachable.search(
                      INDEX,
                      ClusterSearchRequests.v2(INDEX, "", Map.of(), "created_on", "desc", 10, 0)));

      assertThat(failure).isNotNull().isNotInstanceOf(DirectSearch.Refused.class);
    }
  }

  /**
   * A server that takes requests and answers none until released: Elasticsearch hung. {@code
   * arrived} counts down when it holds a request (so the client's one connection is taken).
   */
  private static HttpServer hungServer(
      CountDownLatch arrived, CountDownLatch release, AtomicInteger requests) throws IOException {
    HttpServer hung = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hung.setExecutor(Executors.newCachedThreadPool());
    hung.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          arrived.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    hung.start();
    return hung;
  }

  /**
   * With one connection held by a hung server, the next call fails without being sent: it does not
   * get the connection once the first call gives it up (5 s) to wait out its own timeout. With
   * {@code promptly}, it fails within {@code poolWait} (300 ms, asserted under 2 s). The main
   * client's pool checks a waiting call's deadline only when a connection is given back, so there
   * the bound is the held call's timeout.
   */
  private static void theNextCallFailsUnsent(ThrowingCall call, boolean promptly) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(1);
    AtomicInteger requests = new AtomicInteger();
    HttpServer hung = hungServer(arrived, release, requests);
    SearchProperties one =
        TestingSearchProperties.of(
            "http://127.0.0.1:" + hung.getAddress().getPort(), 500, 1, Duration.ofMillis(300));
    try {
      call.start(one);
      CompletableFuture<?> holding =
          CompletableFuture.runAsync(
              () -> {
                try {
                  call.call();
                } catch (IOException | RuntimeException expected) {
                  // released or timed out: either way it held the connection until then
                }
              });
      // The first call has the connection once the server has its request.
      assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
      long begin = System.nanoTime();
      // An IOException, or the main client's RuntimeException around the pool's TimeoutException:
      // the callers take both for Elasticsearch being unavailable (a 503).
      Throwable queued = catchThrowable(call::call);
      long waited = (System.nanoTime() - begin) / 1_000_000;
      assertThat(queued).isNotNull();
      assertThat(requests.get()).isEqualTo(1);
      if (promptly) {
        assertThat(waited).isLessThan(2_000);
      }
      release.countDown();
      holding.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      call.close();
      hung.stop(0);
    }
  }

  /** One kind of call to Elasticsearch, on a client made for the given properties. */
  private interface ThrowingCall extends AutoCloseable {
    void start(SearchProperties properties);

    void call() throws IOException;

    @Override
    void close() throws IOException;
  }

  @Test
  void aSearchFindingEveryConnectionHeldByAHungServerFailsSoon() throws Exception {
    // Elasticsearch hung: the one connection waits out its 5 s timeout, and the next search must
    // not queue behind it (it held a request thread that long), but fail within the pool wait.
    SearchRequest request =
        ClusterSearchRequests.v2(INDEX, "", Map.of(), "created_on", "desc", 10, 0);
    theNextCallFailsUnsent(
        new ThrowingCall() {
          CloseableHttpClient client;
          DirectSearch searches;

          @Override
          public void start(SearchProperties properties) {
            client = new SearchClientConfiguration().elasticsearchSearchHttpClient(properties);
            searches = new DirectSearch(client, MAPPER, properties);
          }

          @Override
          public void call() throws IOException {
            searches.search(INDEX, request);
          }

          @Override
          public void close() throws IOException {
            client.close();
          }
        },
        true);
  }

  /**
   * The same for the client everything else goes through (index checks before a search, the
   * outbox's writes, the audit): it queued without limit for a connection, so while Elasticsearch
   * hung, searches that first check their index piled up on request threads, each served in turn as
   * a connection came free, to wait out its own timeout.
   */
  @Test
  void aCallOnTheMainClientFindingEveryConnectionHeldByAHungServerFailsUnsent() throws Exception {
    theNextCallFailsUnsent(
        new ThrowingCall() {
          RestClient client;

          @Override
          public void start(SearchProperties properties) {
            client = new SearchClientConfiguration().elasticsearchRestClient(properties);
          }

          @Override
          public void call() throws IOException {
            client.performRequest(new Request("HEAD", "/" + INDEX));
          }

          @Override
          public void close() throws IOException {
            client.close();
          }
        },
        false);
  }

  /** What a search of the first page fails with against the server's answer. */
  private IOException searchFailure() {
    return catchThrowableOfType(
        IOException.class,
        () ->
            search.search(
                INDEX, ClusterSearchRequests.v2(INDEX, "", Map.of(), "created_on", "desc", 10, 0)));
  }

  private static SearchProperties properties(String url) {
    return TestingSearchProperties.of(url, 500, 10, Duration.ofSeconds(1));
  }
}
