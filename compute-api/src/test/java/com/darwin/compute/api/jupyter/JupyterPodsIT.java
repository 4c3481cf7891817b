package com.darwin.compute.api.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.Concurrently;
import com.darwin.compute.api.ScheduledJobLock;
import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.jupyter.JupyterPodDeployer;
import com.darwin.compute.core.jupyter.JupyterPodObserver;
import com.darwin.compute.core.jupyter.JupyterPodReaper;
import com.darwin.compute.core.jupyter.JupyterPoolKeeper;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.jupyter.HeadJupyterAccessPolicy;
import com.darwin.compute.core.render.jupyter.JupyterPodRenderer;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.sandbox.FakeRayServices.KernelState;
import com.darwin.compute.sandbox.MockKubernetesApi;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Standalone Jupyter pods end to end over HTTP on the sandbox: the warm pool (2 free pods on the
 * sandbox target, see application-test.yml) kept by the keeper, attach as the workspace service
 * calls it, concurrent attaches, restart, idle reaping, replacement of dead pods, two keepers on
 * one pool, manifests and bad input. The Deployments' pods and their Jupyter servers are the
 * sandbox's simulators ({@code SimulatedDeploymentController}, {@code SimulatedJupyterServers}).
 */
class JupyterPodsIT extends ApiIntegrationTest {

  private static final String ADMIN = Api.as("admin@example.com");
  private static final String WORKSPACE = Api.as("darwin-workspace");
  private static final int POOL = 2;

  @Autowired JupyterPoolKeeper keeper;
  @Autowired JupyterPodDeployer deployer;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;
  @Autowired LockProvider locks;
  @Autowired KubernetesProperties kubernetes;
  @Autowired KubernetesTargets targets;
  @Autowired ObjectApplier applier;
  @Autowired JupyterPodObserver observer;
  @Autowired JupyterPodReaper reaper;

