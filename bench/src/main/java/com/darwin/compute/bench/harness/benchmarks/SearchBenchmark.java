package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.ElasticsearchHttp;
import com.darwin.compute.bench.harness.ServiceApi;
import com.darwin.compute.bench.harness.fixtures.SearchCorpus;
import com.darwin.compute.bench.harness.load.BenchmarkFailure;
import com.darwin.compute.bench.harness.load.Comparison;
import com.darwin.compute.bench.harness.load.Operation;
import com.darwin.compute.bench.harness.load.ServerTime;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.LatencyFigure;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.bench.harness.report.ResultRow;
import com.darwin.compute.core.cluster.ClusterIds;
import com.darwin.compute.core.search.ClusterDocumentFactory;
import com.darwin.compute.core.search.ClusterSearchRequests;
import com.darwin.compute.core.search.ClusterSearchService;
import com.darwin.compute.core.search.SearchIndex;
import com.darwin.compute.model.search.SearchClusterRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * B3: {@code POST /cluster/search} over many cluster documents against the same query sent straight
 * to Elasticsearch.
 */
public final class SearchBenchmark implements Benchmark {

  static final double GOAL = 1.3;
  private static final String FLOOR = "same query straight to Elasticsearch";

  @Override
  public String id() {
    return "B3";
  }

  @Override
  public String title() {
    return "POST /cluster/search with filters and sorting";
  }

