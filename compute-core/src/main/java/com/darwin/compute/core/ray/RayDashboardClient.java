package com.darwin.compute.core.ray;

import com.darwin.compute.core.config.RayProperties;
import com.darwin.compute.core.http.CappedBody;
import com.darwin.compute.core.http.PlainHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Ray dashboard: the node summary (CPU and memory per node) and the job list. Every call
 * has a timeout; a failure is an exception, never a guess.
 */
@Component
public class RayDashboardClient {

  private final HttpClient http;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final RayProperties properties;

  public RayDashboardClient(RayProperties properties) {
    this.properties = properties;
    this.http = PlainHttp.client(properties.probeTimeout());
  }

  /** One ALIVE node of the summary. */
  public record NodeUsage(boolean head, double cpuPercent, long memoryTotal, long memoryUsed) {}

  public List<NodeUsage> nodes(String dashboardUrl) throws IOException {
    JsonNode body = get(dashboardUrl + "/nodes?view=summary", CappedBody.LIST_BYTES);
    List<NodeUsage> nodes = new ArrayList<>();
    JsonNode summary = body.path("data").path("summary");
    for (JsonNode node : summary) {
      JsonNode raylet = node.path("raylet");
      if (!"ALIVE".equals(raylet.path("state").asString(""))) {
        continue;
      }
      JsonNode mem = node.path("mem");
      long total = mem.size() > 0 ? mem.get(0).asLong() : 0;
      long used = mem.size() > 3 ? mem.get(3).asLong() : 0;
      nodes.add(
          new NodeUsage(
              raylet.path("isHeadNode").asBoolean(false),
              node.path("cpu").asDouble(0),
              total,
              used));
    }
    return nodes;
  }

  /** Submitted jobs and their status ({@code RUNNING}, {@code SUCCEEDED}, ...). */
  public record RayJob(String type, String status) {}

  public List<RayJob> jobs(String dashboardUrl) throws IOException {
    JsonNode body = get(dashboardUrl + "/api/jobs/", CappedBody.JOBS_API_BYTES);
    List<RayJob> jobs = new ArrayList<>();
    for (JsonNode job : body) {
      jobs.add(new RayJob(job.path("type").asString(""), job.path("status").asString("")));
    }
    return jobs;
  }

  /** A Jupyter kernel: {@code busy}/{@code idle}, and when it last did something. */
  public record Kernel(String executionState, Instant lastActivity) {}

  /** Asked untracked, so the idle sweep's probes are not use to the server. */
  public List<Kernel> kernels(String jupyterUrl) throws IOException {
    List<Kernel> kernels = new ArrayList<>();
    for (JsonNode k :
        get(jupyterUrl + "/api/kernels?no_track_activity=1", CappedBody.PROBE_BYTES)) {
      kernels.add(
          new Kernel(k.path("execution_state").asString(""), instant(k.path("last_activity"))));
    }
    return kernels;
  }

  /** When each open Jupyter terminal last did something. */
  public List<Instant> terminals(String jupyterUrl) throws IOException {
    List<Instant> terminals = new ArrayList<>();
    for (JsonNode t :
        get(jupyterUrl + "/api/terminals?no_track_activity=1", CappedBody.PROBE_BYTES)) {
      terminals.add(instant(t.path("last_activity")));
    }
    return terminals;
  }

  private static Instant instant(JsonNode node) {
    try {
      return node.isMissingNode() || node.isNull()
          ? null
          : OffsetDateTime.parse(node.asString()).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  JsonNode get(String url, int maxBytes) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(properties.probeTimeout()).GET().build();
    try {
      HttpResponse<String> response =
          PlainHttp.send(http, request, CappedBody.atMost(maxBytes), properties.probeTimeout());
      if (response.statusCode() != 200) {
        throw new IOException(url + " answered " + response.statusCode());
      }
      return mapper.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (tools.jackson.core.JacksonException e) {
      throw new IOException(url + " answered something that is not JSON", e);
    }
  }
}
