package com.darwin.compute.core.search;

import java.io.IOException;
import org.springframework.stereotype.Component;

/** Whether Elasticsearch answers, for the deep health check. */
@Component
public class SearchPing {

  private final SearchIndex index;

  public SearchPing(SearchIndex index) {
    this.index = index;
  }

  /** Throws when Elasticsearch does not answer or says it is not available. */
  public void ping() throws IOException {
    if (!index.client().ping().value()) {
      throw new IOException("Elasticsearch did not answer the ping");
    }
  }
}