  @Test
  void theWorkspaceClaimThePodsMountIsMadeWhenMissingAndOwnedByNoPod() {
    JsonNode free = awaitFullPool().get(0);
    Deployment deployment =
        sandbox
            .kubernetes()
            .client()
            .apps()
            .deployments()
            .inNamespace(MockKubernetesApi.NAMESPACE)
            .withName(free.get("pod_name").asString())
            .get();
    String claimName =
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getPersistentVolumeClaim() != null)
            .findFirst()
            .orElseThrow()
            .getPersistentVolumeClaim()
            .getClaimName();
    assertThat(claimName).isEqualTo("workspace-shared");
    PersistentVolumeClaim claim =
        sandbox
            .kubernetes()
            .client()
            .persistentVolumeClaims()
            .inNamespace(MockKubernetesApi.NAMESPACE)
            .withName(claimName)
            .get();
    assertThat(claim).as("the claim every Jupyter pod mounts").isNotNull();
    assertThat(claim.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "darwin-compute");
    // No owner: deleting a pod must not delete anyone's files.
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
  }

  @Test
  void attachGivesALinkThatWorksAndTheSameLinkAgain() throws Exception {
    JsonNode oldestFree = awaitFullPool().get(0);
    String consumer = unique("12") + "-34";

    // What workspace_core.service.compute.Compute.get_jupyter_client does.
    Api.Response first =
        api.post("/jupyter-pod", "{\"consumer_id\": \"" + consumer + "\"}", WORKSPACE);
    JsonNode data = success(first);
    String link = data.get("jupyterLink").asString();
    String name = data.get("pod_name").asString();
    assertThat(name).isEqualTo(oldestFree.get("pod_name").asString());
    assertThat(link).isEqualTo("http://localhost/sandbox/" + name + "-jupyter");
    assertThat(data.get("status").asString()).isEqualTo("ready");

    Api.Response again =
        api.post("/jupyter-pod", "{\"consumer_id\": \"" + consumer + "\"}", WORKSPACE);
    assertThat(success(again).get("jupyterLink").asString()).isEqualTo(link);
    assertThat(success(api.get("/jupyter/path/" + name)).get("jupyterLink").asString())
        .isEqualTo(link);

    // The workspace service appends the codespace's path; through the proxy (here: straight to
    // the simulated server, by the same path) JupyterLab answers without a token prompt.
    String suffix = "/lab/tree/fsx/user@example.com/project/codespace";
    HttpResponse<String> lab = getUrl(viaProxy(link + suffix));
    assertThat(lab.statusCode()).isEqualTo(200);
    assertThat(lab.body()).contains("JupyterLab");

    JsonNode pod = pod(name);
    assertThat(pod.get("consumer_id").asString()).isEqualTo(consumer);
    assertThat(pod.get("attached_by").asString()).isEqualTo("darwin-workspace");
    assertThat(actions(pod)).contains("CREATED_FOR_POOL", "READY", "ATTACHED");

    // The pool is topped up again.
    awaitFullPool();
  }

  @Test
  void concurrentAttachesNeverShareAPodAndThePoolRefills() throws Exception {
    awaitFullPool();
    int consumers = 12;
    String prefix = unique("c");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String[]>> answers = new ArrayList<>();
    Map<String, String> podOf = new HashMap<>();
    try {
      for (int i = 0; i < consumers * 2; i++) {
        String consumer = prefix + "-" + (i % consumers);
        Callable<String[]> attach =
            () -> {
              go.await();
              Api.Response response =
                  api.post("/jupyter-pod", "{\"consumer_id\": \"" + consumer + "\"}", WORKSPACE);
              return new String[] {consumer, success(response).get("pod_name").asString()};
            };
        answers.add(pool.submit(attach));
      }
      go.countDown();
      for (Future<String[]> answer : answers) {
        String[] pair = answer.get();
        String earlier = podOf.putIfAbsent(pair[0], pair[1]);
        assertThat(earlier == null || earlier.equals(pair[1]))
            .as("consumer %s got two pods: %s and %s", pair[0], earlier, pair[1])
            .isTrue();
      }
      assertThat(podOf).hasSize(consumers);
      assertThat(new HashSet<>(podOf.values())).as("no pod shared").hasSize(consumers);
    } finally {
      pool.shutdownNow();
    }
    // A consumer's live row is the pod it was answered (none once reaped); the pool is full again.
    for (JsonNode pod : live()) {
      String consumer = pod.get("consumer_id").asString(null);
      if (consumer != null && consumer.startsWith(prefix)) {
        assertThat(pod.get("pod_name").asString()).as(consumer).isEqualTo(podOf.get(consumer));
      }
    }
    awaitFullPool();
  }

  @Test
  void twoKeepersKeepOnePool() throws Exception {
    awaitFullPool();
    // Empty the pool, then let several keepers (as on several replicas, besides the scheduled one)
    // refill it at the same moment: the pool's row lock makes exactly POOL new free pods.
    String prefix = unique("k");
    for (int i = 0; i < POOL; i++) {
      success(
          api.post("/jupyter-pod", "{\"consumer_id\": \"" + prefix + "-" + i + "\"}", WORKSPACE));
    }
    ExecutorService replicas = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(
            replicas.submit(
                () -> {
                  go.await();
                  keeper.keepOnce();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      replicas.shutdownNow();
    }
    assertThat(free()).hasSize(POOL);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(free()).hasSize(POOL));
  }

  @Test
  void anIdleAttachedPodIsReapedAndItsConsumerReleased() throws Exception {
    awaitFullPool();
    String consumer = unique("idle");
    String name = attach(consumer);
    awaitPod(name, "ready");

    // A busy kernel is use: the pod outlives max-idle (4 s).
    sandbox.jupyterServers().setKernels(name, List.of(new KernelState("busy", Instant.now())));
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(8))
        .untilAsserted(
            () -> {
              JsonNode pod = pod(name);
              assertThat(pod.get("status").asString()).isEqualTo("ready");
              assertThat(pod.get("consumer_id").asString()).isEqualTo(consumer);
            });

    // Idle kernels, but the user opens a notebook every half second through the server's API (in
    // a folder below the contents root, whose last_modified does not move): use all the same.
    Instant longAgo = Instant.now().minus(Duration.ofHours(1));
    sandbox.jupyterServers().setKernels(name, List.of(new KernelState("idle", longAgo)));
    String opens =
        viaProxy(pod(name).get("jupyterLink").asString())
            + "/api/contents/fsx/user@example.com/project/notebook.ipynb";
    Instant editing = Instant.now().plusSeconds(6);
    while (Instant.now().isBefore(editing)) {
      assertThat(getUrl(opens).statusCode()).isLessThan(500);
      JsonNode working = pod(name);
      assertThat(working.get("status").asString()).isEqualTo("ready");
      assertThat(working.get("consumer_id").asString()).isEqualTo(consumer);
      Thread.sleep(500);
    }

    // Idle kernels, no terminal, no API use: reaped once idle for longer than 4 s.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(pod(name).get("status").asString()).isEqualTo("deleted"));
    JsonNode pod = pod(name);
    assertThat(pod.get("consumer_id").isNull()).isTrue();
    assertThat(actions(pod)).contains("REAPED");
    // The row is marked deleted before its objects are removed (a crash in between leaves objects
    // the keeper deletes, never a live row without them), so the Deployment goes just after.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(deployment(name)).isNull();
              assertThat(sandbox.jupyterServers().isServing(name)).isFalse();
            });

    // The consumer is released: its next attach gets another pod.
    assertThat(attach(consumer)).isNotEqualTo(name);
  }

  @Test
  void aReapPassWritesItsProbesTogetherNotARowAtATime() {
    // The pool's free pods at least (two here), ready and answering.
    assertThat(awaitFullPool()).hasSize(POOL);
    List<String> statements;
    // The scheduled run waits: writing the same rows at once, one of the two would run its write
    // again (and read again).
    SimpleLock held = ScheduledJobLock.hold(locks, "jupyter-reaper");
    SqlStatementCounter.startRecording();
    try {
      reaper.reapOnce();
      statements = SqlStatementCounter.recorded();
    } finally {
      SqlStatementCounter.stop();
      held.unlock();
    }
    // The live pods, then the rows of those asked: one statement each, whatever their number.
    List<String> reads =
        statements.stream()
            .filter(s -> s.contains("jupyter_pods") && s.trim().toLowerCase().startsWith("select"))
            .toList();
    assertThat(reads).as(String.join("\n", statements)).hasSize(2);
    assertThat(reads.get(1).replace(" ", ""))
        .as("the asked pods' rows read by their names together")
        .containsPattern("\\.namein\\(");
  }

  @Test
  void aJupyterThatStopsAnsweringIsReplacedUnderTheSameLink() {
    awaitFullPool();
    String consumer = unique("dead");
    String name = attach(consumer);
    awaitPod(name, "ready");
    String link = pod(name).get("jupyterLink").asString();
    String k8sPod = sandbox.jupyterServers().podOf(name);

    sandbox.jupyterServers().stopAnswering(name);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode pod = pod(name);
              assertThat(pod.get("restarts").asInt()).isEqualTo(1);
              assertThat(pod.get("status").asString()).isEqualTo("ready");
            });
    JsonNode pod = pod(name);
    assertThat(pod.get("jupyterLink").asString()).isEqualTo(link);
    assertThat(pod.get("consumer_id").asString()).isEqualTo(consumer);
    assertThat(actions(pod)).contains("REPLACED");
    assertThat(sandbox.jupyterServers().podOf(name)).isNotEqualTo(k8sPod);
  }

  /**
   * A Jupyter Deployment this database does not know (another installation sharing the namespace):
   * reported once and left alone; once it is gone, forgotten (the set of reported ones grew with
   * every such Deployment ever seen).
   */
  @Test
  void anotherInstallationsDeploymentIsLeftAloneAndForgottenOnceGone() {
    String name = "jup-foreign" + Long.toString(System.nanoTime(), 36);
    deployments().resource(foreignDeployment(name)).create();
    String key = "sandbox/" + name;
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                keeper.keepOnce();
                assertThat(keeper.reportedOrphans()).contains(key);
              });
      keeper.keepOnce();
      assertThat(deployment(name)).as("left alone").isNotNull();
    } finally {
      deployments().withName(name).delete();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              keeper.keepOnce();
              assertThat(keeper.reportedOrphans()).doesNotContain(key);
            });
  }

  /** A Jupyter Deployment of another installation: labelled as ours, unknown to this database. */
  private static Deployment foreignDeployment(String name) {
    Map<String, String> labels =
        Map.of(
            JupyterPodRenderer.COMPONENT_LABEL,
            JupyterPodRenderer.COMPONENT_VALUE,
            "darwin.io/jupyter-pod",
            name);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("jupyter")
        .withImage("elsewhere/jupyter:1")
        // Its own path, so that its simulated server answers no one else's requests.
        .withCommand("jupyter", "lab", "--ServerApp.base_url=/elsewhere/" + name)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The keeper looks at every Jupyter Deployment of a target every pass: those not among the live
   * pods it read are looked up at once, not one statement each.
   */
  @Test
  void aPassLooksUpTheDeploymentsItDoesNotKnowAtOnce() {
    awaitFullPool();
    String prefix = "jup-many" + Long.toString(System.nanoTime(), 36) + "-";
    SimpleLock held = ScheduledJobLock.hold(locks, "jupyter-pool");
    try {
      for (int i = 0; i < 7; i++) {
        deployments().resource(foreignDeployment(prefix + i)).create();
      }
      awaitSeen(prefix, 7);
      keeper.keepOnce(); // the first pass reports them
      List<String> statements;
      SqlStatementCounter.startRecording();
      try {
        keeper.keepOnce();
        statements = SqlStatementCounter.recorded();
      } finally {
        SqlStatementCounter.stop();
      }
      // The rows of the Deployments it does not know as live are read in one statement; the pass
      // reads a pod by its name alone only for its own reasons (a live pod whose status it wrote),
      // never once per Deployment.
      Pattern byNames = Pattern.compile("from jupyter_pods \\w+ where \\w+\\.name in ");
      Pattern byName = Pattern.compile("from jupyter_pods \\w+ where \\w+\\.name=\\?");
      // One per target with Deployments it does not know (sandbox-east may have some too).
      assertThat(statements.stream().filter(q -> byNames.matcher(q).find()))
          .as(statements.toString())
          .hasSizeBetween(1, targets.all().size());
      assertThat(statements.stream().filter(q -> byName.matcher(q).find()))
          .as(statements.toString())
          .hasSizeLessThan(7);
    } finally {
      held.unlock();
      for (int i = 0; i <= 6; i++) {
        deployments().withName(prefix + i).delete();
      }
    }
  }

  /** Until the keeper's watch cache has this many Deployments named with the prefix. */
  private void awaitSeen(String prefix, int count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                observer.allDeployments("sandbox").stream()
                        .filter(d -> d.getMetadata().getName().startsWith(prefix))
                        .count()
                    == count);
  }

  /**
   * A server ready for the kubelet that the control plane may not ask (it wants a token here; a
   * NetworkPolicy without the control plane does the same): the reaper replaces it after
   * max-failed-probes (3) unanswered probes, and so its successors. Each replacement is a step of
   * the target's wait (1 s, doubled, at most 8 s here) during which the attached pod is left as it
   * is, where it was restarted every 3 probes for good; and a ready pod whose probes fail does not
   * end the streak, which a pod left ready through a wait of 4 s (healthy-after) used to.
   */
  @Test
  void aJupyterTheReaperMayNotAskIsReplacedEachTimeAfterALongerWait() {
    awaitFullPool();
    setPoolWait("NULL", 0); // counted from here: a streak another test left would add to it
    String consumer = unique("token");
    String name = attach(consumer);
    awaitPod(name, "ready");
    sandbox.jupyterServers().wantTokens(name, true);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> poolFailures() >= 5);
      JsonNode pod = pod(name);
      assertThat(pod.get("consumer_id").asString()).isEqualTo(consumer);
      long replaced = actions(pod).stream().filter("REPLACED"::equals).count();
      assertThat(replaced).isBetween(5L, 6L);
    } finally {
      sandbox.jupyterServers().wantTokens(name, false);
      // Left to end on its own, the streak would wait for a pod ready since its last failure: this
      // one, idle, is reaped (max-idle is 4 s here) as soon as it answers.
      api.delete("/jupyter/pods/" + name, ADMIN);
      setPoolWait("NULL", 0);
    }
  }

  @Test
  void aPodWhosePolicyCouldNotBeWrittenGetsItFromTheKeeper() {
    Set<String> warm = new HashSet<>();
    awaitFullPool().forEach(p -> warm.add(p.get("pod_name").asString()));
    // Writes of NetworkPolicies fail (an API server's 5xx, an admission webhook that times out)
    // while the pool refills after an attach: the new pod's Deployment and Service are written,
    // its policy is not. Without it, its Jupyter port is open to every pod of the cluster.
    sandbox.kubernetes().failWrites("/networkpolicies");
    String added;
    try {
      attach(unique("np-fault"));
      List<String> refilled = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                refilled.clear();
                free().stream()
                    .map(p -> p.get("pod_name").asString())
                    .filter(n -> !warm.contains(n) && deployment(n) != null)
                    .forEach(refilled::add);
                assertThat(refilled).isNotEmpty();
              });
      added = refilled.get(0);
      // The apply has given up (each write is sent 1 + request-retries times), not merely paused
      // between its tries: clearing the fault now would let its own retry write the policy.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> sandbox.kubernetes().refusedWrites() > kubernetes.requestRetries());
      assertThat(networkPolicy(JupyterPodRenderer.networkPolicyName(added))).isNull();
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(networkPolicy(JupyterPodRenderer.networkPolicyName(added))).isNotNull());
    assertThat(serviceExists(JupyterPodRenderer.serviceName(added))).isTrue();
    assertThat(pod(added).get("status").asString()).isIn("creating", "ready");
  }

  /**
   * Deleted behind the control plane's back (kubectl, a namespace clean-up): this replica still
   * holds them as written, so only the watch tells the keeper they are gone. Without the pod's
   * policy its token-less server is open to every pod of the cluster; without the head pods'
   * policy, every cluster's Jupyter port is.
   */
  @Test
  void objectsDeletedByHandAreWrittenAgain() {
    String name = readyAndInUse("by-hand");
    String policy = JupyterPodRenderer.networkPolicyName(name);
    String service = JupyterPodRenderer.serviceName(name);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                networkPolicy(policy) != null
                    && serviceExists(service)
                    && networkPolicy(HeadJupyterAccessPolicy.NAME) != null);
    networkPolicies().withName(policy).delete();
    networkPolicies().withName(HeadJupyterAccessPolicy.NAME).delete();
    sandbox
        .kubernetes()
        .client()
        .services()
        .inNamespace(MockKubernetesApi.NAMESPACE)
        .withName(service)
        .delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(networkPolicy(policy)).as("the pod's policy").isNotNull();
              assertThat(serviceExists(service)).as("the pod's Service").isTrue();
              assertThat(networkPolicy(HeadJupyterAccessPolicy.NAME))
                  .as("the head pods' policy")
                  .isNotNull();
            });
    assertThat(actions(pod(name))).doesNotContain("REPAIRED", "RESTARTED", "REPLACED");
  }

  /**
   * A policy whose labels are removed by hand leaves the watch that selects on them, as if deleted:
   * read again, it carried the hash of what is rendered, so it was left so, and read again at every
   * pass. Its labels are now written back.
   */
  @Test
  void aPolicyWhoseLabelsWereRemovedByHandGetsThemBack() {
    String name = readyAndInUse("np-unlabelled");
    String policy = JupyterPodRenderer.networkPolicyName(name);
    await().atMost(Duration.ofSeconds(20)).until(() -> networkPolicy(policy) != null);
    Map<String, String> labels = networkPolicy(policy).getMetadata().getLabels();
    assertThat(labels).containsEntry(JupyterPodRenderer.POD_LABEL, name);
    NetworkPolicy stripped =
        networkPolicies()
            .withName(policy)
            .edit(
                p ->
                    new NetworkPolicyBuilder(p)
                        .editMetadata()
                        .withLabels(Map.of())
                        .endMetadata()
                        .build());
    assertThat(stripped.getMetadata().getLabels()).isNullOrEmpty();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(networkPolicy(policy).getMetadata().getLabels()).isEqualTo(labels));
    assertThat(actions(pod(name))).doesNotContain("REPAIRED", "RESTARTED", "REPLACED");
  }

  @Test
  void aLostPolicyIsWrittenAgainAndACurrentDeploymentLeftAsItIs() {
    String name = readyAndInUse("np-lost");
    String policy = JupyterPodRenderer.networkPolicyName(name);
    // Its policy deleted through the control plane's own applier (so this replica no longer holds
    // it as written, as after its restart), and its Deployment as one rendered before a change of
    // the pods' settings would be: the keeper writes the policy and does not roll the Deployment
    // out again, which would recreate the pod of a user at work.
    applier.delete(
        targets.get(targets.defaultTargetName()),
        ObjectKind.NETWORK_POLICY,
        MockKubernetesApi.NAMESPACE,
        policy);
    annotateDeployment(name, Map.of(ResourceNames.SPEC_HASH_ANNOTATION, "earlier"));
    assertThat(networkPolicy(policy)).isNull();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(networkPolicy(policy)).isNotNull());
    assertThat(deployment(name).getMetadata().getAnnotations())
        .containsEntry(ResourceNames.SPEC_HASH_ANNOTATION, "earlier");
    assertThat(actions(pod(name))).doesNotContain("REPAIRED", "RESTARTED", "REPLACED");
  }

  /**
   * Free pods of other settings made after this replica started (by a replica of another version,
   * during a rolling upgrade, which would take this one's for outdated in turn) are left alone.
   */
  @Test
  void freePodsOfOtherSettingsMadeSinceThisReplicaStartedAreLeftAlone() {
    List<String> other = awaitFullPool().stream().map(p -> p.get("pod_name").asString()).toList();
    other.forEach(
        name -> annotateDeployment(name, Map.of(ResourceNames.SPEC_HASH_ANNOTATION, "other")));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(free().stream().map(p -> p.get("pod_name").asString()).toList())
                    .containsExactlyInAnyOrderElementsOf(other));
    for (String name : other) {
      assertThat(actions(pod(name))).doesNotContain("REPLACED");
    }
  }

  /**
   * After a deployment of the control plane that changed the pods' settings (a new image), the free
   * pods made before it are replaced one at a time, each once the pool's pods are ready again, so
   * attaches get pods of the new settings and never find the pool emptied at once.
   */
  @Test
  void freePodsOfEarlierSettingsAreReplacedOneAtATime() {
    List<String> earlier = awaitFullPool().stream().map(p -> p.get("pod_name").asString()).toList();
    // As pods an earlier deployment of the control plane made: before this replica started.
    earlier.forEach(
        name -> {
          jdbc.update(
              "UPDATE jupyter_pods SET created_at = UTC_TIMESTAMP(3) - INTERVAL 1 DAY"
                  + " WHERE name = ?",
              name);
          annotateDeployment(name, Map.of(ResourceNames.SPEC_HASH_ANNOTATION, "earlier"));
        });
    Set<Set<String>> replacedTogether = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              Set<String> gone = new HashSet<>();
              for (String name : earlier) {
                if (pod(name).get("status").asString().equals("deleted")) {
                  gone.add(name);
                }
              }
              replacedTogether.add(gone);
              assertThat(gone).containsExactlyInAnyOrderElementsOf(earlier);
            });
    // Never both at once: the second went only after the first one's replacement turned ready.
    assertThat(replacedTogether).anySatisfy(gone -> assertThat(gone).hasSize(1));
    for (String name : earlier) {
      assertThat(
              StreamSupport.stream(pod(name).get("timeline").spliterator(), false)
                  .filter(e -> e.get("action").asString().equals("REPLACED"))
                  .map(e -> e.get("message").asString()))
          .singleElement()
          .asString()
          .startsWith(JupyterPoolKeeper.OUTDATED);
    }
    List<JsonNode> fresh = awaitFullPool();
    assertThat(fresh)
        .extracting(p -> p.get("pod_name").asString())
        .doesNotContainAnyElementsOf(earlier);
    for (JsonNode pod : fresh) {
      assertThat(deployment(pod.get("pod_name").asString()).getMetadata().getAnnotations())
          .doesNotContainEntry(ResourceNames.SPEC_HASH_ANNOTATION, "earlier");
      assertThat(actions(pod)).doesNotContain("REPLACED", "FAILED");
    }
  }

  /**
   * A pod attached to a new consumer, ready, and in use all along: not reaped (max-idle is seconds
   * here) while the keeper works.
   */
  private String readyAndInUse(String consumerPrefix) {
    String name = attach(unique(consumerPrefix));
    awaitPod(name, "ready");
    sandbox.jupyterServers().setKernels(name, List.of(new KernelState("busy", Instant.now())));
    return name;
  }

  /** The NetworkPolicies of the sandbox's namespace, as the mock API server has them. */
  private NonNamespaceOperation<NetworkPolicy, NetworkPolicyList, Resource<NetworkPolicy>>
      networkPolicies() {
    return sandbox
        .kubernetes()
        .client()
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(MockKubernetesApi.NAMESPACE);
  }

  private NetworkPolicy networkPolicy(String name) {
    return networkPolicies().withName(name).get();
  }

  /**
   * After Kubernetes replaced the pod of {@code name}: its new pod turns ready, and for the
   * keeper's passes (every 500 ms here) that follow, the Jupyter pod is neither failed nor
   * replaced, and ends ready on its first generation.
   */
  private void awaitReplacedByKubernetesOnly(String name, String goneUid) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(sandbox.deployments().podsOf("ray", name))
                    .filteredOn(p -> !p.getMetadata().getUid().equals(goneUid))
                    .anySatisfy(
                        p ->
                            assertThat(p.getStatus().getConditions())
                                .anyMatch(
                                    c ->
                                        "Ready".equals(c.getType())
                                            && "True".equals(c.getStatus()))));
    // Not replaced as failed, so no failure counted against the target for it either (the
    // target's streak is not compared: other pods of the shared pool may fail meanwhile).
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode pod = pod(name);
              assertThat(pod.get("restarts").asInt()).isZero();
              assertThat(actions(pod)).doesNotContain("FAILED", "REPLACED", "RESTARTED");
            });
    awaitPod(name, "ready");
  }

  @Test
  void aPodKubernetesReplacesIsWaitedForNotFailedAndReplacedAgain() {
    String name = readyAndInUse("evicted");
    Pod first = sandbox.deployments().podsOf("ray", name).get(0);
    // A drain: the pod is deleted and its ReplicaSet makes another (the simulator at once).
    sandbox
        .kubernetes()
        .client()
        .pods()
        .inNamespace(MockKubernetesApi.NAMESPACE)
        .withName(first.getMetadata().getName())
        .delete();
    awaitReplacedByKubernetesOnly(name, first.getMetadata().getUid());
  }

  @Test
  void anEvictedPodIsWaitedForNotFailedAndReplacedAgain() {
    String name = readyAndInUse("evicted-pressure");
    String uid = sandbox.deployments().podsOf("ray", name).get(0).getMetadata().getUid();
    // Node pressure: the kubelet leaves the pod Failed, reason Evicted; its ReplicaSet makes
    // another.
    String first = sandbox.deployments().evictPod("ray", name);
    assertThat(sandbox.deployments().podsOf("ray", name))
        .extracting(p -> p.getMetadata().getName())
        .contains(first);
    awaitReplacedByKubernetesOnly(name, uid);
  }

  @Test
  void aFreePodWhosePodFailedIsDeletedAndThePoolRefilled() {
    String name = awaitFullPool().get(0).get("pod_name").asString();
    sandbox.deployments().failPod("ray", name);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(pod(name).get("status").asString()).isEqualTo("deleted"));
    assertThat(actions(pod(name))).contains("FAILED", "REPLACED");
    assertThat(awaitFullPool().stream().map(p -> p.get("pod_name").asString()).toList())
        .doesNotContain(name);
  }

  /**
   * As with a broken image: every new pod fails as it starts. The keeper used to replace the pool's
   * pods at every pass (half a second here), making pods as fast as they failed. Each pass in a row
   * that replaces failed pods now makes the target wait longer (1 s, doubled, at most 8 s here)
   * before it makes another, and a pod that stays ready ends it.
   */
  @Test
  void aPoolWhosePodsKeepFailingWaitsLongerAfterEachFailure() throws Exception {
    List<String> ready = awaitFullPool().stream().map(p -> p.get("pod_name").asString()).toList();
    long since = lastEventId();
    sandbox.deployments().failNewPods(true);
    try {
      ready.forEach(name -> sandbox.deployments().failPod("ray", name));
      // Three passes in a row have replaced failed pods (waits of 1 s, 2 s, then 4 s): the two
      // failed first, then at most two rounds of two new ones (fewer when a round's failures are
      // seen by two passes).
      PoolStreak streak =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(this::poolStreak, seen -> seen.failedInARow() >= 3);
      long seenAt = System.nanoTime();
      assertThat(createdForThePoolSince(since))
          .as("pods made for the pool while they failed")
          .isBetween(1, 4);
      Duration wait = streak.waitFromLastFailure();
      assertThat(wait)
          .as("the wait after the third failure in a row")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
      // No pass made one within the wait that began at the last failure seen. Judged from the
      // events' own times once the wait is over (and the last pass in it has committed), not from
      // this thread's clock: a loaded machine may run this thread late.
      Duration sinceSeen = Duration.ofNanos(System.nanoTime() - seenAt);
      Thread.sleep(Math.max(0, wait.minus(sinceSeen).plusSeconds(1).toMillis()));
      assertThat(createdForThePoolBetween(since, streak.lastFailedAt(), streak.waitUntil()))
          .as("pods made for the pool while it waited")
          .isZero();
    } finally {
      sandbox.deployments().failNewPods(false);
    }
    // The wait over, the pool is full again, and its ready pods start the count again once they
    // have stayed ready for healthy-after (4 s here).
    awaitFullPool();
    await().atMost(Duration.ofSeconds(10)).until(() -> poolFailures() == 0);
  }

  /**
   * A consumer's pod whose server fails and never comes back (a broken image): it used to be
   * restarted for good, each restart counted as use, so it was never idle long enough to be reaped.
   * Past max-idle (4 s here) with nobody using it, it is reaped and its consumer released.
   */
  @Test
  void anAttachedPodWhoseServerNeverComesBackIsReapedOnceIdle() {
    String consumer = unique("never-back");
    String name = attach(consumer);
    awaitPod(name, "ready");
    sandbox.deployments().failNewPods(true);
    try {
      sandbox.deployments().failPod("ray", name);
      await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(() -> assertThat(pod(name).get("status").asString()).isEqualTo("deleted"));
    } finally {
      sandbox.deployments().failNewPods(false);
    }
    JsonNode reaped = pod(name);
    assertThat(actions(reaped)).contains("FAILED", "REAPED");
    assertThat(reaped.get("consumer_id").isNull()).isTrue();
    assertThat(
            StreamSupport.stream(reaped.get("timeline").spliterator(), false)
                .filter(e -> e.get("action").asString().equals("REAPED"))
                .map(e -> e.get("message").asString()))
        .singleElement()
        .asString()
        .startsWith("Idle since")
        .contains("its server down");
    // Its consumer gets a new pod on its next attach.
    assertThat(attach(consumer)).isNotEqualTo(name);
    // The pool's own pods, failed meanwhile, are made again.
    awaitFullPool();
  }

  /**
   * A consumer's server that crashes a second after each start, and nobody uses: each fresh server
   * reports its own start as its last activity, which used to renew the pod's idle time at every
   * replacement, so it was restarted for good. Its start is not use: it is reaped once idle (4 s
   * here). The target's wait is cleared at each round, as it would be if other pods stayed healthy.
   */
  @Test
  void anAttachedPodWhoseServerCrashesAfterEachStartIsReapedOnceIdle() {
    String consumer = unique("crash-loop");
    String name = attach(consumer);
    try {
      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                JsonNode pod = pod(name);
                String status = pod.get("status").asString();
                if (status.equals("ready")
                    && Duration.between(
                                Instant.parse(pod.get("ready_at").asString()), Instant.now())
                            .compareTo(Duration.ofMillis(1200))
                        > 0) {
                  // Probed twice or more while it ran (reap-interval 500 ms); now it crashes.
                  setPoolWait("NULL", 0);
                  sandbox.deployments().failPod("ray", name);
                }
                return status.equals("deleted");
              });
    } finally {
      setPoolWait("NULL", 0);
    }
    JsonNode reaped = pod(name);
    assertThat(actions(reaped)).contains("REAPED");
    assertThat(reaped.get("consumer_id").isNull()).isTrue();
  }

  /**
   * As with a server that crashes soon after it starts: every new pod turns ready, then fails. Its
   * turning ready used to end the target's streak, so the wait never grew past the first step; the
   * streak now ends only once a pod has stayed ready for healthy-after (4 s here).
   */
  @Test
  void podsThatFailSoonAfterTurningReadyStillMakeTheirTargetWaitLonger() throws Exception {
    for (int round = 1; round <= 3; round++) {
      List<String> ready = awaitFullPool().stream().map(p -> p.get("pod_name").asString()).toList();
      ready.forEach(name -> sandbox.deployments().failPod("ray", name));
      int failures = round;
      await()
          .alias("the streak after round " + round)
          .atMost(Duration.ofSeconds(20))
          .until(() -> poolFailures() >= failures);
    }
    // Pods that stay ready end it.
    awaitFullPool();
    await().atMost(Duration.ofSeconds(10)).until(() -> poolFailures() == 0);
  }

  /**
   * An attached pod that failed while its target waits out its backoff is left as it is (not
   * restarted), but its objects are still kept: a NetworkPolicy deleted meanwhile is written again
   * rather than leave its token-less server open to every pod until the wait ends.
   */
  @Test
  void aFailedAttachedPodWaitingOutItsBackoffStillGetsItsPolicyBack() throws Exception {
    String name = readyAndInUse("np-waiting");
    String policy = JupyterPodRenderer.networkPolicyName(name);
    // The pool full again first: a pool pod becoming ready would end the wait.
    awaitFullPool();
    // The scheduled passes skip from now on, so none begun before the wait was set (which would
    // not know of it) restarts the pod: this test runs the passes.
    SimpleLock held = ScheduledJobLock.hold(locks, "jupyter-pool");
    try {
      setPoolWait("UTC_TIMESTAMP(6) + INTERVAL 10 MINUTE", 3);
      sandbox.deployments().failPod("ray", name);
      awaitPod(name, "failed");
      keeper.keepOnce();
      assertThat(networkPolicy(policy)).isNotNull();
      networkPolicies().withName(policy).delete();

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                keeper.keepOnce();
                assertThat(networkPolicy(policy)).isNotNull();
              });
      assertThat(pod(name).get("status").asString()).isEqualTo("failed");
      assertThat(actions(pod(name))).doesNotContain("RESTARTED", "REPLACED");
    } finally {
      setPoolWait("NULL", 0);
      held.unlock();
    }
  }

  /**
   * A broken image fixed by a new deployment of the control plane: the streak is of pods of other
   * settings than this replica makes, so the target does not wait for it, and the same pass makes
   * the pod the pool lacks, rather than when the backoff runs out (10 minutes at most). A streak of
   * pods of these settings holds it back.
   */
  @Test
  void aStreakOfPodsOfOtherSettingsDoesNotHoldBackThePodsOfThese() {
    String name = awaitFullPool().get(0).get("pod_name").asString();
    SimpleLock held = ScheduledJobLock.hold(locks, "jupyter-pool");
    try {
      setPoolWait("UTC_TIMESTAMP(6) + INTERVAL 10 MINUTE", 3);
      setStreakSettings(deployer.podSettings("sandbox"));
      success(api.delete("/jupyter/pods/" + name, ADMIN)); // the pool lacks one now
      long since = lastEventId();
      keeper.keepOnce();
      assertThat(createdForThePoolSince(since)).as("made while the streak is of these").isZero();

      setStreakSettings("0123456789abcdef"); // the image since replaced
      keeper.keepOnce();
      assertThat(createdForThePoolSince(since)).isOne();
      // The streak stands (a replica still making those pods waits); it ends as any does.
      assertThat(poolFailures()).isEqualTo(3);
    } finally {
      setPoolWait("NULL", 0);
      setStreakSettings(null);
      held.unlock();
    }
    awaitFullPool();
  }

  private void setStreakSettings(String fingerprint) {
    jdbc.update(
        "UPDATE jupyter_pools SET failed_pod_settings = ? WHERE cloud_env = 'sandbox'",
        fingerprint);
  }

  /** Sets the sandbox target's failure streak, as if its last failure were now. */
  private void setPoolWait(String until, int failedInARow) {
    jdbc.update(
        "UPDATE jupyter_pools SET failed_in_a_row = ?, wait_until = "
            + until
            + ", last_failed_at = "
            + (failedInARow > 0 ? "UTC_TIMESTAMP(3)" : "NULL")
            + " WHERE cloud_env = 'sandbox'",
        failedInARow);
  }

  private int createdForThePoolSince(long since) {
    return countEvents("CREATED_FOR_POOL", since);
  }

  private long lastEventId() {
    return jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM jupyter_pod_events", Long.class);
  }

  /** The events of the sandbox target's pods with this action after the event {@code since}. */
  private int countEvents(String action, long since) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM jupyter_pod_events e JOIN jupyter_pods p ON p.name = e.pod_name"
            + " WHERE p.cloud_env = 'sandbox' AND e.action = ? AND e.id > ?",
        Integer.class,
        action,
        since);
  }

  /** The sandbox target's failure streak: its length, its last failure, the end of its wait. */
  private record PoolStreak(int failedInARow, Timestamp lastFailedAt, Timestamp waitUntil) {
    Duration waitFromLastFailure() {
      return Duration.between(lastFailedAt.toInstant(), waitUntil.toInstant());
    }
  }

  private PoolStreak poolStreak() {
    return jdbc.queryForObject(
        "SELECT failed_in_a_row, last_failed_at, wait_until FROM jupyter_pools"
            + " WHERE cloud_env = 'sandbox'",
        (rs, row) ->
            new PoolStreak(
                rs.getInt("failed_in_a_row"),
                rs.getTimestamp("last_failed_at"),
                rs.getTimestamp("wait_until")));
  }

  /** Pods made for the sandbox pool after the event {@code since}, strictly between two times. */
  private int createdForThePoolBetween(long since, Timestamp after, Timestamp before) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM jupyter_pod_events e JOIN jupyter_pods p ON p.name = e.pod_name"
            + " WHERE p.cloud_env = 'sandbox' AND e.action = 'CREATED_FOR_POOL' AND e.id > ?"
            + " AND e.at > ? AND e.at < ?",
        Integer.class,
        since,
        after,
        before);
  }

  private int poolFailures() {
    return jdbc.queryForObject(
        "SELECT failed_in_a_row FROM jupyter_pools WHERE cloud_env = 'sandbox'", Integer.class);
  }

  @Test
  void restartRecreatesTheServerForWhoeverMayRestartIt() {
    awaitFullPool();
    String consumer = unique("restart");
    String name = attach(consumer);
    awaitPod(name, "ready");
    String link = pod(name).get("jupyterLink").asString();
    String k8sPod = sandbox.jupyterServers().podOf(name);
    String body =
        "{\"jupyter_path\": \"http://"
            + name
            + "-kuberay-head-svc.ray.svc.cluster.local:8888\", \"release_name\": \""
            + name
            + "\"}";

    assertError(api.post("/jupyter/restart", body, Api.as("bob@example.com")), 403);

    JsonNode restarted = success(api.post("/jupyter/restart", body, WORKSPACE)).get("jupyterLink");
    assertThat(restarted.get("JupyterLink").asString()).isEqualTo(link);
    assertThat(restarted.get("Err").isNull()).isTrue();
    assertThat(restarted.get("Message").asString()).contains("restarting");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode pod = pod(name);
              assertThat(pod.get("restarts").asInt()).isEqualTo(1);
              assertThat(pod.get("status").asString()).isEqualTo("ready");
              assertThat(sandbox.jupyterServers().podOf(name)).isNotEqualTo(k8sPod);
            });
    assertThat(actions(pod(name))).contains("RESTARTED");

    // The user who attached it (here through the delegate) may restart it too, on its target.
    assertError(
        api.post(
            "/jupyter/restart",
            "{\"release_name\": \"" + name + "\", \"cloud_env\": \"sandbox-east\"}",
            WORKSPACE),
        400);
    assertError(
        api.post("/jupyter/restart", "{\"release_name\": \"jup-0000000000000000\"}", WORKSPACE),
        404);

    // Attached by the workspace service for alice: alice's to restart, not bob's.
    String alices =
        success(
                api.send(
                    "POST",
                    "/jupyter-pod",
                    "{\"consumer_id\": \"" + unique("restart-alice") + "\"}",
                    WORKSPACE,
                    "on-behalf-of",
                    "alice@example.com"))
            .get("pod_name")
            .asString();
    String alicesBody = "{\"release_name\": \"" + alices + "\"}";
    assertError(api.post("/jupyter/restart", alicesBody, Api.as("bob@example.com")), 403);
    success(api.post("/jupyter/restart", alicesBody, Api.as("alice@example.com")));
  }

  /**
   * A consumer id is the workspace's {@code <project>-<codespace>}, easily guessed; its pod's link
   * opens the server behind the gateway. So the pod goes back only to whoever attached it (through
   * a delegate too), delegates and admins, and a refused attach changes nothing.
   */
  @Test
  void aConsumersPodGoesBackOnlyToWhoeverAttachedItDelegatesAndAdmins() {
    String consumer = unique("project-codespace");
    String body = "{\"consumer_id\": \"" + consumer + "\"}";
    String alices =
        success(
                api.send(
                    "POST", "/jupyter-pod", body, WORKSPACE, "on-behalf-of", "alice@example.com"))
            .get("pod_name")
            .asString();
    // The reaper, which writes what the server says of its activity, waits meanwhile.
    Timestamp longAgo = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
    SimpleLock reaper = ScheduledJobLock.hold(locks, "jupyter-reaper");
    try {
      jdbc.update("UPDATE jupyter_pods SET last_activity = ? WHERE name = ?", longAgo, alices);
      Api.Response refused = api.post("/jupyter-pod", body, Api.as("bob@example.com"));
      assertError(refused, 403);
      assertThat(refused.message())
          .contains("may not attach to consumer " + consumer)
          .doesNotContain(alices, "alice@example.com");
      // Not even its idle clock was started again.
      assertThat(
              jdbc.queryForObject(
                  "SELECT last_activity FROM jupyter_pods WHERE name = ?", Timestamp.class, alices))
          .isEqualTo(longAgo);
    } finally {
      // Not left idle since January for the reaper's next pass.
      jdbc.update(
          "UPDATE jupyter_pods SET last_activity = ? WHERE name = ?",
          Timestamp.from(Instant.now()),
          alices);
      reaper.unlock();
    }

    assertThat(
            success(api.post("/jupyter-pod", body, Api.as("alice@example.com")))
                .get("pod_name")
                .asString())
        .isEqualTo(alices);
    assertThat(success(api.post("/jupyter-pod", body, WORKSPACE)).get("pod_name").asString())
        .isEqualTo(alices);
    // The workspace service acting for bob gets neither alice's pod nor, for a consumer bob
    // attached first himself, a pod he can open again when it acts for alice.
    assertError(
        api.send("POST", "/jupyter-pod", body, WORKSPACE, "on-behalf-of", "bob@example.com"), 403);
    String squatted = "{\"consumer_id\": \"" + unique("project-codespace") + "\"}";
    success(api.post("/jupyter-pod", squatted, Api.as("bob@example.com")));
    assertError(
        api.send("POST", "/jupyter-pod", squatted, WORKSPACE, "on-behalf-of", "alice@example.com"),
        403);
    // One the service attached as itself is the service's to give.
    String servicesOwn = "{\"consumer_id\": \"" + unique("project-codespace") + "\"}";
    String theirs =
        success(api.post("/jupyter-pod", servicesOwn, WORKSPACE)).get("pod_name").asString();
    assertThat(
            success(
                    api.send(
                        "POST",
                        "/jupyter-pod",
                        servicesOwn,
                        WORKSPACE,
                        "on-behalf-of",
                        "alice@example.com"))
                .get("pod_name")
                .asString())
        .isEqualTo(theirs);
    assertThat(
            success(api.post("/jupyter-pod", body, Api.as("admin@example.com")))
                .get("pod_name")
                .asString())
        .isEqualTo(alices);
  }

  @Test
  void manifestsShowWhatIsAppliedWithOwnersAndNothingIsCreatedByAPreview() {
    awaitFullPool();
    String name = attach(unique("manifest"));
    awaitPod(name, "ready");
    Api.Response response =
        api.send("GET", "/jupyter/pods/" + name + "/manifest", null, "Accept", "application/json");
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    List<JsonNode> objects = StreamSupport.stream(response.data().spliterator(), false).toList();
    assertThat(objects.stream().map(o -> o.get("kind").asString()))
        .containsExactly("Deployment", "Service", "NetworkPolicy");
    String uid = deployment(name).getMetadata().getUid();
    for (JsonNode owned : objects.subList(1, 3)) {
      assertThat(owned.at("/metadata/ownerReferences/0/uid").asString()).isEqualTo(uid);
    }
    var service =
        sandbox
            .kubernetes()
            .client()
            .services()
            .inNamespace("ray")
            .withName(name + "-kuberay-head-svc")
            .get();
    assertThat(service.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(uid);
    assertThat(networkPolicies().withName(name + "-jupyter-access").get()).isNotNull();

    // The keeper also closes the Jupyter port of the clusters' head pods to all but the peers.
    var headPolicy = networkPolicies().withName("darwin-head-jupyter-access").get();
    assertThat(headPolicy).isNotNull();
    // Each cluster is isolated by its own policy (compute.cluster-network.isolation), so this one
    // opens nothing to everyone: it admits the peers to Jupyter's port only.
    assertThat(headPolicy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom()).isNotEmpty();
              assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8888);
            });

    Api.Response preview = api.send("GET", "/jupyter/manifest", null, "Accept", "application/json");
    assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
    assertThat(preview.data().get(0).at("/metadata/name").asString())
        .isEqualTo("jup-preview000000000");
    assertThat(live().stream().map(p -> p.get("pod_name").asString()))
        .doesNotContain("jup-preview000000000");
    assertThat(deployments().withName("jup-preview000000000").get()).isNull();
  }

  @Test
  void badInputIsA4xxInTheEnvelopeAndMakesNoPod() {
    String odd = unique("never");
    for (String body :
        List.of(
            "{}",
            "{\"consumer_id\": \"\"}",
            "{\"consumer_id\": \"a b\"}",
            "{\"consumer_id\": \"../" + odd + "\"}",
            "{\"consumer_id\": \"" + odd + "\\u0000\"}",
            "{\"consumer_id\": \"" + "x".repeat(200) + "\"}",
            "{\"consumer_id\": [\"" + odd + "\"]}",
            "{\"consumer_id\": null}",
            "not json")) {
      Api.Response response = api.post("/jupyter-pod", body, WORKSPACE);
      assertError(response, 400);
    }
    JsonNode missing = api.post("/jupyter-pod", "{}", WORKSPACE).data();
    assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("consumer_id");
    assertError(
        api.post("/jupyter-pod", "{\"consumer_id\": \"" + odd + "\"}", Api.NO_IDENTITY), 401);
    for (JsonNode pod : live()) {
      assertThat(pod.get("consumer_id").asString("")).doesNotContain(odd);
    }

    assertError(api.get("/jupyter/path/jup-doesnotexist0000"), 404);
    assertError(api.get("/jupyter/path/nope"), 400);
    assertError(api.get("/jupyter/pods/jup-doesnotexist0000"), 404);
    assertError(api.post("/jupyter/restart", "{}", WORKSPACE), 400);
    assertError(
        api.post("/jupyter/restart", "{\"release_name\": \"x; rm -rf /\"}", WORKSPACE), 400);
    assertError(api.get("/jupyter/pods"), 403);
    assertError(api.delete("/jupyter/pods/jup-doesnotexist0000", Api.USER), 403);
    assertError(api.delete("/jupyter/pods/jup-doesnotexist0000", ADMIN), 404);
  }

  @Test
  void operatorsListAndDeletePods() {
    awaitFullPool();
    String consumer = unique("op");
    String name = attach(consumer);
    assertThat(live().stream().map(p -> p.get("pod_name").asString())).contains(name);
    JsonNode deleted = success(api.delete("/jupyter/pods/" + name, ADMIN));
    assertThat(deleted.get("status").asString()).isEqualTo("deleted");
    assertThat(live().stream().map(p -> p.get("pod_name").asString())).doesNotContain(name);
    JsonNode all = success(api.get("/jupyter/pods?deleted=true", ADMIN));
    assertThat(
            StreamSupport.stream(all.spliterator(), false).map(p -> p.get("pod_name").asString()))
        .contains(name);
    assertThat(actions(pod(name))).contains("DELETED");
    assertError(api.delete("/jupyter/pods/" + name, ADMIN), 409);
    assertThat(attach(consumer)).isNotEqualTo(name);
  }

  @Test
  void anOperatorsDeleteWhoseObjectsCannotBeRemovedYetIsStillADelete() {
    String name = attach(unique("op-fault"));
    sandbox.kubernetes().failWrites("/deployments/" + name);
    try {
      JsonNode deleted = success(api.delete("/jupyter/pods/" + name, ADMIN));
      assertThat(deleted.get("status").asString()).isEqualTo("deleted");
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    // The keeper finishes what the request could not.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(deployment(name)).isNull());
  }

  @Test
  void concurrentFirstAttachesOfOneConsumerAllGetTheSameWarmPod() throws Exception {
    for (int round = 0; round < 3; round++) {
      awaitFullPool();
      Set<String> warm =
          free().stream()
              .map(p -> p.get("pod_name").asString())
              .collect(java.util.stream.Collectors.toSet());
      String consumer = unique("twice");
      String body = "{\"consumer_id\": \"" + consumer + "\"}";
      Set<String> got = new java.util.HashSet<>();
      for (Api.Response r : Concurrently.call(4, () -> api.post("/jupyter-pod", body, WORKSPACE))) {
        got.add(success(r).get("pod_name").asString());
      }
      // One pod, taken from the pool: no cold pod made for a consumer the pool could serve.
      assertThat(got).hasSize(1);
      assertThat(warm).contains(got.iterator().next());
    }
  }

  @Test
  void anAttachWaitsForAWarmPodThatIsBusyRatherThanMakeAColdOne() throws Exception {
    List<JsonNode> warm = awaitFullPool();
    String oldest = warm.get(0).get("pod_name").asString();
    String consumer = unique("busy");
    ExecutorService caller = Executors.newSingleThreadExecutor();
    // What the reaper's probe or a status write holds while it writes a free pod's row.
    try (Connection probe = holding(oldest, warm.get(1).get("pod_name").asString())) {
      Future<Api.Response> attached = attachWaitingOn(probe, consumer, caller);
      String isolation = waitingIsolation(probe);
      probe.commit();
      // The oldest warm pod once its row is free again; not a cold pod made meanwhile.
      assertThat(success(attached.get(30, TimeUnit.SECONDS)).get("pod_name").asString())
          .isEqualTo(oldest);
      // While it waited it held no gap lock that a status write could have waited for in turn.
      assertThat(isolation).isEqualTo("READ COMMITTED");
    } finally {
      caller.shutdownNow();
    }
    assertThat(live().stream().filter(p -> consumer.equals(p.get("consumer_id").asString(null))))
        .hasSize(1);
  }

  @Test
  void aWarmPodHeldLongerThanAStatementMayWaitIsStillTheOneAttached() throws Exception {
    List<JsonNode> warm = awaitFullPool();
    String oldest = warm.get(0).get("pod_name").asString();
    String consumer = unique("held");
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (Connection holder = holding(oldest)) {
      Future<Api.Response> attached = attachWaitingOn(holder, consumer, caller);
      // Longer than the connection's socket timeout (3 s): the wait ends as a lock wait timeout or
      // a statement timeout (2 s each), and the attach is tried again, instead of losing its
      // connection and answering 503. Well short of when the attach gives up (attach-lock-wait,
      // 12 s here), as a loaded machine may run this thread late.
      Thread.sleep(3_200);
      assertThat(attached).isNotDone();
      holder.commit();
      assertThat(success(attached.get(30, TimeUnit.SECONDS)).get("pod_name").asString())
          .isEqualTo(oldest);
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void aWarmPodHeldForSecondsOnEndIsAConcurrentChangeAndNothingIsMade() throws Exception {
    List<JsonNode> warm = awaitFullPool();
    String oldest = warm.get(0).get("pod_name").asString();
    String consumer = unique("stuck");
    String body = "{\"consumer_id\": \"" + consumer + "\"}";
    try (Connection holder = holding(oldest)) {
      // Its waits ran out, 12 s in all here (a lock wait timeout is one, not a deadlock to run
      // again at once): the caller is told, as for any concurrent change.
      Api.Response refused = api.post("/jupyter-pod", body, WORKSPACE);
      assertError(refused, 409);
      assertThat(refused.data().get("code").asString()).isEqualTo("CONCURRENT_CHANGE");
      holder.commit();
    }
    // Rolled back whole: no pod names the consumer (and none was made for it).
    assertThat(live().stream().filter(p -> consumer.equals(p.get("consumer_id").asString(null))))
        .isEmpty();
    assertThat(success(api.post("/jupyter-pod", body, WORKSPACE)).get("pod_name").asString())
        .isEqualTo(oldest);
  }

  /** A connection whose open transaction holds the rows of {@code pods}, as a probe's does. */
  private Connection holding(String... pods) throws SQLException {
    Connection connection = dataSource.getConnection();
    connection.setAutoCommit(false);
    String marks = String.join(", ", java.util.Collections.nCopies(pods.length, "?"));
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT name FROM jupyter_pods WHERE name IN (" + marks + ") FOR UPDATE")) {
      for (int i = 0; i < pods.length; i++) {
        lock.setString(i + 1, pods[i]);
      }
      lock.executeQuery().close();
    }
    return connection;
  }

  /** Starts an attach and returns once it has answered or waits for a row {@code holder} holds. */
  private Future<Api.Response> attachWaitingOn(
      Connection holder, String consumer, ExecutorService caller) {
    Future<Api.Response> attached =
        caller.submit(
            () -> api.post("/jupyter-pod", "{\"consumer_id\": \"" + consumer + "\"}", WORKSPACE));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> attached.isDone() || waitingIsolation(holder) != null);
    return attached;
  }

  /**
   * The isolation level of an attach waiting for a free pod's row (its own statement, in this
   * sandbox's database: the reaper's probes wait on the same rows), or null.
   */
  private static String waitingIsolation(Connection own) throws SQLException {
    try (Statement statement = own.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT t.trx_isolation_level FROM information_schema.innodb_trx t"
                    + " JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id"
                    + " WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE()"
                    + " AND t.trx_query LIKE '%FROM jupyter_pods%ORDER BY status = %FOR UPDATE%'")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  @Test
  void concurrentRestartsAllRestartAndConcurrentDeletesAreOneDelete() throws Exception {
    awaitFullPool();
    String name = attach(unique("race"));
    String restart = "{\"release_name\": \"" + name + "\"}";
    for (Api.Response r :
        Concurrently.call(3, () -> api.post("/jupyter/restart", restart, WORKSPACE))) {
      success(r); // each retried on a fresh read when it loses the race: none is a 409
    }
    List<Api.Response> deletes =
        Concurrently.call(3, () -> api.delete("/jupyter/pods/" + name, ADMIN));
    assertThat(deletes.stream().filter(r -> r.status() == 200)).hasSize(1);
    for (Api.Response r : deletes) {
      if (r.status() != 200) {
        // The pod's own refusal (deleted already), not a lost race.
        assertError(r, 409);
        assertThat(r.message()).doesNotContain("at the same time");
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The Deployments of the sandbox's namespace, as the mock Kubernetes API has them. */
  private NonNamespaceOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>>
      deployments() {
    return sandbox.kubernetes().client().apps().deployments().inNamespace("ray");
  }

  private String attach(String consumer) {
    return success(api.post("/jupyter-pod", "{\"consumer_id\": \"" + consumer + "\"}", WORKSPACE))
        .get("pod_name")
        .asString();
  }

  private static JsonNode success(Api.Response response) {
    assertThat(response.status()).as(response.raw()).isBetween(200, 299);
    assertThat(response.body().get("status").asString()).isEqualTo("SUCCESS");
    return response.data();
  }

  private static void assertError(Api.Response response, int status) {
    assertThat(response.status()).as(response.raw()).isEqualTo(status);
    assertThat(response.body().get("status").asString()).isEqualTo("ERROR");
  }

  private JsonNode pod(String name) {
    return success(api.get("/jupyter/pods/" + name));
  }

  private void awaitPod(String name, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(pod(name).get("status").asString()).isEqualTo(status));
  }

  private List<JsonNode> live() {
    return StreamSupport.stream(success(api.get("/jupyter/pods", ADMIN)).spliterator(), false)
        .toList();
  }

  private List<JsonNode> free() {
    return live().stream()
        .filter(p -> p.get("consumer_id").isNull())
        .filter(p -> Set.of("creating", "ready").contains(p.get("status").asString()))
        .toList();
  }

  /** Waits until the pool holds its free pods, all ready; returns them oldest first. */
  private List<JsonNode> awaitFullPool() {
    List<List<JsonNode>> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<JsonNode> free = free();
              assertThat(free).hasSize(POOL);
              assertThat(free).allMatch(p -> p.get("status").asString().equals("ready"));
              seen.add(free);
            });
    return seen.get(seen.size() - 1);
  }

  private static List<String> actions(JsonNode pod) {
    return StreamSupport.stream(pod.get("timeline").spliterator(), false)
        .map(e -> e.get("action").asString())
        .toList();
  }

  /** What the Darwin proxy does with a public link: the same path, to the pod's server. */
  private String viaProxy(String link) {
    return sandbox.jupyterServers().baseUrl() + URI.create(link).getRawPath();
  }

  private static HttpResponse<String> getUrl(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
