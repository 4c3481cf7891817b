package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElasticsearchServerTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void isHealthyAtItsUrl() throws Exception {
    ElasticsearchServer es = TestSandbox.get().elasticsearch();

    HttpResponse<String> health = get(es.url() + "/_cluster/health");

    assertThat(es.url()).isEqualTo("http://127.0.0.1:" + es.httpPort());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).containsPattern("\"status\":\"(green|yellow)\"");
  }

  @Test
  void listensOnPortsBelowTheEphemeralRange() {
    ElasticsearchServer es = TestSandbox.get().elasticsearch();
    int low = LocalPorts.ephemeralLow();
    assumeTrue(
        LocalPorts.hasStableRoom(low), "the ephemeral range starts at " + low + ": no room below");
    int high = LocalPorts.stableHigh(low);

    assertThat(es.httpPort()).isBetween(LocalPorts.STABLE_LOW, high - 1);
    assertThat(es.transportPort()).isBetween(LocalPorts.STABLE_LOW, high - 1);
  }

  @Test
  void takesOnlyItsOwnClustersHealthAnswerForItself() throws Exception {
    ElasticsearchServer es = TestSandbox.get().elasticsearch();

    String health = get(es.url() + "/_cluster/health").body();

    assertThat(ElasticsearchServer.isOwnCluster(health, es.clusterName())).isTrue();
    assertThat(ElasticsearchServer.isOwnCluster(health, es.clusterName() + "-other")).isFalse();
    assertThat(ElasticsearchServer.isOwnCluster(health, "elasticsearch")).isFalse();
  }

  @Test
  void itsJvmGetsTheOptionsOfTheSettings() throws Exception {
    String options = TestSandbox.get().settings().elasticsearchJvmOptions();
    // The build sets sandbox.elasticsearch.jvm-options for every test JVM (the root pom).
    assumeTrue(!options.isEmpty(), "no sandbox.elasticsearch.jvm-options in this run");
    ElasticsearchServer es = TestSandbox.get().elasticsearch();

    HttpResponse<String> jvm = get(es.url() + "/_nodes/_local/jvm?filter_path=**.input_arguments");

    assertThat(jvm.statusCode()).isEqualTo(200);
    for (String option : options.split("\\s+")) {
      assertThat(jvm.body()).contains("\"" + option + "\"");
    }
  }

  @Test
  void itsLauncherKeepsItsTemporaryFilesInTheRunDirectory() throws Exception {
    ElasticsearchServer es = TestSandbox.get().elasticsearch();

    // The launcher's final-flags* directory, which used to be left in the system's /tmp at every
    // start, is made in the run's own temporary directory (removed with it on close).
    try (var entries = Files.list(es.temporaryDirectory())) {
      assertThat(entries.map(entry -> entry.getFileName().toString()))
          .anyMatch(name -> name.startsWith("final-flags"));
    }
  }

  @Test
  void comesBackOnTheSamePortWithItsDataAfterAnOutage() throws Exception {
    ElasticsearchServer es = TestSandbox.get().elasticsearch();
    String url = es.url();
    HttpResponse<String> indexed =
        send(
            HttpRequest.newBuilder(URI.create(url + "/outage-probe/_doc/1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"written\":\"before the outage\"}"))
                .build());
    assertThat(indexed.statusCode()).isIn(200, 201);
    List<ProcessHandle> processes = es.processes();
    // The CLI launcher JVM and the server JVM it forks.
    assertThat(processes).hasSizeGreaterThanOrEqualTo(2).allMatch(ProcessHandle::isAlive);

    es.stop();

    assertThat(es.isRunning()).isFalse();
    assertThat(es.processes()).isEmpty();
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThatThrownBy(() -> get(url + "/_cluster/health")).isInstanceOf(ConnectException.class);

    es.start();

    assertThat(es.url()).isEqualTo(url);
    HttpResponse<String> document = get(url + "/outage-probe/_doc/1");
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.body()).contains("before the outage");
  }

  @Test
  void anExternalServerIsNeitherStartedNorStopped() {
    ElasticsearchServer external = ElasticsearchServer.external("http://search.example:9200/");

    external.start();

    assertThat(external.isManaged()).isFalse();
    assertThat(external.url()).isEqualTo("http://search.example:9200");
    assertThatThrownBy(external::stop).isInstanceOf(UnsupportedOperationException.class);
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