  @Override
  public String against() {
    return "Service: `POST /cluster/search` (one page of 20, total exact up to 10,000). Floor: the query the"
        + " service sends to Elasticsearch for that request, rebuilt from `ClusterSearchService`,"
        + " posted to `/<index>/_search` of the same Elasticsearch over java.net.http, response"
        + " read in full. Before timing, the harness checks that both return the same total and"
        + " the same ids in the same order. Documents are made by the service's own"
        + " `ClusterDocumentFactory` and bulk-loaded straight into its index. One at a time.";
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    int documents = context.settings().b3Documents();
    // What B2 changed must be indexed first, or service and floor could see different pages.
    context.awaitSearchOutboxDrained(30_000);
    SearchIndex index = context.service().bean(SearchIndex.class);
    // The same documents under the mapping of before issue 21, for today's-query-vs-ours costs.
    String beforeIndex = index.name() + BEFORE_SUFFIX;
    context.elasticsearch().putJson("/" + beforeIndex, beforeMapping());
    SearchCorpus.Loaded loaded =
        SearchCorpus.load(
            documents,
            context.rows(),
            context.service().bean(ClusterIds.class),
            context.service().bean(ClusterDocumentFactory.class),
            index,
            context.elasticsearch(),
            List.of(beforeIndex));
    System.out.printf(
        Locale.ROOT,
        "  loaded %,d documents (%,d MB of bulk requests) in %.1f s%n",
        loaded.documents(),
        loaded.bytes() >> 20,
        loaded.millis() / 1000.0);

    ServiceApi api = context.api();
    ElasticsearchHttp elasticsearch = context.elasticsearch();
    // What the service sends (DirectSearch): the same path and parameters (the request cache).
    String searchPath = ClusterSearchRequests.searchPath(index.name());
    List<ResultRow> rows = new ArrayList<>();
    List<LatencyFigure> figures = new ArrayList<>();
    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "%,d documents (%,d MB as bulk bodies) loaded in %.1f s before timing.",
            loaded.documents(),
            loaded.bytes() >> 20,
            loaded.millis() / 1000.0));
    for (SearchCase search :
        List.of(SearchCase.filtersAndSort(), SearchCase.textFiltersAndSort())) {
      long total = checkSamePage(search, api, elasticsearch, searchPath);
      byte[] floorBody = search.elasticsearchBody().getBytes(StandardCharsets.UTF_8);
      Operation service = i -> api.post("/cluster/search", search.apiBody(), 200);
      Operation floor = i -> elasticsearch.post(searchPath, floorBody, "application/json");
      Comparison.Result result = Comparison.run(context.settings().b3(), service, floor);
      String subject =
          String.format(
              Locale.ROOT,
              "POST /cluster/search, %s, %,d docs — vs %s",
              search.label(),
              documents,
              FLOOR);
      rows.addAll(ComparisonRows.of(id(), subject, result, GOAL, false));
      figures.add(
          new LatencyFigure(
              "B3 search: " + search.label(), result.service(), result.floor(), "Elasticsearch"));
      details.add(ComparisonRows.counts("Search, " + search.label(), result));
      rows.addAll(
          costRows(
              context, search, searchPath, "/" + beforeIndex + "/_search", documents, details));
      details.add(inProcessBreakdown(context, search, result));
      details.add(
          "Query ("
              + search.label()
              + ", "
              + total
              + " matches): `"
              + search.apiBody()
              + "` →"
              + " `"
              + search.elasticsearchBody()
              + "`");
      System.out.printf(
          Locale.ROOT,
          "  search %s: p50 %.2f ms vs %.2f ms%n",
          search.label(),
          result.service().p50Millis(),
          result.floor().p50Millis());
      // At concurrency 32 both sides share the two cores with Elasticsearch: throughput is what
      // each search costs the machine, the service's own CPU on top of Elasticsearch's.
      Comparison.Result concurrent =
          Comparison.run(context.settings().b3Concurrent(), service, floor);
      String concurrentSubject =
          String.format(
              Locale.ROOT,
              "POST /cluster/search, %s, %,d docs, concurrency %d — vs %s",
              search.label(),
              documents,
              context.settings().b3Concurrent().threads(),
              FLOOR);
      rows.addAll(ComparisonRows.of(id(), concurrentSubject, concurrent, GOAL, true));
      details.add(
          ComparisonRows.counts(
              "Search, "
                  + search.label()
                  + ", concurrency "
                  + context.settings().b3Concurrent().threads(),
              concurrent));
      System.out.printf(
          Locale.ROOT,
          "  search %s, c=%d: %,.0f vs %,.0f searches/s%n",
          search.label(),
          context.settings().b3Concurrent().threads(),
          concurrent.service().throughputPerSecond(),
          concurrent.floor().throughputPerSecond());
    }
    return new BenchmarkResult(rows, figures, details);
  }

  /** Suffix of the index holding the same documents under the mapping of before issue 21. */
  static final String BEFORE_SUFFIX = "-before-21";

  /**
   * That time's mapping, plus one thing it never had to hold: today's documents carry the name's
   * suffixes, which it neither parses nor keeps ({@code enabled: false}, left out of {@code
   * _source}), so its searches cost what they did then.
   */
  private static final String BEFORE_MAPPING = "/bench/cluster-index-before-21.json";

  private static String beforeMapping() throws java.io.IOException {
    try (var in = SearchBenchmark.class.getResourceAsStream(BEFORE_MAPPING)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * What one search costs Elasticsearch with the service's query on its index, against the query of
   * before issue 21 on the same documents under that time's mapping (lower is better; 1x is no
   * saving). Both first checked to return the same page.
   */
  private static List<ResultRow> costRows(
      BenchContext context,
      SearchCase search,
      String searchPath,
      String beforePath,
      int documents,
      List<String> details)
      throws Exception {
    ElasticsearchHttp elasticsearch = context.elasticsearch();
    Supplier<List<ProcessHandle>> processes = () -> context.sandbox().elasticsearch().processes();
    JsonMapper json = JsonMapper.builder().build();
    List<String> now =
        ids(json.readTree(elasticsearch.postJson(searchPath, search.elasticsearchBody())));
    List<String> before =
        ids(json.readTree(elasticsearch.postJson(beforePath, search.beforeBody())));
    if (!now.equals(before)) {
      throw new BenchmarkFailure(
          "B3 "
              + search.label()
              + ": today's and the earlier query disagree: "
              + now
              + " vs "
              + before);
    }
    int searches = 3 * context.settings().b3().operationsPerRound();
    ElasticsearchCost earlier = null;
    ElasticsearchCost ours = null;
    // Alternating, as the latency comparisons: a burst from elsewhere lands on both.
    for (int round = 0; round < 2; round++) {
      ElasticsearchCost b =
          ElasticsearchCost.measure(
              elasticsearch, processes, beforePath, search.beforeBody(), searches);
      ElasticsearchCost o =
          ElasticsearchCost.measure(
              elasticsearch, processes, searchPath, search.elasticsearchBody(), searches);
      earlier = earlier == null ? b : earlier.plus(b);
      ours = ours == null ? o : ours.plus(o);
    }
    String subject =
        String.format(
            Locale.ROOT,
            "Elasticsearch's own cost per search, %s, %,d docs — this service's query and mapping"
                + " vs before issue 21's",
            search.label(),
            documents);
    details.add(
        String.format(
            Locale.ROOT,
            "Elasticsearch per search, %s (%d sequential searches per side in 2 alternating rounds,"
                + " CPU of its processes from the OS, phases from its node stats): this service's"
                + " query %.3f ms CPU, %.3f ms query phase, %.3f ms fetch phase, %,d-byte answer; before issue 21's %.3f ms CPU, %.3f ms"
                + " query, %.3f ms fetch, %,d-byte answer.",
            search.label(),
            searches,
            ours.cpuMillis(),
            ours.queryMillis(),
            ours.fetchMillis(),
            ours.responseBytes(),
            earlier.cpuMillis(),
            earlier.queryMillis(),
            earlier.fetchMillis(),
            earlier.responseBytes()));
    return List.of(
        ResultRow.compared(
            "B3",
            subject,
            "ES CPU",
            Quantity.millis(ours.cpuMillis()),
            Quantity.millis(earlier.cpuMillis()),
            1.0),
        ResultRow.compared(
            "B3",
            subject,
            "ES query+fetch time",
            Quantity.millis(ours.queryMillis() + ours.fetchMillis()),
            Quantity.millis(earlier.queryMillis() + earlier.fetchMillis()),
            1.0));
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.path("hits").path("hits").forEach(hit -> ids.add(id(hit)));
    return ids;
  }

  /**
   * A hit's cluster id: {@code _id}, or its source's {@code cluster_id} where the service's search
   * path filters {@code _id} out of the answer (the two are the same: documents are indexed by it).
   */
  private static String id(JsonNode hit) {
    JsonNode id = hit.get("_id");
    return id != null ? id.asString() : hit.get("_source").get("cluster_id").asString();
  }

  /**
   * Where the service's time goes: the same search called on {@code ClusterSearchService} inside
   * the service's process (Elasticsearch client and hit parsing, no HTTP in front, no JSON answer).
   */
  private static String inProcessBreakdown(
      BenchContext context, SearchCase search, Comparison.Result result) throws Exception {
    var request =
        JsonMapper.builder().build().readValue(search.apiBody(), SearchClusterRequest.class);
    var service = context.service().bean(ClusterSearchService.class);
    int calls = 200;
    long[] nanos = new long[calls];
    for (int i = -50; i < calls; i++) {
      long begin = System.nanoTime();
      service.search(
          request.query(),
          request.filters(),
          request.sortBy(),
          request.sortOrder(),
          request.pageSize(),
          request.offset());
      if (i >= 0) {
        nanos[i] = System.nanoTime() - begin;
      }
    }
    Arrays.sort(nanos);
    // The same searches over HTTP: how much of their time is the service's own.
    ServerTime.Split overHttp =
        new ServerTime(context.service().bean(MeterRegistry.class), "POST", "/cluster/search")
            .measure(calls, i -> context.api().post("/cluster/search", search.apiBody(), 200));
    return String.format(
        Locale.ROOT,
        "Of the service's p50 %.2f ms for %s, `ClusterSearchService.search` called in its process"
            + " (the Elasticsearch client and the parsing of the hits, no HTTP in front of it):"
            + " p50 %.2f ms over %d sequential calls after 50 warm-up calls; over HTTP, %s; the"
            + " floor's p50 is %.2f ms.",
        result.service().p50Millis(),
        search.label(),
        nanos[calls / 2] / 1e6,
        calls,
        overHttp.describe(),
        result.floor().p50Millis());
  }

  /** Both sides must answer the same page, or the floor is not the floor of this search. */
  private static long checkSamePage(
      SearchCase search, ServiceApi api, ElasticsearchHttp elasticsearch, String path)
      throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    JsonNode service = api.postJson("/cluster/search", search.apiBody(), 200).get("data");
    JsonNode floor = json.readTree(elasticsearch.postJson(path, search.elasticsearchBody()));
    long serviceTotal = service.get("pagination").get("total_matches").asLong();
    long floorTotal = floor.get("hits").get("total").get("value").asLong();
    List<String> serviceIds = new ArrayList<>();
    service.get("body").forEach(hit -> serviceIds.add(hit.get("cluster_id").asString()));
    List<String> floorIds = new ArrayList<>();
    floor.path("hits").path("hits").forEach(hit -> floorIds.add(id(hit)));
    if (serviceTotal != floorTotal || !serviceIds.equals(floorIds)) {
      throw new BenchmarkFailure(
          "B3 "
              + search.label()
              + ": the service and the rebuilt query disagree (totals "
              + serviceTotal
              + " vs "
              + floorTotal
              + ", ids "
              + serviceIds
              + " vs "
              + floorIds
              + "); the floor would not be the floor of this search");
    }
    if (serviceTotal == 0 || serviceIds.isEmpty()) {
      throw new BenchmarkFailure("B3 " + search.label() + " matches nothing: nothing to measure");
    }
    return serviceTotal;
  }
}
