package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class InformersTest {

  static KubernetesClient client;

  private static Pod podWithManagedFields(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ray")
        .addToLabels("darwin.io/cluster-id", "id-" + name)
        .addNewManagedField()
        .withManager("kuberay-operator")
        .withOperation("Update")
        .withApiVersion("v1")
        .withFieldsType("FieldsV1")
        .withNewFieldsV1()
        .addToAdditionalProperties("f:spec", Map.of("f:containers", Map.of()))
        .endFieldsV1()
        .endManagedField()
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("ray-head")
        .withImage("rayproject/ray:2.9.0")
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void theCacheAndTheHandlersGetObjectsWithoutManagedFieldsFoundByKeyAndIndex() {
    client.pods().inNamespace("ray").resource(podWithManagedFields("head")).create();
    assertThat(
            client
                .pods()
                .inNamespace("ray")
                .withName("head")
                .get()
                .getMetadata()
                .getManagedFields())
        .as("the API server's copy keeps them")
        .isNotEmpty();
    SharedIndexInformer<Pod> informer = client.pods().inNamespace("ray").runnableInformer(0);
    informer.addIndexers(
        Map.of(
            "cluster", pod -> List.of(pod.getMetadata().getLabels().get("darwin.io/cluster-id"))));
    // Whether each object a handler got had managed fields, as it got it.
    List<Boolean> handedWithManagedFields = new CopyOnWriteArrayList<>();
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            handedWithManagedFields.add(!pod.getMetadata().getManagedFields().isEmpty());
          }

          @Override
          public void onUpdate(Pod before, Pod after) {
            handedWithManagedFields.add(!before.getMetadata().getManagedFields().isEmpty());
            handedWithManagedFields.add(!after.getMetadata().getManagedFields().isEmpty());
          }

          @Override
          public void onDelete(Pod pod, boolean unknown) {}
        });
    try {
      Informers.start(informer);
      await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
      client.pods().inNamespace("ray").resource(podWithManagedFields("worker")).create();
      client
          .pods()
          .inNamespace("ray")
          .withName("head")
          .edit(
              pod ->
                  new PodBuilder(pod)
                      .editMetadata()
                      .addToLabels("seen", "yes")
                      .endMetadata()
                      .build());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  informer.getIndexer().list().size() == 2
                      && "yes"
                          .equals(
                              informer
                                  .getIndexer()
                                  .getByKey("ray/head")
                                  .getMetadata()
                                  .getLabels()
                                  .get("seen")));

      assertThat(informer.getIndexer().list())
          .allSatisfy(pod -> assertThat(pod.getMetadata().getManagedFields()).isEmpty());
      assertThat(informer.getIndexer().byIndex("cluster", "id-worker"))
          .extracting(pod -> pod.getMetadata().getName())
          .containsExactly("worker");
      // Two adds and an update (its object before and after); handlers run after the cache.
      await().atMost(Duration.ofSeconds(10)).until(() -> handedWithManagedFields.size() >= 4);
      assertThat(handedWithManagedFields).containsOnly(false);
    } finally {
      informer.stop();
    }
  }

  @Test
  void aFailedFirstListIsRetriedWhateverTheApiServerAnswered() {
    assertThat(
            Informers.RETRY_BUT_UNREADABLE.retryAfterException(
                false, new KubernetesClientException("boom", new ConnectException("refused"))))
        .isTrue();
    assertThat(
            Informers.RETRY_BUT_UNREADABLE.retryAfterException(
                false, new KubernetesClientException("Forbidden", 403, null)))
        .isTrue();
  }

  @Test
  void aListThatCannotBeReadIsNotRetried() {
    // What fabric8 reports for an object it cannot map: a ClassCastException or Jackson's, wrapped.
    assertThat(
            Informers.RETRY_BUT_UNREADABLE.retryAfterException(
                false, new KubernetesClientException("unreadable", new ClassCastException("x"))))
        .isFalse();
  }

  @Test
  void aStartedInformerRetriesAWatchThatEndedInErrorToo() {
    assertThat(Informers.RETRY_BUT_UNREADABLE.retryAfterException(true, new IOException("reset")))
        .isTrue();
    // fabric8's default stops the informer for good here, its cache frozen.
    assertThat(
            Informers.RETRY_BUT_UNREADABLE.retryAfterException(
                true,
                new WatcherException("Forbidden", new KubernetesClientException("x", 403, null))))
        .isTrue();
    assertThat(
            Informers.RETRY_BUT_UNREADABLE.retryAfterException(
                true, new KubernetesClientException("unreadable", new ClassCastException("x"))))
        .isFalse();
  }
}
