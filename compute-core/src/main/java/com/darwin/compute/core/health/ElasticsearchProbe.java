package com.darwin.compute.core.health;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Asks the search index's Elasticsearch for its cluster health. */
@Component
public class ElasticsearchProbe {

  private final ElasticsearchClient client;

  public ElasticsearchProbe(ElasticsearchClient client) {
    this.client = client;
  }

  /** Up unless the server is red or does not answer (then the exception says why). */
  public DependencyStatus check() throws IOException {
    // cluster().health(), not ping()/info(): the test server answers only the former.
    HealthResponse health = client.cluster().health();
    return new DependencyStatus(
        health.status() != HealthStatus.Red,
        Map.of("status", health.status().jsonValue(), "cluster_name", health.clusterName()));
  }
}
