package com.darwin.compute.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Elasticsearch called directly over HTTP: how the harness loads documents, and the floor of search
 * (the query the service would send, without the service).
 */
public final class ElasticsearchHttp {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  public ElasticsearchHttp(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** POST with a body of the given content type, expecting 200; returns the body. */
  public byte[] post(String path, byte[] body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "Elasticsearch POST "
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  /** GET, expecting 200; returns the body. */
  public byte[] get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET " + path);
  }

  /** PUT of a JSON body, expecting 200 (creating an index). */
  public byte[] putJson(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)),
        "PUT " + path);
  }

  private byte[] send(HttpRequest.Builder builder, String what)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            builder.timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "Elasticsearch "
              + what
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  public byte[] postJson(String path, String json) throws IOException, InterruptedException {
    return post(path, json.getBytes(StandardCharsets.UTF_8), "application/json");
  }
}
