package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.metrics.StoreGauges;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What operators scrape and probe: Prometheus metrics, health groups, request ids in the logs. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends ApiIntegrationTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired StoreGauges storeGauges;
  @Autowired ApplicationContext context;

  @Test
  void prometheusExposesReconcilerOutboxSweepClusterAndHttpMetrics() throws Exception {
    String name = unique("metrics");
    String id = create(ClusterRequests.quickStart(name));
    awaitStatus(id, "active");
    storeGauges.refresh();

    // As Prometheus scrapes: from the pod's address, not through the gateway, with no identity.
    HttpResponse<String> scrape = anonymous("/actuator/prometheus");

    assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String text = scrape.body();
    // The reconciler: queue depth, apply latency, applies by outcome (failures are outcome=failed).
    assertThat(value(text, "darwin_reconciler_queue", "")).isGreaterThanOrEqualTo(0);
    assertThat(value(text, "darwin_reconciler_apply_seconds_count", "")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "darwin_reconciler_apply_seconds_bucket", "le=\"\\+Inf\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "darwin_reconciler_applies_total", "outcome=\"created\""))
        .isGreaterThanOrEqualTo(1);
    // Clusters per status, from MySQL: at least the one made active here.
    assertThat(value(text, "darwin_clusters", "status=\"active\"")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "darwin_clusters", "status=\"inactive\"")).isGreaterThanOrEqualTo(0);
    // The search outbox backlog and lag, the sweep's duration (a timer, even before its first run).
    assertThat(value(text, "darwin_search_outbox_pending", "")).isGreaterThanOrEqualTo(0);
    assertThat(value(text, "darwin_search_outbox_lag_seconds", "")).isGreaterThanOrEqualTo(0);
    // The search index audit's findings, by kind, exported before its first run.
    for (String drift : List.of("missing", "stale", "orphaned")) {
      assertThat(value(text, "darwin_search_audit_queued_total", "drift=\"" + drift + "\""))
          .isGreaterThanOrEqualTo(0);
    }
    for (String outcome : List.of("done", "failed")) {
      assertThat(value(text, "darwin_search_audit_seconds_count", "outcome=\"" + outcome + "\""))
          .isGreaterThanOrEqualTo(0);
    }
    assertThat(value(text, "darwin_termination_sweep_seconds_count", "")).isGreaterThanOrEqualTo(0);
    assertThat(text).contains("# TYPE darwin_termination_sweep_seconds summary");
    // HTTP metrics per route template, and the application tag on everything.
    assertThat(
            value(
                text,
                "http_server_requests_seconds_count",
                "uri=\"/cluster/\\{clusterId\\}/metadata\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(text).contains("application=\"darwin-compute\"");
    // Open to anyone who reaches the port, so nothing of anyone's in any tag: not the cluster's
    // id, name or owner, nor the admin who has called the service.
    assertThat(text)
        .doesNotContain(id)
        .doesNotContain(name)
        .doesNotContain("user@example.com")
        .doesNotContain("admin@example.com");
    // An admin scrapes the same.
    assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
  }

  /** Only health and the scrape are open: the rest of Actuator is for admins. */
  @Test
  void actuatorBeyondHealthAndTheScrapeNeedsAnAdmin() throws Exception {
    for (String path : List.of("/actuator", "/actuator/info")) {
      assertThat(anonymous(path).statusCode()).as(path).isEqualTo(401);
      assertThat(as(path, "{\"email\": \"someone@example.com\"}").statusCode())
          .as(path)
          .isEqualTo(403);
      assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
    }
    for (String path : List.of("/actuator/health", "/livez", "/readyz")) {
      assertThat(anonymous(path).statusCode()).as(path).isIn(200, 503);
    }
  }

  /** Micrometer Tracing over OpenTelemetry is wired, but nothing is exported until configured. */
  @Test
  void tracingIsWiredAndExportsNothingByDefault() {
    assertThat(context.getBeansOfType(Tracer.class)).isNotEmpty();
    assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
    // Not configured at all (UnexportedTracingFilter): no span is made for an observation, not
    // even a no-op one, and no tracing handler runs beside the timers.
    assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
    assertThat(context.getBeansOfType(TracingObservationHandler.class)).isEmpty();
    assertThat(context.getEnvironment().getProperty("management.tracing.export.enabled"))
        .isEqualTo("false");
  }

  @Test
  void livenessAndReadinessGroupsAndTheDependenciesTheyLeaveOut() throws Exception {
    JsonNode liveness = json(get("/actuator/health/liveness", null), 200);
    assertThat(liveness.get("status").asString()).isEqualTo("UP");
    assertThat(names(liveness.get("components"))).containsExactly("livenessState");

    // Not ready until the search index's check at start has settled (at once, on a filled index).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
    JsonNode readiness = json(get("/actuator/health/readiness", null), 200);
    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(names(readiness.get("components")))
        .containsExactlyInAnyOrder("db", "readinessState", "searchIndexFill");

    // Awaited: on a loaded machine one check may miss its deadline once and read as not UP.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode all = json(get("/actuator/health", null), 200);
              assertThat(names(all.get("components")))
                  .containsExactlyInAnyOrder(
                      "ping",
                      "db",
                      "search",
                      "elasticsearch",
                      "kubernetes",
                      "searchIndexFill",
                      "livenessState",
                      "readinessState");
              assertThat(all.get("components").get("elasticsearch").get("status").asString())
                  .isEqualTo("UP");
              assertThat(all.get("components").get("kubernetes").get("status").asString())
                  .isEqualTo("UP");
            });

    // The kubelet paths on the main port.
    assertThat(get("/livez", null).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestIdSentIsReturnedAndInTheLogLinesOfThatRequest(CapturedOutput output)
      throws Exception {
    String requestId = "req-" + Long.toString(System.nanoTime(), 36);

    HttpResponse<String> response = get("/cluster/id-doesnotexist0000/metadata", requestId);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue(RequestIdHeader.NAME)).hasValue(requestId);
    List<String> lines = linesWith(output, requestId);
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("GET /cluster/id-doesnotexist0000/metadata 404"));
  }

  @Test
  void aRequestWithoutIdOrWithAnUnsafeOneGetsAGeneratedId(CapturedOutput output) throws Exception {
    HttpResponse<String> plain = get("/get-runtimes", null);
    HttpResponse<String> unsafe = get("/get-runtimes", "two words\tand a tab");

    for (HttpResponse<String> response : List.of(plain, unsafe)) {
      assertThat(response.statusCode()).isEqualTo(200);
      String generated = response.headers().firstValue(RequestIdHeader.NAME).orElseThrow();
      assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(linesWith(output, generated))
          .anySatisfy(l -> assertThat(l).contains("GET /get-runtimes 200"));
    }
    assertThat(output.getOut()).doesNotContain("two words");
  }

  /** An admin of the test profile (compute.security.admins). */
  private static final String ADMIN = "{\"email\": \"admin@example.com\"}";

  /** The header's name, as the filter spells it. */
  private static final class RequestIdHeader {
    static final String NAME = com.darwin.compute.api.web.RequestIdFilter.HEADER;
  }

  /** Without identity, as Prometheus and the kubelet call. */
  private HttpResponse<String> anonymous(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Through the "gateway", as the caller {@code msdUser} names. */
  private HttpResponse<String> as(String path, String msdUser) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("msd-user", msdUser)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String requestId) throws Exception {
    // Through the "gateway" (loopback is trusted in the test profile), as an admin: Actuator beyond
    // health and the scrape is for admins.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("msd-user", ADMIN)
            .GET();
    if (requestId != null) {
      request.header(RequestIdHeader.NAME, requestId);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static List<String> names(JsonNode object) {
    return object.propertyNames().stream().toList();
  }

  private static List<String> linesWith(CapturedOutput output, String text) {
    return output.getOut().lines().filter(l -> l.contains(text)).toList();
  }

  /**
   * The value of the first sample of {@code metric} whose labels match {@code labels} (a regex
   * inside the braces; empty for any); fails when there is none.
   */
  private static double value(String exposition, String metric, String labels) {
    Pattern sample =
        Pattern.compile(
            "^" + metric + "(\\{[^}]*" + labels + "[^}]*\\})? ([0-9.eE+-]+|NaN)$",
            Pattern.MULTILINE);
    Matcher m = sample.matcher(exposition);
    assertThat(m.find()).as("a sample of %s{%s} in:%n%s", metric, labels, exposition).isTrue();
    return Double.parseDouble(m.group(2));
  }
}
