package com.darwin.compute.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests straight to the sandbox's Elasticsearch, behind the service's back. */
final class ElasticsearchRequests {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;

  ElasticsearchRequests(String url) {
    this.url = url;
  }

  /** {@code path} from the server's root; {@code body} JSON, or null for none. */
  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
