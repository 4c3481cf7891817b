package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated dashboard's log stream, read with the JDK's WebSocket client. */
class FakeRayServicesLogStreamTest {

  private static FakeRayServices ray;
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    ray = FakeRayServices.start();
  }

  @AfterAll
  static void stop() {
    ray.close();
  }

  private String submit(String cluster, String id) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(ray.baseUrl() + "/" + cluster + "/api/jobs/"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"entrypoint\":\"count\",\"submission_id\":\"" + id + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return id;
  }

  private URI tail(String cluster, String id) {
    return URI.create(
        ray.baseUrl().replace("http:", "ws:") + "/" + cluster + "/api/jobs/" + id + "/logs/tail");
  }

  /** Collects the text messages until the server closes; the close code completes it. */
  private static final class Collector implements WebSocket.Listener {
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }

  @Test
  void streamsTheWholeLogAndClosesNormallyOnceTheJobHasEnded() throws Exception {
    ray.planJobs(
        "c1",
        new FakeRayServices.JobPlan(
            Duration.ofMillis(50), Duration.ofMillis(600), "SUCCEEDED", List.of("a", "b", "c")));
    String id = submit("c1", "j1");
    Collector collector = new Collector();
    // On the client that just posted: the JDK sends the handshake on its pooled connection.
    http.newWebSocketBuilder().buildAsync(tail("c1", id), collector).get(5, TimeUnit.SECONDS);
    assertThat(collector.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    assertThat(collector.text)
        .hasToString("[simulated Ray] running: count\na\nb\nc\n[simulated Ray] job SUCCEEDED\n");
    assertThat(ray.logStreams("c1")).isEqualTo(1);
    // Plain HTTP still reaches the dashboard through the same port.
    HttpResponse<String> logs =
        http.send(
            HttpRequest.newBuilder(URI.create(ray.baseUrl() + "/c1/api/jobs/j1/logs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(logs.body()).contains("job SUCCEEDED");
    assertThat(ray.logDownloads("c1")).isEqualTo(1);
  }

  @Test
  void requestBodiesGoThroughTheFrontWholeChunkedOrNot() throws Exception {
    byte[] zip = new byte[200_000];
    new java.util.Random(7).nextBytes(zip);
    String expected =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(zip));
    for (String name : List.of("_ray_pkg_a.zip", "_ray_pkg_b.zip")) {
      HttpRequest.BodyPublisher body =
          name.contains("_a")
              ? HttpRequest.BodyPublishers.ofByteArray(zip)
              : HttpRequest.BodyPublishers.ofInputStream(
                  () -> new java.io.ByteArrayInputStream(zip)); // no length: chunked
      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(URI.create(ray.baseUrl() + "/c4/api/packages/gcs/" + name))
                  .PUT(body)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(200);
      assertThat(ray.packageSha256("c4", name)).contains(expected);
    }
  }

  @Test
  void refusesAJobItDoesNotKnowAsRayDoes() {
    assertThatThrownBy(
            () ->
                http.newWebSocketBuilder()
                    .buildAsync(tail("c2", "nobody"), new Collector())
                    .get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
  }

  @Test
  void aDashboardThatDoesNotStreamRefusesTheHandshake() throws Exception {
    ray.streamLogs("c3", FakeRayServices.LogStreaming.REFUSED);
    String id = submit("c3", "j3");
    assertThatThrownBy(
            () ->
                http.newWebSocketBuilder()
                    .buildAsync(tail("c3", id), new Collector())
                    .get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
  }
}
