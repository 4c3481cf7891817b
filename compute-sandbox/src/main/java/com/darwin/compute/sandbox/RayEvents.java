package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events about a RayCluster, reported by "kuberay-operator" like the real one. */
final class RayEvents {

  private static final Logger log = LoggerFactory.getLogger(RayEvents.class);
  private static final String COMPONENT = "kuberay-operator";

  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";

  private final KubernetesClient client;

  RayEvents(KubernetesClient client) {
    this.client = client;
  }

  /** Best effort, as in Kubernetes: a failed event write is logged, never thrown. */
  void record(GenericKubernetesResource rayCluster, String reason, String message, String type) {
    try {
      write(
          rayCluster.getMetadata().getNamespace(),
          rayCluster.getMetadata().getName(),
          rayCluster.getMetadata().getUid(),
          reason,
          message,
          type);
    } catch (KubernetesClientException e) {
      log.debug("[simulated KubeRay] cannot write event {}: {}", reason, e.toString());
    }
  }

  Event write(
      String namespace, String cluster, String uid, String reason, String message, String type) {
    String now = SimulatedKubelet.time(Instant.now());
    Event event =
        new EventBuilder()
            .withNewMetadata()
            // The <object>.<unique suffix> naming Kubernetes' event recorder uses.
            .withName(
                cluster + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(RayClusterCrd.API_VERSION)
            .withKind(RayClusterCrd.KIND)
            .withName(cluster)
            .withNamespace(namespace)
            .withUid(uid)
            .endInvolvedObject()
            .withReason(reason)
            .withMessage(message)
            .withType(type)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    return client.v1().events().inNamespace(namespace).resource(event).create();
  }
}
