package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders a cluster spec into a KubeRay {@code ray.io/v1} RayCluster and the objects its pods need.
 * Pure: no client, no database, no clock; the same settings and input always give the same objects,
 * field for field and in the same order.
 */
public final class RayClusterRenderer {

  private final RenderSettings settings;

  public RayClusterRenderer(RenderSettings settings) {
    this.settings = settings;
  }

  public RenderedCluster render(RenderInput input) {
    Map<String, String> labels = ClusterLabels.of(input);
    Optional<WorkspaceVolumes> workspace = WorkspaceVolumes.of(input, settings.workspace());

    List<ConfigMap> configMaps = new ArrayList<>();
    configMaps.add(SparkConfigMap.of(input, labels));
    Optional<ConfigMap> init =
        InitScriptConfigMap.of(input, labels, settings.pods().initScriptTimeout());
    init.ifPresent(configMaps::add);

    RayPodTemplate templates =
        new RayPodTemplate(
            input, settings, labels, configHash(configMaps), workspace, init.isPresent());
    HeadGroup head = HeadGroupBuilder.build(input, templates);
    List<WorkerGroup> workers = WorkerGroupBuilder.build(input, templates);
    boolean autoscaling = WorkerGroupBuilder.autoscaling(input.spec());

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("rayVersion", input.runtime().rayVersion());
    spec.put("enableInTreeAutoscaling", autoscaling);
    if (autoscaling) {
      spec.put("autoscalerOptions", AutoscalerApiAccess.autoscalerOptions());
    }
    spec.put("headGroupSpec", head.toSpec());
    spec.put("workerGroupSpecs", workers.stream().map(WorkerGroup::toSpec).toList());

    GenericKubernetesResource rayCluster =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("ray.io/v1")
            .withKind("RayCluster")
            .withNewMetadata()
            .withName(ResourceNames.rayCluster(input.clusterId()))
            .withNamespace(input.namespace())
            .withLabels(new LinkedHashMap<>(labels))
            .endMetadata()
            .withAdditionalProperties(new LinkedHashMap<>(Map.of("spec", spec)))
            .build();

    return new RenderedCluster(
        rayCluster,
        head,
        workers,
        autoscaling,
        configMaps,
        workspace.flatMap(w -> w.claim(input.namespace())).stream().toList(),
        ClusterIsolationPolicy.of(input, labels, settings).stream().toList());
  }

  /** A hash of the ConfigMaps' names and contents (keys sorted). */
  private static String configHash(List<ConfigMap> configMaps) {
    StringBuilder text = new StringBuilder();
    for (ConfigMap cm : configMaps) {
      text.append(cm.getMetadata().getName()).append('\0');
      new TreeMap<>(cm.getData())
          .forEach((k, v) -> text.append(k).append('\0').append(v).append('\0'));
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
