package com.darwin.compute.core.jupyter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Jupyter server's own account of its use: kernels ({@code /api/kernels}: busy, or their
 * {@code last_activity}), terminals ({@code /api/terminals}) and the last change of the contents
 * root ({@code /api/contents}). Not {@code /api/status}: its {@code last_activity} counts API
 * requests, the control plane's own probes included.
 */
@Component
class JupyterActivityClient {

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final HttpClient http;
  private final Duration timeout;

  JupyterActivityClient(JupyterPodProperties properties) {
    this.timeout = properties.probeTimeout();
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The server did not answer, or answered with an error. */
  static final class Unanswered extends Exception {
    Unanswered(String message) {
      super(message);
    }
  }

  /**
   * The last moment the server was in use, or {@code now} when a kernel is busy.
   *
   * @param baseUrl the server's URL including its base path
   */
  Instant lastActivity(String baseUrl, Instant now) throws Unanswered {
    Instant last = Instant.EPOCH;
    for (JsonNode kernel : get(baseUrl + "/api/kernels")) {
      if ("busy".equals(kernel.path("execution_state").asString(""))) {
        return now;
      }
      last = later(last, time(kernel.path("last_activity")));
    }
    for (JsonNode terminal : get(baseUrl + "/api/terminals")) {
      last = later(last, time(terminal.path("last_activity")));
    }
    return later(last, time(get(baseUrl + "/api/contents").path("last_modified")));
  }

  private JsonNode get(String url) throws Unanswered {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new Unanswered(url + " answered " + response.statusCode());
      }
      return mapper.readTree(response.body());
    } catch (IOException | RuntimeException e) {
      throw new Unanswered(url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unanswered(url + ": interrupted");
    }
  }

  private static Instant time(JsonNode node) {
    if (node == null || !node.isString()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(node.asString());
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(node.asString()).toInstant();
      } catch (DateTimeParseException ignored) {
        return Instant.EPOCH;
      }
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
