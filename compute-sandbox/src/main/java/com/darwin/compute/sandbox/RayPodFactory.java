package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the pods and the head Service the way KubeRay names and labels them. Only the parts a
 * control plane can observe are reproduced: the generated {@code ray start} command, injected
 * volumes and environment are not.
 */
final class RayPodFactory {

  // The alphabet Kubernetes uses for generateName suffixes (no vowels, no look-alike digits).
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesSerialization serialization;
  private final Random random = new SecureRandom();

  RayPodFactory(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  Pod headPod(GenericKubernetesResource rayCluster, RayClusterSpecView spec) {
    String cluster = rayCluster.getMetadata().getName();
    return pod(
        rayCluster,
        spec.headTemplate(),
        KubeRay.headPodPrefix(cluster) + suffix(),
        KubeRay.headLabels(cluster));
  }

  Pod workerPod(GenericKubernetesResource rayCluster, RayClusterSpecView.WorkerGroup group) {
    String cluster = rayCluster.getMetadata().getName();
    return pod(
        rayCluster,
        group.template(),
        KubeRay.workerPodPrefix(cluster, group.name()) + suffix(),
        KubeRay.workerLabels(cluster, group.name()));
  }

  private Pod pod(
      GenericKubernetesResource rayCluster,
      Map<String, Object> template,
      String name,
      Map<String, String> rayLabels) {
    PodTemplateSpec parsed = serialization.convertValue(template, PodTemplateSpec.class);
    ObjectMeta templateMeta =
        parsed.getMetadata() == null ? new ObjectMeta() : parsed.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (templateMeta.getLabels() != null) {
      labels.putAll(templateMeta.getLabels());
    }
    labels.putAll(rayLabels); // users cannot override KubeRay's own labels
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(rayCluster.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(
                templateMeta.getAnnotations() == null
                    ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(templateMeta.getAnnotations()))
            .withOwnerReferences(ownerReference(rayCluster))
            .build();
    PodSpec spec = parsed.getSpec() == null ? new PodSpec() : parsed.getSpec();
    return new PodBuilder().withMetadata(meta).withSpec(spec).build();
  }

  /** Headless like KubeRay's default since v1.2, labelled so it is found with the cluster label. */
  Service headService(GenericKubernetesResource rayCluster, RayClusterSpecView spec) {
    String cluster = rayCluster.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(KubeRay.CLUSTER_LABEL, cluster);
    labels.put(KubeRay.NODE_TYPE_LABEL, KubeRay.HEAD);
    labels.put(KubeRay.IDENTIFIER_LABEL, cluster + "-" + KubeRay.HEAD);
    labels.put(KubeRay.APP_NAME_LABEL, KubeRay.APP_NAME);
    labels.put(KubeRay.CREATED_BY_LABEL, KubeRay.CREATED_BY);
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(KubeRay.CLUSTER_LABEL, cluster);
    selector.put(KubeRay.NODE_TYPE_LABEL, KubeRay.HEAD);
    List<ServicePort> ports = new ArrayList<>();
    headPorts(spec)
        .forEach(
            (portName, port) ->
                ports.add(
                    new ServicePortBuilder()
                        .withName(portName)
                        .withPort(port)
                        .withTargetPort(new IntOrString(port))
                        .withProtocol("TCP")
                        .build()));
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(spec.headServiceName())
        .withNamespace(rayCluster.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ownerReference(rayCluster))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(selector)
        .withPorts(ports)
        .endSpec()
        .build();
  }

  /**
   * Port name to number: the named ports of the Ray container (the first), or KubeRay's defaults
   * when it declares none; {@code metrics} is always there.
   */
  Map<String, Integer> headPorts(RayClusterSpecView spec) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    PodTemplateSpec parsed = serialization.convertValue(spec.headTemplate(), PodTemplateSpec.class);
    List<Container> containers =
        parsed.getSpec() == null || parsed.getSpec().getContainers() == null
            ? List.of()
            : parsed.getSpec().getContainers();
    if (!containers.isEmpty() && containers.get(KubeRay.RAY_CONTAINER_INDEX).getPorts() != null) {
      for (ContainerPort port : containers.get(KubeRay.RAY_CONTAINER_INDEX).getPorts()) {
        if (port.getName() != null && port.getContainerPort() != null) {
          ports.put(port.getName(), port.getContainerPort());
        }
      }
    }
    if (ports.isEmpty()) {
      ports.putAll(KubeRay.defaultPorts());
    }
    ports.putIfAbsent(KubeRay.METRICS_PORT_NAME, KubeRay.METRICS_PORT);
    return ports;
  }

  private static OwnerReference ownerReference(GenericKubernetesResource rayCluster) {
    return new OwnerReferenceBuilder()
        .withApiVersion(RayClusterCrd.API_VERSION)
        .withKind(RayClusterCrd.KIND)
        .withName(rayCluster.getMetadata().getName())
        .withUid(rayCluster.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private String suffix() {
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }
}
