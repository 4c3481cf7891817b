package com.darwin.compute.api.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.job.JobSubmitRequest;
import com.darwin.compute.model.job.JobView;
import com.darwin.compute.model.search.SearchClusterRequest;
import com.darwin.compute.model.search.SearchFilter;
import com.darwin.compute.sdk.ClusterUpdated;
import com.darwin.compute.sdk.ClusterWaitException;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.ComputeException;
import com.darwin.compute.sdk.WaitOptions;
import com.darwin.compute.sdk.WaitProgress;
import com.darwin.compute.sdk.yaml.ClusterYaml;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK against the real application over the sandbox: nothing between the client and the
 * service is mocked.
 */
class SdkEndToEndIT extends ApiIntegrationTest {

  private static final Duration UP = Duration.ofSeconds(60);

  private ComputeClient compute;

  @BeforeEach
  void client() {
    compute = ComputeClient.builder("http://127.0.0.1:" + port).user(SdkTestSupport.USER).build();
  }

  @Test
  void pythonSdkYamlExampleGoesFromFileToActiveToDeleted() {
    String name = unique("sdk-demo");
    List<WaitProgress> progress = new CopyOnWriteArrayList<>();

    String id = compute.createFromYaml(SdkTestSupport.exampleFile(name)).clusterId();
    ClusterMetadata active = compute.awaitStatus(id, ClusterStatus.ACTIVE, UP, progress::add);

    assertThat(active.status()).isEqualTo(ClusterStatus.ACTIVE);
    assertThat(active.activePods()).isEqualTo(2);
    // The wait saw the cluster come up, and reported each poll.
    assertThat(progress).isNotEmpty().allMatch(p -> p.clusterId().equals(id));
    assertThat(progress.get(progress.size() - 1).status()).isEqualTo(ClusterStatus.ACTIVE);
    assertThat(progress.stream().filter(WaitProgress::changed).map(WaitProgress::status))
        .endsWith(ClusterStatus.ACTIVE)
        .doesNotHaveDuplicates();

    // What the service stored is what the file said, in the API's terms.
    var details = compute.getDetails(id);
    assertThat(details.name()).isEqualTo(name);
    assertThat(details.user()).isEqualTo(SdkTestSupport.USER);
    assertThat(details.inactiveTime()).isEqualTo(15);
    assertThat(details.cloudEnv()).isEqualTo("sandbox");
    assertThat(details.headNodeConfig().headNodeCores()).isEqualTo(4);
    assertThat(details.workerNodeConfigs().get(0).nodeCapacityType()).isEqualTo(CapacityType.SPOT);
    assertThat(details.autoTerminationPolicies())
        .extracting(p -> p.policyName())
        .containsExactly("JupyterLabActivity", "ClusterCPUUsage", "ActiveRayJob");
    assertThat(details.advanceConfig().envVariables()).contains("purpose=demo");
    assertThat(details.advanceConfig().initScript()).isEqualTo("echo preparing\necho ready");
    assertThat(details.advanceConfig().rayStartParams().numCpusOnHead()).isEqualTo(2);
    assertThat(compute.getDashboards(id).jupyterLabUrl()).endsWith(id + "-jupyter");

    compute.stop(id);
    assertThat(compute.awaitStatus(id, ClusterStatus.INACTIVE, Duration.ofSeconds(10)).status())
        .isEqualTo(ClusterStatus.INACTIVE);
    compute.delete(id);

    assertThatThrownBy(() -> compute.getInfo(id))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.code()).isEqualTo("NOT_FOUND");
              assertThat(e.isRetryable()).isFalse();
            });
  }

  @Test
  void theUnadaptedExampleWithPackagesGetsItsLibraries() {
    String yaml =
        SdkTestSupport.pythonSdkExample()
                .replace("name: 'sdk-demo'", "name: '" + unique("with-packages") + "'")
            + """
            packages:
              - source: 'pypi'
                body:
                  name: 'tensorflow'
                  version: '2.19.0'
            """;
    ClusterRequest request = ClusterYaml.parse(yaml, "with-packages.yaml");

    var created = compute.create(request);
    assertThat(created.packages()).hasSize(1);
    assertThat(created.packages().get(0)).containsEntry("name", "tensorflow");
    assertThat(created.packages().get(0)).containsEntry("version", "2.19.0");
    assertThat(compute.listLibraries(created.clusterId(), "", 0, 10).packages())
        .extracting(l -> l.name())
        .containsExactly("tensorflow");

    // A library that does not parse refuses the create, naming it.
    ClusterRequest bad =
        ClusterYaml.parse(yaml.replace("'tensorflow'", "'tensorflow; rm -rf /'"), "bad.yaml");
    assertThatThrownBy(() -> compute.create(bad))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.isRejected()).isTrue();
              assertThat(e.fieldErrors())
                  .extracting(FieldError::field)
                  .containsExactly("packages[0].body.name");
              assertThat(e.attempts()).isEqualTo(1);
            });
  }

  @Test
  void typedRequestThroughItsWholeLife() {
    String id = compute.create(SdkTestSupport.typed(unique("typed"))).clusterId();
    compute.awaitStatus(id, ClusterStatus.ACTIVE, UP);
    String firstRun = compute.getInfo(id).activeClusterRunid();

    // Started again, a running cluster is left as it is (the same run); deleted, it is a 409, as
    // the typed exception.
    assertThat(compute.start(id).clusterId()).isEqualTo(id);
    assertThat(compute.getInfo(id).activeClusterRunid()).isEqualTo(firstRun);
    assertThatThrownBy(() -> compute.delete(id))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.status()).isEqualTo(409));

    // Worker counts only: applied in place.
    ClusterRequest wider = withMaxPods(compute.getDetails(id).name(), 4);
    ClusterUpdated updated = compute.update(id, wider);
    assertThat(updated.outcome()).isEqualTo("applied_in_place");
    assertThat(compute.getDetails(id).workerNodeConfigs().get(0).maxPods()).isEqualTo(4);

    var restarted = compute.restart(id);
    assertThat(restarted.clusterName()).isEqualTo(id + "-kuberay");
    compute.awaitStatus(id, ClusterStatus.ACTIVE, UP);
    assertThat(compute.getInfo(id).activeClusterRunid()).isEqualTo(firstRun);

    compute.stop(id);
    // Stopped again: left as it is, no error.
    compute.stop(id);
    assertThat(compute.getInfo(id).status()).isEqualTo(ClusterStatus.INACTIVE);
    var startedAgain = compute.start(id);
    assertThat(startedAgain.clusterId()).isEqualTo(id);
    compute.awaitStatus(id, ClusterStatus.ACTIVE, UP);
    assertThat(compute.getInfo(id).activeClusterRunid()).isNotEqualTo(firstRun);
    compute.stop(id);
    compute.delete(id);
    assertThatThrownBy(() -> compute.getDetails(id))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  private static ClusterRequest withMaxPods(String name, int maxPods) {
    ClusterRequest base = SdkTestSupport.typed(name);
    return new ClusterRequest(
        base.clusterName(),
        base.tags(),
        base.labels(),
        base.runtime(),
        base.inactiveTime(),
        base.autoTerminationPolicies(),
        base.headNodeConfig(),
        List.of(new WorkerNodeConfig(1, 2, 1, maxPods, null, null, null, null)),
        base.advanceConfig(),
        base.user(),
        base.isJobCluster(),
        base.startCluster(),
        base.cloudEnv(),
        base.packagesCloneFrom(),
        base.packages());
  }

  @Test
  void invalidRequestListsEveryBadFieldInTheException() {
    ClusterRequest bad =
        new ClusterRequest(
            unique("bad"),
            null,
            null,
            "no-such-runtime",
            30,
            null,
            new HeadNodeConfig(2, 4, null, null, null, null),
            List.of(new WorkerNodeConfig(1, 2, 3, 1, null, null, null, null)),
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThatThrownBy(() -> compute.create(bad))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.fieldErrors())
                  .extracting(FieldError::field)
                  .containsExactlyInAnyOrder("runtime", "worker_node_configs[0].min_pods");
              assertThat(e.getMessage()).contains("HTTP 400, POST /cluster");
            });
  }

  @Test
  void aTakenNameGivesTheNewClusterADerivedName() {
    String name = unique("twice");
    var first = compute.create(withStart(SdkTestSupport.typed(name), false));
    var second = compute.create(withStart(SdkTestSupport.typed(name), false));
    assertThat(first.clusterName()).isEqualTo(name);
    assertThat(second.clusterName()).isEqualTo(name + "_" + second.clusterId());
    assertThat(compute.getDetails(second.clusterId()).name()).isEqualTo(second.clusterName());
    // A clone made from the first one's view (what Darwin Workflow does) is created as well.
    var source = compute.getDetails(first.clusterId());
    var clone = compute.create(source.toRequest());
    assertThat(clone.clusterName()).isEqualTo(name + "_" + clone.clusterId());
    var copy = compute.getDetails(clone.clusterId());
    assertThat(copy.headNodeConfig()).isEqualTo(source.headNodeConfig());
    assertThat(copy.workerNodeConfigs()).isEqualTo(source.workerNodeConfigs());
    assertThat(copy.advanceConfig()).isEqualTo(source.advanceConfig());
  }

  private static ClusterRequest withStart(ClusterRequest r, boolean start) {
    return r.withStartCluster(start);
  }

  @Test
  void awaitStatusTimesOutWhileTheClusterIsStillComingUp() {
    sandbox.operator().pause(); // the operator is down: the cluster stays "creating"
    try {
      String id = compute.create(SdkTestSupport.typed(unique("slow"))).clusterId();
      assertThatThrownBy(() -> compute.awaitStatus(id, ClusterStatus.ACTIVE, Duration.ofSeconds(2)))
          .isInstanceOfSatisfying(
              ClusterWaitException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ClusterWaitException.Reason.TIMED_OUT);
                assertThat(e.lastStatus()).isEqualTo(ClusterStatus.CREATING);
                assertThat(e.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Cluster "
                            + id
                            + " did not become active within 2.0s (last status: creating)");
              });
    } finally {
      sandbox.operator().resume();
    }
  }

  @Test
  void awaitStatusFailsAtOnceWhenTheClusterIsStoppedMeanwhile() throws Exception {
    sandbox.operator().pause();
    try {
      String id = compute.create(SdkTestSupport.typed(unique("stopped"))).clusterId();
      CompletableFuture<ClusterMetadata> waiting =
          CompletableFuture.supplyAsync(
              () -> compute.awaitStatus(id, ClusterStatus.ACTIVE, Duration.ofMinutes(2)));
      Thread.sleep(700); // the wait has polled "creating" at least once

      compute.stop(id);

      assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ClusterWaitException.class)
          .cause()
          .satisfies(
              cause -> {
                ClusterWaitException e = (ClusterWaitException) cause;
                assertThat(e.reason()).isEqualTo(ClusterWaitException.Reason.STOPPED);
                assertThat(e.lastStatus()).isEqualTo(ClusterStatus.INACTIVE);
                assertThat(e.elapsed()).isLessThan(Duration.ofSeconds(20));
              });
    } finally {
      sandbox.operator().resume();
    }
  }

  @Test
  void awaitStatusFailsWhenTheHeadStaysDeadAndSurvivesWhenItComesBack() {
    String id = compute.create(SdkTestSupport.typed(unique("dies"))).clusterId();
    compute.awaitStatus(id, ClusterStatus.ACTIVE, UP);

    sandbox.operator().pause(); // nobody recreates the head
    try {
      sandbox.operator().killHead("ray", id + "-kuberay");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> compute.getInfo(id).status() == ClusterStatus.HEAD_NODE_DIED);

      WaitOptions options =
          WaitOptions.timeout(Duration.ofSeconds(30))
              .withPollInterval(Duration.ofMillis(100), Duration.ofMillis(300))
              .withDeathGracePeriod(Duration.ofSeconds(1));
      assertThatThrownBy(() -> compute.awaitStatus(id, ClusterStatus.ACTIVE, options))
          .isInstanceOfSatisfying(
              ClusterWaitException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ClusterWaitException.Reason.DIED);
                assertThat(e.lastStatus()).isEqualTo(ClusterStatus.HEAD_NODE_DIED);
                assertThat(e.getMessage()).contains("died while waiting for active");
              });
    } finally {
      sandbox.operator().resume();
    }
    // With the operator back, KubeRay recreates the head: a wait with the default grace succeeds.
    assertThat(compute.awaitStatus(id, ClusterStatus.ACTIVE, UP).status())
        .isEqualTo(ClusterStatus.ACTIVE);
  }

  @Test
  void searchPagesListsAndCatalogues() {
    String tag = "page" + Long.toString(System.nanoTime(), 36);
    for (int i = 0; i < 3; i++) {
      ClusterRequest r = withStart(SdkTestSupport.typed(unique(tag + "-" + i)), false);
      compute.create(withTags(r, List.of(tag)));
    }
    SearchClusterRequest byTag =
        new SearchClusterRequest(
            null,
            Map.of("tags", new SearchFilter(false, List.of(tag), null, false)),
            "name",
            "asc",
            2,
            0);
    // The index is written asynchronously (outbox): wait until all three are searchable.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> compute.search(byTag).pagination().totalMatches() == 3);

    var firstPage = compute.search(byTag);
    assertThat(firstPage.body()).hasSize(2);
    assertThat(firstPage.pagination().pageSize()).isEqualTo(2);
    assertThat(compute.searchAll(byTag).map(h -> h.name()).toList())
        .hasSize(3)
        .allMatch(n -> n.startsWith(tag))
        .isSorted();
    assertThat(compute.search(tag, 10, 0).body()).hasSize(3);
    assertThat(compute.getAll(tag, 10, 0).resultSize()).isEqualTo(3);

    assertThat(compute.getRuntimes().values().stream().flatMap(List::stream))
        .anyMatch(r -> r.name().equals("0.0"));
    assertThat(compute.isHealthy()).isTrue();
  }

  private static ClusterRequest withTags(ClusterRequest r, List<String> tags) {
    return new ClusterRequest(
        r.clusterName(),
        tags,
        r.labels(),
        r.runtime(),
        r.inactiveTime(),
        r.autoTerminationPolicies(),
        r.headNodeConfig(),
        r.workerNodeConfigs(),
        r.advanceConfig(),
        r.user(),
        r.isJobCluster(),
        r.startCluster(),
        r.cloudEnv(),
        r.packagesCloneFrom(),
        r.packages());
  }

  @Test
  void lifecycleActionsAreRecordedUnderTheClientsUser() {
    String id = compute.create(withStart(SdkTestSupport.typed(unique("who")), false)).clusterId();
    compute.start(id);
    assertThat(compute.getInfo(id).user()).isEqualTo(SdkTestSupport.USER);
    // Without a configured user the client acts as the Python SDK did: "sdk".
    ComputeClient anonymous = ComputeClient.connect("http://127.0.0.1:" + port);
    anonymous.stop(id);
    // Reads need an identity outside the local profile's anonymous-reads.
    assertThat(compute.getInfo(id).status()).isEqualTo(ClusterStatus.INACTIVE);
  }

  @Test
  void withoutAConfiguredUserTheClientReadsTheJobsItSubmits() {
    String id = compute.create(SdkTestSupport.typed(unique("jobs-anon"))).clusterId();
    ComputeClient anonymous = ComputeClient.connect("http://127.0.0.1:" + port);
    // A cluster's jobs are read by those who may submit them: the client's identity goes along.
    String sid = anonymous.submitJob(id, JobSubmitRequest.of("python3 -c 1")).submissionId();
    assertThat(anonymous.listJobs(id)).extracting(JobView::submissionId).contains(sid);
    assertThat(anonymous.getJob(id, sid).submissionId()).isEqualTo(sid);
    assertThat(anonymous.jobLogs(id, sid, 5).logs()).isNotNull();
  }
}
