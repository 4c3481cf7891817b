package com.darwin.compute.core.ray;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.darwin.compute.core.config.JobProperties;
import com.darwin.compute.core.http.CappedBody;
import com.darwin.compute.core.http.PlainHttp;
import com.darwin.compute.model.job.JobStatus;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to a cluster's Ray dashboard Jobs REST API: {@code POST/GET /api/jobs/}, {@code GET/DELETE
 * /api/jobs/{id}}, {@code POST /api/jobs/{id}/stop}, {@code GET /api/jobs/{id}/logs} (and its
 * WebSocket {@code /logs/tail}), and the package store behind {@code runtime_env.working_dir}
 * ({@code GET/PUT /api/packages/{protocol}/{name}}). Every call has a timeout; errors are {@link
 * RayJobsException}s carrying the dashboard's status.
 */
@Component
public class RayJobsClient {

  private final HttpClient http;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final JobProperties properties;

  public RayJobsClient(JobProperties properties) {
    this.properties = properties;
    this.http = PlainHttp.client(properties.requestTimeout());
  }

  /** Submits a job; the body is the Jobs API's ({@code entrypoint}, {@code submission_id}...). */
  public String submit(String dashboardUrl, ObjectNode body) throws RayJobsException {
    JsonNode answer =
        json(
            send(
                request(dashboardUrl + "/api/jobs/")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))));
    return answer.path("submission_id").asString(body.path("submission_id").asString(""));
  }

  public List<RayJobDetails> list(String dashboardUrl) throws RayJobsException {
    List<RayJobDetails> jobs = new ArrayList<>();
    for (JsonNode job : json(send(request(dashboardUrl + "/api/jobs/").GET()))) {
      details(job).ifPresent(jobs::add);
    }
    return jobs;
  }

  /** The job, or empty when the dashboard does not know it. */
  public Optional<RayJobDetails> get(String dashboardUrl, String submissionId)
      throws RayJobsException {
    try {
      // Ray's dashboard looks the id up as a driver's job id first: another submission, or a
      // driver's job (listed under its job id), may come back; neither is the one asked for.
      return details(json(send(request(jobUrl(dashboardUrl, submissionId)).GET())))
          .filter(details -> submissionId.equals(details.submissionId()))
          .filter(details -> !"DRIVER".equals(details.type()));
    } catch (RayJobsException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Asks Ray to stop the job; false when it had already ended. */
  public boolean stop(String dashboardUrl, String submissionId) throws RayJobsException {
    return json(send(
            request(jobUrl(dashboardUrl, submissionId) + "/stop")
                .POST(HttpRequest.BodyPublishers.noBody())))
        .path("stopped")
        .asBoolean(false);
  }

  /** Deletes an ended job's data from Ray; false when Ray did not delete it. */
  public boolean delete(String dashboardUrl, String submissionId) throws RayJobsException {
    return json(send(request(jobUrl(dashboardUrl, submissionId)).DELETE()))
        .path("deleted")
        .asBoolean(false);
  }

  /**
   * The driver's log so far: all of it, or its last {@code compute.jobs.max-log-download}
   * characters after a {@code [LOG TRUNCATED ...]} line (read as it arrives, never held whole).
   */
  public String logs(String dashboardUrl, String submissionId) throws RayJobsException {
    HttpRequest built = request(jobUrl(dashboardUrl, submissionId) + "/logs").GET().build();
    HttpResponse<InputStream> response =
        send(built, HttpResponse.BodyHandlers.ofInputStream(), null);
    InputStream body = response.body();
    PlainHttp.Deadline deadline = PlainHttp.closeAt(body, properties.logDownloadTimeout());
    try (body;
        deadline) {
      if (response.statusCode() / 100 != 2) {
        throw new RayJobsException(
            response.statusCode(), errorText(new String(body.readNBytes(64 * 1024), UTF_8)));
      }
      return RayLogDownload.read(
          new InputStreamReader(body, UTF_8), properties.logDownloadCharacters());
    } catch (RayJobsException e) {
      throw e;
    } catch (IOException e) {
      throw new RayJobsException(
          502,
          "the Ray dashboard at "
              + built.uri().getHost()
              + " did not send the log whole"
              + (deadline.passed()
                  ? " within " + properties.logDownloadTimeout()
                  : e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /**
   * Opens Ray's stream of the driver's log ({@code /api/jobs/{id}/logs/tail}, a WebSocket on the
   * dashboard's own port). A 404 is Ray not knowing the job; other refusals mean this dashboard (or
   * something between) does not stream, and the log has to be read whole with {@link #logs}.
   */
  public RayLogTail tailLogs(String dashboardUrl, String submissionId) throws RayJobsException {
    URI http = URI.create(jobUrl(dashboardUrl, submissionId) + "/logs/tail");
    String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
    return RayLogTail.open(
        this.http,
        URI.create(scheme + http.toString().substring(http.getScheme().length())),
        properties.requestTimeout());
  }

  /** Whether the dashboard already holds a package ({@code gcs://_ray_pkg_<hash>.zip}). */
  public boolean packageExists(String dashboardUrl, String protocol, String name)
      throws RayJobsException {
    try {
      send(request(packageUrl(dashboardUrl, protocol, name)).GET());
      return true;
    } catch (RayJobsException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  /** Uploads the package in {@code zip}, read from the file as it is sent. */
  public void uploadPackage(String dashboardUrl, String protocol, String name, Path zip)
      throws RayJobsException {
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(zip);
    } catch (FileNotFoundException e) {
      throw new IllegalStateException("The package to upload is gone: " + zip, e);
    }
    send(
        request(packageUrl(dashboardUrl, protocol, name))
            .header("Content-Type", "application/octet-stream")
            .PUT(body));
  }

  private static String jobUrl(String dashboardUrl, String submissionId) {
    return dashboardUrl + "/api/jobs/" + URLEncoder.encode(submissionId, StandardCharsets.UTF_8);
  }

  private static String packageUrl(String dashboardUrl, String protocol, String name) {
    return dashboardUrl
        + "/api/packages/"
        + URLEncoder.encode(protocol, StandardCharsets.UTF_8)
        + "/"
        + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(properties.requestTimeout());
  }

  private String send(HttpRequest.Builder request) throws RayJobsException {
    HttpResponse<String> response = sendWithin(request.build(), properties.requestTimeout());
    if (response.statusCode() / 100 != 2) {
      throw new RayJobsException(response.statusCode(), errorText(response.body()));
    }
    return response.body();
  }

  /** A call whose answer, read whole, must come within {@code deadline}. */
  private HttpResponse<String> sendWithin(HttpRequest built, Duration deadline)
      throws RayJobsException {
    return send(built, CappedBody.atMost(CappedBody.JOBS_API_BYTES), deadline);
  }

  /**
   * @param deadline for the whole answer; null for a streamed body, which its reader bounds
   */
  private <T> HttpResponse<T> send(
      HttpRequest built, HttpResponse.BodyHandler<T> body, Duration deadline)
      throws RayJobsException {
    try {
      return deadline == null
          ? http.send(built, body)
          : PlainHttp.send(http, built, body, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayJobsException("interrupted", e);
    } catch (IOException e) {
      throw new RayJobsException(
          "the Ray dashboard at " + built.uri().getHost() + " did not answer: " + e, e);
    }
  }

  /** Ray answers errors as plain text or as JSON with a message; keep it short. */
  private String errorText(String body) {
    String text = body == null ? "" : body.strip();
    try {
      JsonNode node = mapper.readTree(text);
      if (node.hasNonNull("message")) {
        text = node.get("message").asString();
      } else if (node.hasNonNull("error")) {
        text = node.get("error").asString();
      }
    } catch (JacksonException notJson) {
      // plain text: keep it
    }
    if (text.contains("Traceback (most recent call last)")) {
      // A Python traceback (Ray's dashboard answers errors so): the first 500 characters would cut
      // off its reason. The dashboard wraps its agent's traceback in its own message and a closing
      // '.', so the reason is the last line with a word in it.
      String[] lines = text.strip().split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (lines[i].chars().anyMatch(Character::isLetterOrDigit)) {
          text = lines[i].strip();
          break;
        }
      }
    }
    return text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }

  private JsonNode json(String body) throws RayJobsException {
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      throw new RayJobsException(502, "the Ray dashboard answered something that is not JSON");
    }
  }

  private Optional<RayJobDetails> details(JsonNode job) {
    String id = text(job, "submission_id");
    if (id == null) {
      id = text(job, "job_id");
    }
    JobStatus status;
    try {
      status = JobStatus.valueOf(job.path("status").asString(""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (id == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RayJobDetails(
            id,
            text(job, "type"),
            text(job, "entrypoint"),
            status,
            text(job, "message"),
            millis(job.path("start_time")),
            millis(job.path("end_time")),
            job.hasNonNull("driver_exit_code") ? job.get("driver_exit_code").asInt() : null,
            job.hasNonNull("entrypoint_num_cpus")
                ? job.get("entrypoint_num_cpus").asDouble()
                : null,
            job.hasNonNull("entrypoint_num_gpus")
                ? job.get("entrypoint_num_gpus").asDouble()
                : null,
            job.hasNonNull("entrypoint_memory") ? job.get("entrypoint_memory").asLong() : null,
            doubles(job.path("entrypoint_resources")),
            objects(job.path("runtime_env")),
            strings(job.path("metadata"))));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static Instant millis(JsonNode node) {
    return node.isNumber() && node.asLong() > 0 ? Instant.ofEpochMilli(node.asLong()) : null;
  }

  private static Map<String, Double> doubles(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    Map<String, Double> values = new LinkedHashMap<>();
    node.properties().forEach(e -> values.put(e.getKey(), e.getValue().asDouble()));
    return values;
  }

  private static Map<String, String> strings(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    node.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
    return values;
  }

  private Map<String, Object> objects(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = mapper.convertValue(node, LinkedHashMap.class);
    return values;
  }
}
