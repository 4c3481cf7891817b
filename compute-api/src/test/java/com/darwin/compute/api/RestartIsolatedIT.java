package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.reconcile.ClusterReconciler;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.sandbox.FakeRayServices.JobPlan;
import com.darwin.compute.sandbox.OperatorDelays;
import com.darwin.compute.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Restarting the service while clusters are creating, running and stopping loses nothing: the new
 * process reconciles MySQL against Kubernetes, and leaves alone what it does not own.
 */
class RestartIsolatedIT {

  private static GenericKubernetesResource rayCluster(Sandbox sandbox, String name) {
    return RayClusterKind.in(sandbox.kubernetes().client()).inNamespace("ray").withName(name).get();
  }

  private static List<String> podNames(Sandbox sandbox, String id) {
    return sandbox
        .kubernetes()
        .client()
        .pods()
        .inNamespace("ray")
        .withLabel("ray.io/cluster", id + "-kuberay")
        .list()
        .getItems()
        .stream()
        .map(Pod::getMetadata)
        .map(m -> m.getName())
        .sorted()
        .toList();
  }

  private static String status(Api api, String id) {
    return api.get("/cluster/" + id + "/metadata").data().get("status").asString();
  }

  private static String create(Api api, String name) {
    return create(api, name, true);
  }

  private static String create(Api api, String name, boolean start) {
    String body =
        start ? ClusterRequests.quickStart(name) : ClusterRequests.stoppedQuickStart(name);
    Api.Response r = api.post("/cluster", body, Api.USER);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data().get("cluster_id").asString();
  }

  @Test
  void aRestartLosesNothingAndTouchesNothingItDoesNotOwn() {
    String tag = Long.toString(System.nanoTime(), 36);
    String running;
    String creating;
    String stopping;
    String neverStarted;
    List<String> runningPods;
    Sandbox sandbox;

    try (ComputeInstance first = ComputeInstance.start("first")) {
      sandbox = first.bean(Sandbox.class);
      running = create(first.api, "restart-running-" + tag);
      stopping = create(first.api, "restart-stopping-" + tag);
      neverStarted = create(first.api, "restart-never-started-" + tag, false);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> status(first.api, running).equals("active"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> status(first.api, stopping).equals("active"));
      runningPods = podNames(sandbox, running);

      // A cluster still coming up when the service goes down.
      sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofSeconds(4)));
      creating = create(first.api, "restart-creating-" + tag);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> rayCluster(sandbox, creating + "-kuberay") != null);

      // A stop the service accepted but could not carry out before going down.
      sandbox.kubernetes().failWrites("/rayclusters");
      assertThat(first.api.post("/cluster/stop-cluster/" + stopping, null, Api.USER).status())
          .isEqualTo(202);
    }
    sandbox.kubernetes().clearFaults();
    sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofMillis(400)));
    assertThat(rayCluster(sandbox, stopping + "-kuberay")).isNotNull();

    // Something labelled as ours that our database never knew: reported, never deleted.
    String orphanId = "id-orphan" + tag.substring(0, Math.min(7, tag.length()));
    OrphanRayClusters.create(sandbox, orphanId);

    try (ComputeInstance second = ComputeInstance.start("second")) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> status(second.api, creating).equals("active"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> rayCluster(sandbox, stopping + "-kuberay") == null);
      assertThat(status(second.api, stopping)).isEqualTo("inactive");
      assertThat(status(second.api, running)).isEqualTo("active");
      // The running cluster was not recreated: same pods as before the restart.
      assertThat(podNames(sandbox, running)).isEqualTo(runningPods);

      // A stopped cluster with nothing live has nothing to reconcile, and the restart gave it no
      // pass (a pass takes its cluster's lease first): a start-up costs a pass per cluster that
      // is or should be running, not per cluster MySQL holds.
      ClusterRepository rows = second.bean(ClusterRepository.class);
      assertThat(status(second.api, neverStarted)).isEqualTo("inactive");
      await().atMost(Duration.ofSeconds(30)).until(() -> "second".equals(rows.leaseOwner(running)));
      assertThat(rows.leaseOwner(neverStarted)).isNull();
      assertThat(
              second
                  .bean(MeterRegistry.class)
                  .get(ClusterReconciler.PASSES_METRIC)
                  .tag("outcome", "done")
                  .counter()
                  .count())
          .isPositive();

      ClusterReconciler reconciler = second.bean(ClusterReconciler.class);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(reconciler.reportedOrphans()).contains("sandbox/" + orphanId));
      assertThat(rayCluster(sandbox, orphanId + "-kuberay")).isNotNull();
    }
  }

  /**
   * A stopping replica ends the job logs it is following within a turn (their readers open a new
   * follow elsewhere) rather than hold its drain to the end of the phase's timeout.
   */
  @Test
  void aStoppingReplicaEndsItsFollowedLogsAtOnce() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    ComputeInstance instance = ComputeInstance.start("stopping");
    boolean closed = false;
    try {
      Sandbox sandbox = instance.bean(Sandbox.class);
      String id = create(instance.api, "stopping-follow-" + tag);
      await().atMost(Duration.ofSeconds(60)).until(() -> status(instance.api, id).equals("active"));
      sandbox
          .ray()
          .planJobs(id, new JobPlan(Duration.ofMillis(100), null, "SUCCEEDED", List.of("working")));
      Api.Response submitted =
          instance.api.post("/cluster/" + id + "/jobs", "{\"entrypoint\": \"serve\"}", Api.USER);
      assertThat(submitted.status()).as(submitted.raw()).isEqualTo(200);
      String sid = submitted.data().get("submission_id").asString();

      HttpResponse<java.io.InputStream> follow =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + instance.port()
                                  + "/cluster/"
                                  + id
                                  + "/jobs/"
                                  + sid
                                  + "/logs?follow=true"))
                      .header("msd-user", Api.USER)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream())
              .get(30, TimeUnit.SECONDS);
      assertThat(follow.statusCode()).isEqualTo(200);
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(follow.body(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).as("the log's first line").isNotNull();

      long closing = System.nanoTime();
      CompletableFuture<Void> close = CompletableFuture.runAsync(instance::close);
      // The follow ends (the job still runs): not after the drain's 20 s.
      CompletableFuture<Void> ended =
          CompletableFuture.runAsync(
              () -> {
                try {
                  while (lines.readLine() != null) {
                    // what the job printed meanwhile
                  }
                } catch (java.io.IOException e) {
                  // a connection cut is an end too, though not the one wanted: timed below
                }
              });
      ended.get(30, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(8));
      close.get(60, TimeUnit.SECONDS);
      closed = true;
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(15));
    } finally {
      if (!closed) {
        instance.close();
      }
    }
  }
}
