package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Health, catalogues and the API documentation a newcomer reads. */
class PlatformIT extends ApiIntegrationTest {

  @Autowired ThreadPoolTaskScheduler scheduler;

  @Test
  void scheduledJobsDoNotWaitForEachOther() {
    // A job waiting on a hung dependency (the search indexer on Elasticsearch) held up every
    // other job while they shared Spring's one scheduler thread.
    assertThat(scheduler.getScheduledThreadPoolExecutor().getCorePoolSize())
        .isGreaterThanOrEqualTo(4);
    // And their failures during a database outage are one line each, not a stack trace.
    assertThat(
            org.springframework.test.util.ReflectionTestUtils.getField(scheduler, "errorHandler"))
        .isInstanceOf(com.darwin.compute.core.config.ScheduledJobErrors.class);
  }

  @Test
  void healthAnswersInTheEnvelope() {
    Api.Response health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().get("status").asString()).isEqualTo("SUCCESS");
    assertThat(health.message()).isEqualTo("Healthy");
  }

  @Test
  void runtimesOfTheDarwinReadmeAreSeeded() {
    Api.Response runtimes = api.get("/get-runtimes");
    assertThat(runtimes.status()).isEqualTo(200);
    assertThat(runtimes.data().get("cpu").valueStream().map(r -> r.get("name").asString()).toList())
        .contains("0.0", "0.1");
    assertThat(runtimes.data().get("cpu").get(0).get("image").asString()).isEqualTo("ray:2.37.0");
  }

  @Test
  void gpuCatalogueIsListed() {
    Api.Response gpus = api.get("/gpu-pods");
    assertThat(gpus.data().valueStream().map(g -> g.get("name").asString()).toList())
        .contains("NVIDIA T4", "NVIDIA A10");
  }

  @Test
  void openApiAndSwaggerUiAreServed() {
    Api.Response docs = api.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().get("paths").has("/cluster")).isTrue();
    assertThat(docs.body().get("paths").has("/cluster/stop-cluster/{clusterId}")).isTrue();
    assertThat(docs.body().get("paths").has("/cluster/search")).isTrue();
    // The server is where the page was loaded from, not this request's (internal) address.
    assertThat(docs.body().get("servers").get(0).get("url").asString()).isEqualTo("/");
    assertThat(docs.body().get("paths").has("/cluster/{clusterId}/permissions")).isTrue();
    // The caller comes from the credentials, never from parameters.
    assertThat(docs.body().get("paths").get("/cluster/stop-cluster/{clusterId}").toString())
        .doesNotContain("\"caller\"")
        .doesNotContain("\"actor\"")
        .doesNotContain("onBehalfOf");
    assertThat(docs.body().get("paths").get("/cluster/{clusterId}").toString())
        .doesNotContain("onBehalfOf");
    var swagger =
        java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
            .build();
    try {
      var response =
          swagger.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port + "/docs"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).containsIgnoringCase("swagger");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
