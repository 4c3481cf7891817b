package com.darwin.compute.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the tests: what curl would send, nothing mocked. */
public final class Api {

  public static final String USER = "{\"email\": \"user@example.com\"}";

  /**
   * Pass as msd-user to send no identity at all (null sends {@link #USER}, as the gateway would).
   */
  public static final String NO_IDENTITY = "";

  /** The msd-user header of another user. */
  public static String as(String email) {
    return "{\"email\": \"" + email + "\"}";
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final String base;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public String base() {
    return base;
  }

  public record Response(int status, JsonNode body, String raw) {
    public JsonNode data() {
      return body.get("data");
    }

    public String message() {
      return body.get("message").asString();
    }
  }

  public Response get(String path) {
    return get(path, null);
  }

  public Response get(String path, String msdUser) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), msdUser);
  }

  public Response post(String path, String json) {
    return post(path, json, null);
  }

  public Response post(String path, String json, String msdUser) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)),
        msdUser);
  }

  public Response put(String path, String json, String msdUser) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)),
        msdUser);
  }

  /** A body of another type (an upload). */
  public Response put(String path, byte[] body, String contentType, String msdUser) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
        msdUser);
  }

  public Response delete(String path, String msdUser) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), msdUser);
  }

  /** Any method, with one extra header (a delegate's on-behalf-of, a gateway secret...). */
  public Response send(String method, String path, String msdUser, String header, String value) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header(header, value)
            .method(method, HttpRequest.BodyPublishers.noBody()),
        msdUser);
  }

  /** A JSON body with one more header (a delegate's on-behalf-of). */
  public Response send(
      String method, String path, String json, String msdUser, String header, String value) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header(header, value)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json)),
        msdUser);
  }

  private Response send(HttpRequest.Builder request, String msdUser) {
    // Every call goes through the "gateway" (loopback is trusted in the test profile).
    String identity = msdUser == null ? USER : msdUser;
    if (!identity.isEmpty()) {
      request.header("msd-user", identity);
    }
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isBlank() ? null : mapper.readTree(response.body());
      return new Response(response.statusCode(), body, response.body());
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + e, e);
    }
  }
}
