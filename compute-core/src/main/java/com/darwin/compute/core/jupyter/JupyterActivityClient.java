package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.http.CappedBody;
import com.darwin.compute.core.http.PlainHttp;
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
 * Reads a Jupyter server's own account of its use: busy kernels ({@code /api/kernels}), and the
 * server's {@code last_activity} ({@code /api/status}): the latest of its start, any API use (a
 * browser saving or listing files, polling its kernels while the tab is visible), and its kernels'
 * and terminals' activity. Every request here carries {@code no_track_activity}, so these probes
 * are not use themselves. Not the contents root's {@code last_modified}: that is the directory's
 * own time, which saving a notebook in a folder below it never changes, so a user editing without
 * running a cell looked idle and lost the pod.
 */
@Component
class JupyterActivityClient {

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final HttpClient http;
  private final Duration timeout;

  JupyterActivityClient(JupyterPodProperties properties) {
    this.timeout = properties.probeTimeout();
    this.http = PlainHttp.client(timeout);
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
    for (JsonNode kernel : get(baseUrl + "/api/kernels" + UNTRACKED)) {
      if ("busy".equals(kernel.path("execution_state").asString(""))) {
        return now;
      }
      last = later(last, time(kernel.path("last_activity")));
    }
    return later(last, time(get(baseUrl + "/api/status" + UNTRACKED).path("last_activity")));
  }

  /** jupyter_server counts every API request as use unless it says otherwise. */
  static final String UNTRACKED = "?no_track_activity=1";

  private JsonNode get(String url) throws Unanswered {
    try {
      HttpResponse<String> response =
          PlainHttp.send(
              http,
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              CappedBody.atMost(CappedBody.PROBE_BYTES),
              timeout);
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
