package com.darwin.compute.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's REST API over java.net.http, as any client would call it. Every call checks the
 * status: an unexpected one is an error, and an error fails the run.
 */
public final class ServiceApi {

  /** The caller recorded on lifecycle actions. */
  public static final String MSD_USER = "{\"email\": \"bench@example.com\"}";

  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();
  private final String base;

  public ServiceApi(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public String base() {
    return base;
  }

  /**
   * GET, expecting 200; the body is read in full (as a client would) and returned. Sent with the
   * gateway's identity header: reads need a caller outside the local profile's open reads.
   */
  public byte[] get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("msd-user", MSD_USER).GET(), 200);
  }

  /** POST of a JSON body, expecting {@code expected}; returns the body. */
  public byte[] post(String path, String body, int expected)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("msd-user", MSD_USER)
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        expected);
  }

  public JsonNode postJson(String path, String body, int expected)
      throws IOException, InterruptedException {
    return json.readTree(post(path, body, expected));
  }

  public JsonNode getJson(String path) throws IOException, InterruptedException {
    return json.readTree(get(path));
  }

  private byte[] send(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != expected) {
      throw new UnexpectedStatus(
          built.method() + " " + built.uri().getPath(),
          response.statusCode(),
          expected,
          new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return response.body();
  }

  /** The service answered with another status than the call expects. */
  public static final class UnexpectedStatus extends IOException {

    private final int status;
    private final String body;

    UnexpectedStatus(String request, int status, int expected, String body) {
      super(request + " answered " + status + " (expected " + expected + "): " + body);
      this.status = status;
      this.body = body;
    }

    /** A 409 because the cluster changed meanwhile (the SDK counts it as retryable). */
    public boolean isConcurrentChange() {
      return status == 409 && body.contains("CONCURRENT_CHANGE");
    }
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }
}
