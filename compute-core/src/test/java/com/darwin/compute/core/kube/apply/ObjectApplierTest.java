package com.darwin.compute.core.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.config.KubernetesProperties.ApplyMode;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.render.RayClusterRenderer;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.TestRenderSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind through the one applier, in update mode, against the CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class ObjectApplierTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  private KubernetesTarget target;
  private ObjectApplier applier;

  @BeforeEach
  void setUp() {
    target = new KubernetesTarget("default", client, "ray");
    applier = new ObjectApplier(ApplyMode.UPDATE, "darwin-compute");
  }

  private static GenericKubernetesResource rayCluster(String id, int maxPods) {
    return new RayClusterRenderer(TestRenderSettings.defaults())
        .render(
            TestRenderSettings.input(
                id,
                TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, maxPods))),
                "ray:2.37.0",
                "2.37.0"))
        .rayCluster();
  }

  private static GenericKubernetesResource liveRayCluster(String name) {
    return RayClusterKind.in(client).inNamespace("ray").withName(name).get();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRayClusterIsCreatedLeftAloneThenPatchedKeepingTheAutoscalersReplicas() {
    String name = "id-objapply345678a-kuberay";
    assertThat(
            applier.apply(
                target, ObjectKind.RAY_CLUSTER, rayCluster("id-objapply345678a", 3), null))
        .isEqualTo(ApplyResult.CREATED);
    int requests = server.getRequestCount();
    assertThat(
            applier.apply(
                target,
                ObjectKind.RAY_CLUSTER,
                rayCluster("id-objapply345678a", 3),
                liveRayCluster(name)))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(server.getRequestCount()).as("only the test's own read").isEqualTo(requests + 1);

    GenericKubernetesResource scaled = liveRayCluster(name);
    ((List<Map<String, Object>>)
            ((Map<String, Object>) scaled.getAdditionalProperties().get("spec"))
                .get("workerGroupSpecs"))
        .get(0)
        .put("replicas", 3);
    RayClusterKind.in(client).inNamespace("ray").resource(scaled).update();

    GenericKubernetesResource wider = rayCluster("id-objapply345678a", 5);
    assertThat(applier.apply(target, ObjectKind.RAY_CLUSTER, wider, liveRayCluster(name)))
        .isEqualTo(ApplyResult.PATCHED);
    Map<String, Object> group =
        ((List<Map<String, Object>>)
                ((Map<String, Object>) liveRayCluster(name).getAdditionalProperties().get("spec"))
                    .get("workerGroupSpecs"))
            .get(0);
    assertThat(group).containsEntry("maxReplicas", 5).containsEntry("replicas", 3);
    assertThat(ObjectHash.annotationOf(liveRayCluster(name)))
        .isEqualTo(ObjectHash.annotationOf(wider));
  }

  @Test
  void aRayClusterStampedByItsCallerIsAppliedWithThatStampAndRecognisedUnchanged() {
    String id = "id-objapply345678c";
    Map<String, String> generation = Map.of("darwin.io/restart-generation", "2");
    GenericKubernetesResource stamped =
        ObjectHash.stamp(ObjectKind.RAY_CLUSTER, rayCluster(id, 3), generation);
    String hash = ObjectHash.annotationOf(stamped);

    var created = applier.applyStampedAndGet(target, ObjectKind.RAY_CLUSTER, stamped, null);
    assertThat(created.result()).isEqualTo(ApplyResult.CREATED);
    // The stamp sent is the caller's, equal to a full stamp of a fresh render.
    assertThat(ObjectHash.annotationOf(liveRayCluster(id + "-kuberay")))
        .isEqualTo(hash)
        .isEqualTo(
            ObjectHash.annotationOf(
                ObjectHash.stamp(ObjectKind.RAY_CLUSTER, rayCluster(id, 3), generation)));
    assertThat(liveRayCluster(id + "-kuberay").getMetadata().getAnnotations())
        .containsAllEntriesOf(generation);

    int requests = server.getRequestCount();
    GenericKubernetesResource again =
        ObjectHash.stamp(ObjectKind.RAY_CLUSTER, rayCluster(id, 3), generation);
    GenericKubernetesResource live = liveRayCluster(id + "-kuberay");
    assertThat(applier.applyStampedAndGet(target, ObjectKind.RAY_CLUSTER, again, live).result())
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(server.getRequestCount()).as("only the test's own read").isEqualTo(requests + 1);

    // One its caller did not stamp is stamped here, as apply would.
    GenericKubernetesResource unstamped = rayCluster(id, 4);
    assertThat(ObjectHash.annotationOf(unstamped)).isNull();
    assertThat(
            applier
                .applyStampedAndGet(
                    target, ObjectKind.RAY_CLUSTER, unstamped, liveRayCluster(id + "-kuberay"))
                .result())
        .isEqualTo(ApplyResult.PATCHED);
    assertThat(ObjectHash.annotationOf(liveRayCluster(id + "-kuberay")))
        .isEqualTo(
            ObjectHash.annotationOf(
                ObjectHash.stamp(ObjectKind.RAY_CLUSTER, rayCluster(id, 4), Map.of())))
        .isNotEqualTo(hash);
  }

  @Test
  void aStaleCacheThatMissedOurCreateComparesWithTheRealObjectInsteadOfFailing() {
    GenericKubernetesResource first = rayCluster("id-objstale45678ab", 3);
    assertThat(applier.apply(target, ObjectKind.RAY_CLUSTER, first, null))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(
            applier.apply(
                target, ObjectKind.RAY_CLUSTER, rayCluster("id-objstale45678ab", 3), null))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(
            applier.apply(
                target, ObjectKind.RAY_CLUSTER, rayCluster("id-objstale45678ab", 4), null))
        .isEqualTo(ApplyResult.PATCHED);
  }

  private static ConfigMap configMap(String value) {
    return configMap("scripts", value);
  }

  @Test
  void anUncachedObjectIsWrittenOnceThenOnlyWhenItChangesOrIsRechecked() {
    assertThat(applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("a"), false))
        .isEqualTo(ApplyResult.CREATED);
    int requests = server.getRequestCount();
    assertThat(applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("a"), false))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(server.getRequestCount()).as("remembered: no request").isEqualTo(requests);

    assertThat(applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("b"), false))
        .isEqualTo(ApplyResult.PATCHED);
    assertThat(client.configMaps().inNamespace("ray").withName("scripts").get().getData())
        .containsEntry("init.sh", "b");

    // Deleted behind our back: a recheck repairs it, the memory alone would not.
    client.configMaps().inNamespace("ray").withName("scripts").delete();
    assertThat(applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("b"), false))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("b"), true))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(client.configMaps().inNamespace("ray").withName("scripts").get()).isNotNull();
  }

  @Test
  void whatItRemembersIsBoundedAndAForgottenObjectIsComparedWithTheLiveOne() {
    ObjectApplier small = new ObjectApplier(ApplyMode.UPDATE, "darwin-compute", 8);
    // As the ConfigMaps of clusters since deleted, which Kubernetes collected and no delete here
    // ever named: each used to stay in memory for good.
    for (int i = 0; i < 100; i++) {
      assertThat(
              small.applyUncached(
                  target, ObjectKind.CONFIG_MAP, configMap("bounded-" + i, "v"), false))
          .isEqualTo(ApplyResult.CREATED);
    }
    assertThat(small.remembered()).isLessThanOrEqualTo(8);

    // Forgotten or not, an object applied again as it is stays as it is; a remembered one costs
    // no request, a forgotten one is created (409) and read to be compared.
    int free = 0;
    for (int i = 0; i < 100; i++) {
      int before = server.getRequestCount();
      assertThat(
              small.applyUncached(
                  target, ObjectKind.CONFIG_MAP, configMap("bounded-" + i, "v"), false))
          .as("bounded-" + i)
          .isEqualTo(ApplyResult.UNCHANGED);
      int requests = server.getRequestCount() - before;
      if (requests == 0) {
        free++;
      } else {
        assertThat(requests).as("bounded-" + i + " forgotten").isGreaterThanOrEqualTo(2);
      }
    }
    // (Those it remembers may be forgotten by the time they come: each forgotten one put back.)
    assertThat(free).as("remembered ones").isLessThanOrEqualTo(8);
    assertThat(
            small.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("bounded-0", "w"), false))
        .isEqualTo(ApplyResult.PATCHED);
    assertThat(liveConfigMap("bounded-0").getData()).containsEntry("init.sh", "w");
  }

  @Test
  void anUncachedObjectAppliedAndGotIsAnsweredAsTheApiServerHasIt() {
    ObjectApplier.Written<ConfigMap> created =
        applier.applyUncachedAndGet(target, ObjectKind.CONFIG_MAP, configMap("got-scripts", "got"));
    assertThat(created.result()).isEqualTo(ApplyResult.CREATED);
    String uid =
        client.configMaps().inNamespace("ray").withName("got-scripts").get().getMetadata().getUid();
    assertThat(created.object().getMetadata().getUid()).isNotNull().isEqualTo(uid);

    // Always read first: unchanged, it is still answered (with its uid) rather than nothing.
    ObjectApplier.Written<ConfigMap> again =
        applier.applyUncachedAndGet(target, ObjectKind.CONFIG_MAP, configMap("got-scripts", "got"));
    assertThat(again.result()).isEqualTo(ApplyResult.UNCHANGED);
    assertThat(again.object().getMetadata().getUid()).isEqualTo(uid);

    client.configMaps().inNamespace("ray").withName("got-scripts").delete();
    ObjectApplier.Written<ConfigMap> recreated =
        applier.applyUncachedAndGet(target, ObjectKind.CONFIG_MAP, configMap("got-scripts", "got"));
    assertThat(recreated.result()).isEqualTo(ApplyResult.CREATED);
    assertThat(recreated.object().getMetadata().getUid()).isNotEqualTo(uid);
  }

  @Test
  void aRewriteRestoresContentChangedByHandUnderAnUnchangedHash() {
    assertThat(
            applier.applyUncached(
                target, ObjectKind.CONFIG_MAP, configMap("rewritten-scripts", "mine"), false))
        .isEqualTo(ApplyResult.CREATED);
    ConfigMap live = client.configMaps().inNamespace("ray").withName("rewritten-scripts").get();
    live.getData().put("init.sh", "edited by hand");
    client.configMaps().inNamespace("ray").resource(live).update();
    // The hash annotation is as applied, so a comparison of hashes sees nothing to write.
    assertThat(
            applier.applyUncached(
                target, ObjectKind.CONFIG_MAP, configMap("rewritten-scripts", "mine"), true))
        .isEqualTo(ApplyResult.UNCHANGED);

    assertThat(
            applier.rewrite(target, ObjectKind.CONFIG_MAP, configMap("rewritten-scripts", "mine")))
        .isEqualTo(ApplyResult.PATCHED);
    assertThat(client.configMaps().inNamespace("ray").withName("rewritten-scripts").get().getData())
        .containsEntry("init.sh", "mine");
  }

  @Test
  void aLabelRemovedByHandUnderAnUnchangedHashIsWrittenAgainAndOneAddedByOthersWritesNothing() {
    assertThat(
            applier.applyUncached(
                target, ObjectKind.CONFIG_MAP, configMap("labelled-scripts", "x"), false))
        .isEqualTo(ApplyResult.CREATED);
    ConfigMap added = liveConfigMap("labelled-scripts");
    added.getMetadata().getLabels().put("team", "theirs");
    client.configMaps().inNamespace("ray").resource(added).update();
    // A label someone else added: nothing to write.
    assertThat(
            applier.applyUncached(
                target, ObjectKind.CONFIG_MAP, configMap("labelled-scripts", "x"), true))
        .isEqualTo(ApplyResult.UNCHANGED);

    ConfigMap stripped = liveConfigMap("labelled-scripts");
    stripped.getMetadata().getLabels().remove("app");
    client.configMaps().inNamespace("ray").resource(stripped).update();
    // Ours removed, the hash annotation left as applied: written again.
    assertThat(
            applier.applyUncached(
                target, ObjectKind.CONFIG_MAP, configMap("labelled-scripts", "x"), true))
        .isEqualTo(ApplyResult.PATCHED);
    assertThat(liveConfigMap("labelled-scripts").getMetadata().getLabels())
        .containsEntry("app", "x");
  }

  @Test
  void aClaimIsCreatedButNeverUpdated() {
    PersistentVolumeClaim claim = claim("10Gi");
    assertThat(applier.applyUncached(target, ObjectKind.PERSISTENT_VOLUME_CLAIM, claim, false))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(
            applier.applyUncached(target, ObjectKind.PERSISTENT_VOLUME_CLAIM, claim("20Gi"), true))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace("ray")
                .withName("workspace")
                .get()
                .getSpec()
                .getResources()
                .getRequests())
        .containsEntry("storage", new Quantity("10Gi"));
  }

  private static PersistentVolumeClaim claim(String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("workspace")
        .withNamespace("ray")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteMany")
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  @Test
  void aServiceKeepsItsAssignedClusterIpAcrossAnUpdate() {
    assertThat(applier.applyUncached(target, ObjectKind.SERVICE, service(8888), false))
        .isEqualTo(ApplyResult.CREATED);
    Service live = client.services().inNamespace("ray").withName("jupyter").get();
    live.getSpec().setClusterIP("10.0.0.7");
    client.services().inNamespace("ray").resource(live).update();

    assertThat(applier.applyUncached(target, ObjectKind.SERVICE, service(9999), false))
        .isEqualTo(ApplyResult.PATCHED);
    Service after = client.services().inNamespace("ray").withName("jupyter").get();
    assertThat(after.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
    assertThat(after.getSpec().getPorts().get(0).getPort()).isEqualTo(9999);
  }

  private static Service service(int port) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("jupyter")
        .withNamespace("ray")
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of("app", "jupyter"))
        .addNewPort()
        .withPort(port)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void aDeploymentIsAppliedThenDeletedOnce() {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("jupyter")
            .withNamespace("ray")
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .addToMatchLabels("app", "jupyter")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "jupyter")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("jupyter")
            .withImage("jupyter:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(applier.applyUncached(target, ObjectKind.DEPLOYMENT, deployment, false))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(applier.delete(target, ObjectKind.DEPLOYMENT, "ray", "jupyter"))
        .isEqualTo(ApplyResult.DELETED);
    assertThat(applier.delete(target, ObjectKind.DEPLOYMENT, "ray", "jupyter"))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(client.apps().deployments().inNamespace("ray").withName("jupyter").get()).isNull();
    // Forgotten on delete: applying again creates it again.
    assertThat(applier.applyUncached(target, ObjectKind.DEPLOYMENT, deployment, false))
        .isEqualTo(ApplyResult.CREATED);
  }

  private static void finalizers(String configMap, List<String> finalizers) {
    client
        .configMaps()
        .inNamespace("ray")
        .withName(configMap)
        .edit(
            c -> {
              c.getMetadata().setFinalizers(finalizers);
              return c;
            });
  }

  @Test
  void anObjectOnItsWayOutIsNotRememberedAsAppliedSoItIsMadeAgainOnceGone() {
    assertThat(
            applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("leaving", "v1"), false))
        .isEqualTo(ApplyResult.CREATED);
    // A stop's delete that a finalizer holds back: the object lingers, terminating, with our
    // content, as a start made right after the stop finds it.
    finalizers("leaving", List.of("example.com/hold"));
    client.configMaps().inNamespace("ray").withName("leaving").delete();
    assertThat(liveConfigMap("leaving").getMetadata().getDeletionTimestamp()).isNotNull();

    // Not written (it would not stay), nor remembered as applied, even with other content.
    int requests = server.getRequestCount();
    assertThat(
            applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("leaving", "v2"), true))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(server.getRequestCount()).as("the read only").isEqualTo(requests + 1);
    assertThat(applier.isApplied(target, ObjectKind.CONFIG_MAP, configMap("leaving", "v1")))
        .isFalse();
    assertThat(applier.isApplied(target, ObjectKind.CONFIG_MAP, configMap("leaving", "v2")))
        .isFalse();

    // The finalizer done, it is gone: the next apply, with no recheck, makes it again.
    finalizers("leaving", List.of());
    assertThat(liveConfigMap("leaving")).isNull();
    assertThat(
            applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("leaving", "v1"), false))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(liveConfigMap("leaving")).isNotNull();
  }

  @Test
  void anUpdateThatLosesARaceWithAnotherWriterReadsAgainAndWins() {
    client.configMaps().resource(configMap("raced", "v1")).create();
    AtomicInteger reads = new AtomicInteger();
    ObjectKind<ConfigMap> racedTwice = racedKind(reads, 2);

    assertThat(applier.apply(target, racedTwice, configMap("raced", "v2"), liveConfigMap("raced")))
        .isEqualTo(ApplyResult.PATCHED);

    assertThat(reads).as("one read per attempt: two lost races, then the write").hasValue(3);
    ConfigMap live = liveConfigMap("raced");
    assertThat(live.getData()).containsEntry("init.sh", "v2");
    assertThat(live.getMetadata().getAnnotations())
        .as("the other writer's change survives the replacement")
        .containsEntry("others/writes", "2");
  }

  @Test
  void anUpdateThatKeepsLosingFailsAfterABoundedNumberOfAttempts() {
    client.configMaps().resource(configMap("contended", "v1")).create();
    AtomicInteger reads = new AtomicInteger();
    ObjectKind<ConfigMap> alwaysRaced = racedKind(reads, Integer.MAX_VALUE);

    assertThatThrownBy(
            () ->
                applier.apply(
                    target, alwaysRaced, configMap("contended", "v2"), liveConfigMap("contended")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(reads).hasValue(ObjectApplier.CONFLICT_ATTEMPTS);
    assertThat(liveConfigMap("contended").getData()).containsEntry("init.sh", "v1");
  }

  @Test
  void anUpdateThatLostToAWriterOfTheSameContentWritesNothingMore() {
    client.configMaps().resource(configMap("same", "v1")).create();
    ConfigMap desired = configMap("same", "v2");
    ObjectHash.stamp(ObjectKind.CONFIG_MAP, desired, Map.of());
    AtomicInteger reads = new AtomicInteger();
    // Another replica applies the same content between this one's read and its write.
    ObjectKind<ConfigMap> racedBySameContent =
        configMapKindCarryingOver(
            (desiredMap, live) -> {
              if (reads.incrementAndGet() == 1) {
                client.configMaps().resource(configMap("same", "v2")).update();
                client
                    .configMaps()
                    .inNamespace("ray")
                    .withName("same")
                    .edit(
                        cm ->
                            new ConfigMapBuilder(cm)
                                .editMetadata()
                                .addToAnnotations(
                                    ResourceNames.SPEC_HASH_ANNOTATION,
                                    ObjectHash.annotationOf(desired))
                                .endMetadata()
                                .build());
              }
            });

    assertThat(applier.apply(target, racedBySameContent, desired, liveConfigMap("same")))
        .isEqualTo(ApplyResult.UNCHANGED);

    assertThat(reads).as("no second write").hasValue(1);
    assertThat(liveConfigMap("same").getData()).containsEntry("init.sh", "v2");
  }

  /**
   * The ConfigMap kind, but another writer changes the live object between the applier's read and
   * its write, the first {@code races} times.
   */
  private static ObjectKind<ConfigMap> racedKind(AtomicInteger reads, int races) {
    return configMapKindCarryingOver(
        (desired, live) -> {
          int read = reads.incrementAndGet();
          if (read <= races) {
            String name = (String) ((Map<?, ?>) live.get("metadata")).get("name");
            client
                .configMaps()
                .inNamespace("ray")
                .withName(name)
                .edit(
                    cm ->
                        new ConfigMapBuilder(cm)
                            .editMetadata()
                            .addToAnnotations("others/writes", Integer.toString(read))
                            .endMetadata()
                            .build());
          }
        });
  }

  /** The ConfigMap kind with another carry-over: it runs between the applier's read and write. */
  private static ObjectKind<ConfigMap> configMapKindCarryingOver(
      BiConsumer<Map<String, Object>, Map<String, Object>> carryOver) {
    ObjectKind<ConfigMap> base = ObjectKind.CONFIG_MAP;
    return new ObjectKind<>(base.name(), base.operations(), base.owned(), base.policy(), carryOver);
  }

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ray")
        .withLabels(Map.of("app", "x"))
        .endMetadata()
        .withData(Map.of("init.sh", value))
        .build();
  }

  private static ConfigMap liveConfigMap(String name) {
    return client.configMaps().inNamespace("ray").withName(name).get();
  }

  @Test
  void aDeleteAtAVersionAsksTheApiServerToDeleteOnlyThatVersion() throws Exception {
    applier.applyUncached(target, ObjectKind.CONFIG_MAP, configMap("at-version", "a"), false);
    String read =
        client
            .configMaps()
            .inNamespace("ray")
            .withName("at-version")
            .get()
            .getMetadata()
            .getResourceVersion();

    assertThat(applier.deleteAt(target, ObjectKind.CONFIG_MAP, "ray", "at-version", read))
        .isEqualTo(ApplyResult.DELETED);

    // Kubernetes answers 409 to a delete whose precondition no longer holds (an object changed or
    // re-created since); the mock API server does not check it, so the request is what is looked
    // at.
    var delete = server.getLastRequest();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getPath()).endsWith("/namespaces/ray/configmaps/at-version");
    var options = Serialization.jsonMapper().readTree(delete.getBody().readUtf8());
    assertThat(options.path("preconditions").path("resourceVersion").asText()).isEqualTo(read);
    assertThat(client.configMaps().inNamespace("ray").withName("at-version").get()).isNull();
  }
}
