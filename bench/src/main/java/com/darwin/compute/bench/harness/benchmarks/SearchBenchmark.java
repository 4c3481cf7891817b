package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.ElasticsearchHttp;
import com.darwin.compute.bench.harness.ServiceApi;
import com.darwin.compute.bench.harness.fixtures.SearchCorpus;
import com.darwin.compute.bench.harness.load.BenchmarkFailure;
import com.darwin.compute.bench.harness.load.Comparison;
import com.darwin.compute.bench.harness.load.Operation;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.LatencyFigure;
import com.darwin.compute.bench.harness.report.ResultRow;
import com.darwin.compute.core.cluster.ClusterIds;
import com.darwin.compute.core.search.ClusterDocumentFactory;
import com.darwin.compute.core.search.ClusterSearchService;
import com.darwin.compute.core.search.SearchIndex;
import com.darwin.compute.model.search.SearchClusterRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    return "Service: `POST /cluster/search` (one page of 20, exact total). Floor: the query the"
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
    SearchCorpus.Loaded loaded =
        SearchCorpus.load(
            documents,
            context.rows(),
            context.service().bean(ClusterIds.class),
            context.service().bean(ClusterDocumentFactory.class),
            index,
            context.elasticsearch());
    System.out.printf(
        Locale.ROOT,
        "  loaded %,d documents (%,d MB of bulk requests) in %.1f s%n",
        loaded.documents(),
        loaded.bytes() >> 20,
        loaded.millis() / 1000.0);

    ServiceApi api = context.api();
    ElasticsearchHttp elasticsearch = context.elasticsearch();
    String searchPath = "/" + index.name() + "/_search?typed_keys=true";
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
    }
    return new BenchmarkResult(rows, figures, details);
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
    return String.format(
        Locale.ROOT,
        "Of the service's p50 %.2f ms for %s, `ClusterSearchService.search` called in its process"
            + " (the Elasticsearch client and the parsing of the hits, no HTTP in front of it):"
            + " p50 %.2f ms over %d sequential calls after 50 warm-up calls; the floor's p50 is"
            + " %.2f ms.",
        result.service().p50Millis(),
        search.label(),
        nanos[calls / 2] / 1e6,
        calls,
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
    floor.get("hits").get("hits").forEach(hit -> floorIds.add(hit.get("_id").asString()));
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
