package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Whether Elasticsearch answers, for the deep health check. */
@Component
public class SearchPing {

  private final SearchIndex index;

  public SearchPing(SearchIndex index) {
    this.index = index;
  }

  /**
   * Throws when Elasticsearch does not answer, or when its cluster is red. (A GET of the cluster's
   * health rather than the HEAD ping, which the HTTP transport here does not send.)
   */
  public void ping() throws IOException {
    var health = index.client().cluster().health();
    if (health.status() == HealthStatus.Red) {
      throw new IOException("Elasticsearch cluster " + health.clusterName() + " is red");
    }
  }
}
