package com.darwin.compute.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.core.render.history.SparkHistoryServerRenderer;
import com.darwin.compute.model.history.HistoryServerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A start writes the server's row, then applies its objects. What lands in between (a stop, a
 * delete, another start of the same resource) wins: the apply never brings back the objects of a
 * server that was stopped or deleted meanwhile, nor leaves an older start's objects in place of a
 * newer one's, and starts that meet all answer the one server.
 */
class HistoryServerStartRacesIT extends ApiIntegrationTest {

  private static final String BASE = "/spark-history-server";

  @Autowired HistoryServerStore store;

  @Autowired HistoryServerService service;

  @Test
  void theApplyOfAStartWhoseServerWasStoppedAndDeletedSinceLeavesNothing() {
    String id = started(createStopped("shs-deleted-since"));
    HistoryServerEntity asTheStartWroteIt = store.get(id);
    stop(id);
    assertThat(api.delete(BASE + "/" + id, Api.USER).status()).isEqualTo(200);
    assertThat(deploymentExists(id)).isFalse();

    service.applyStarted(
        new HistoryServerStore.Started(asTheStartWroteIt, HistoryServerStore.Outcome.CREATED));

    assertThat(deploymentExists(id)).as("a Deployment that no row knows of").isFalse();
    assertThat(serviceExists(id)).isFalse();
  }

  @Test
  void theApplyOfAStartWhoseServerWasStoppedSinceLeavesNothing() {
    String id = started(createStopped("shs-stopped-since"));
    HistoryServerEntity asTheStartWroteIt = store.get(id);
    stop(id);
    assertThat(deploymentExists(id)).isFalse();

    service.applyStarted(
        new HistoryServerStore.Started(asTheStartWroteIt, HistoryServerStore.Outcome.RESTARTED));

    assertThat(deploymentExists(id)).as("a stopped server's Deployment").isFalse();
    assertThat(store.get(id).getStatus()).isEqualTo(HistoryServerStatus.INACTIVE);
  }

  @Test
  void anOlderStartsApplyThatRunsAfterANewerStartsPutsTheNewerOneBack() {
    String resource = createStopped("shs-newer-start");
    String id = started(resource);
    HistoryServerEntity older = store.get(id);
    String olderOpts = opts(id);
    stop(id);
    Api.Response again =
        api.post(
            BASE,
            "{\"resource\": \""
                + resource
                + "\", \"filesystem\": \"efs\", \"events_path\": \"spark/eventlogs/"
                + resource
                + "\"}",
            Api.USER);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.data().get("server_id").asString()).isEqualTo(id);
    String newerOpts = opts(id);
    assertThat(newerOpts).as("the two starts read different logs").isNotEqualTo(olderOpts);

    // The first start's apply, late: it deletes and applies what it read.
    service.applyStarted(
        new HistoryServerStore.Started(older, HistoryServerStore.Outcome.RESTARTED));

    assertThat(opts(id)).isEqualTo(newerOpts);
  }

  @Test
  void anOlderStartsApplyOfTheSameSpecLeavesTheNewerStartsDeploymentJudgingIt() {
    String resource = createStopped("shs-same-spec");
    String id = started(resource);
    HistoryServerEntity older = store.get(id);
    stop(id);
    // Started again with the same request: the same spec, only the start differs.
    String again = started(resource);
    assertThat(again).isEqualTo(id);
    Instant newer = store.get(id).getStartedAt();
    assertThat(newer).isNotEqualTo(older.getStartedAt());

    // The first start's apply, late: it puts its own Deployment in place of the newer one's, and
    // the newer one's applied again over it must name the newer start, or the watch would take
    // every event of it for an earlier start's and never judge the running one.
    service.applyStarted(
        new HistoryServerStore.Started(older, HistoryServerStore.Outcome.RESTARTED));

    assertThat(deployment(id).getMetadata().getAnnotations())
        .containsEntry(SparkHistoryServerRenderer.STARTED_AT_ANNOTATION, newer.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> assertThat(store.get(id).getStatus()).isEqualTo(HistoryServerStatus.ACTIVE));
    stop(id);
  }

  @Test
  void anOlderStartsApplyThatFailsAfterANewerStartLeavesTheNewerOneRunning() {
    String resource = createStopped("shs-older-fails");
    String id = started(resource);
    HistoryServerEntity older = store.get(id);
    stop(id);
    Api.Response again = api.post(BASE, "{\"resource\": \"" + resource + "\"}", Api.USER);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    String newerOpts = opts(id);

    // The first start's apply, late, fails: its clean-up of the old Deployment is refused, after
    // it removed the Service, which is the newer start's.
    sandbox.kubernetes().failWrites("/deployments/" + id);
    try {
      assertThatThrownBy(
              () ->
                  service.applyStarted(
                      new HistoryServerStore.Started(older, HistoryServerStore.Outcome.RESTARTED)))
          .isInstanceOf(HistoryServerUnavailableException.class);
    } finally {
      sandbox.kubernetes().clearFaults();
    }

    assertThat(store.get(id).getStatus().running())
        .as("the newer start is not marked failed")
        .isTrue();
    assertThat(opts(id)).isEqualTo(newerOpts);
    assertThat(serviceExists(id)).as("the newer start's Service, applied again").isTrue();
  }

  @Test
  void startsOfOneResourceAtOnceAllAnswerTheOneServer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 3; round++) {
        String resource = createStopped("shs-at-once");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return api.post(BASE, "{\"resource\": \"" + resource + "\"}", Api.USER);
                  }));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<Api.Response> answer : answers) {
          Api.Response r = answer.get();
          assertThat(r.status()).as(r.raw()).isEqualTo(200);
          ids.add(r.data().get("server_id").asString());
        }
        assertThat(ids).as("one server per resource").containsOnly(ids.get(0));
        assertThat(deploymentExists(ids.get(0))).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private String started(String resource) {
    Api.Response r = api.post(BASE, "{\"resource\": \"" + resource + "\"}", Api.USER);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    String id = r.data().get("server_id").asString();
    assertThat(deploymentExists(id)).isTrue();
    return id;
  }

  private String opts(String id) {
    return deployment(id).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("SPARK_HISTORY_OPTS"))
        .map(e -> e.getValue())
        .findFirst()
        .orElseThrow();
  }

  private void stop(String id) {
    Api.Response r = api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  private boolean deploymentExists(String id) {
    return deployment(id) != null;
  }
}
