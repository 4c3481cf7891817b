package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.ElasticsearchHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one search costs Elasticsearch itself: the CPU of its processes (from the OS where it can be
 * read, else its node statistics), and the query and fetch phase times it reports ({@code
 * indices.search.query_time_in_millis}, {@code fetch_time_in_millis}). Measured over many
 * sequential searches of one body, nothing else sent meanwhile by the harness (the service's
 * scheduled jobs still run: their share is in both sides).
 *
 * @param cpuMillis Elasticsearch's process CPU per search (its processes' user + system time)
 * @param queryMillis query phase per search (its own clock)
 * @param fetchMillis fetch phase per search
 * @param responseBytes size of one answer
 */
record ElasticsearchCost(
    double cpuMillis, double queryMillis, double fetchMillis, int responseBytes) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String STATS =
      "/_nodes/stats/indices,process?filter_path=nodes.*.indices.search,nodes.*.process.cpu";

  static ElasticsearchCost measure(
      ElasticsearchHttp elasticsearch,
      Supplier<List<ProcessHandle>> processes,
      String searchPath,
      String body,
      int searches)
      throws Exception {
    byte[] request = body.getBytes(StandardCharsets.UTF_8);
    int size = 0;
    for (int i = 0; i < Math.max(20, searches / 5); i++) {
      size = elasticsearch.post(searchPath, request, "application/json").length;
    }
    Totals before = totals(elasticsearch, processes);
    for (int i = 0; i < searches; i++) {
      elasticsearch.post(searchPath, request, "application/json");
    }
    Totals after = totals(elasticsearch, processes);
    return new ElasticsearchCost(
        (after.cpu - before.cpu) / (double) searches,
        (after.query - before.query) / (double) searches,
        (after.fetch - before.fetch) / (double) searches,
        size);
  }

  /** The mean of two measurements of the same number of searches. */
  ElasticsearchCost plus(ElasticsearchCost other) {
    return new ElasticsearchCost(
        (cpuMillis + other.cpuMillis) / 2,
        (queryMillis + other.queryMillis) / 2,
        (fetchMillis + other.fetchMillis) / 2,
        responseBytes);
  }

  private record Totals(long cpu, long query, long fetch) {}

  /**
   * The CPU is read from the operating system for the server's processes where it can be: the node
   * stats' {@code process.cpu.total_in_millis} is refreshed about once a second, so over a few
   * hundred fast searches it moved by nothing in some rounds and by a whole second in others.
   */
  private static Totals totals(
      ElasticsearchHttp elasticsearch, Supplier<List<ProcessHandle>> processes) throws Exception {
    Totals stats = totals(elasticsearch);
    long osCpu = 0;
    boolean known = false;
    for (ProcessHandle process : processes.get()) {
      Optional<Duration> cpu = process.info().totalCpuDuration();
      if (cpu.isPresent()) {
        osCpu += cpu.get().toMillis();
        known = true;
      }
    }
    return known ? new Totals(osCpu, stats.query, stats.fetch) : stats;
  }

  private static Totals totals(ElasticsearchHttp elasticsearch) throws Exception {
    JsonNode nodes = JSON.readTree(elasticsearch.get(STATS)).get("nodes");
    long cpu = 0;
    long query = 0;
    long fetch = 0;
    for (JsonNode node : nodes) {
      cpu += node.get("process").get("cpu").get("total_in_millis").asLong();
      JsonNode search = node.get("indices").get("search");
      query += search.get("query_time_in_millis").asLong();
      fetch += search.get("fetch_time_in_millis").asLong();
    }
    return new Totals(cpu, query, fetch);
  }
}
