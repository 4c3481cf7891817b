package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod template of the head or of one worker group. The Ray container is always first: KubeRay
 * treats {@code containers[0]} as the Ray container (it generates its {@code ray start} command and
 * builds the head Service from its named ports).
 */
final class RayPodTemplate {

  private final RenderInput input;
  private final RenderSettings settings;
  private final Map<String, String> labels;
  private final String configHash;
  private final Optional<WorkspaceVolumes> workspace;
  private final boolean initScript;

  RayPodTemplate(
      RenderInput input,
      RenderSettings settings,
      Map<String, String> labels,
      String configHash,
      Optional<WorkspaceVolumes> workspace,
      boolean initScript) {
    this.input = input;
    this.settings = settings;
    this.labels = labels;
    this.configHash = configHash;
    this.workspace = workspace;
    this.initScript = initScript;
  }

  PodTemplateSpec head(NodeShape shape) {
    return build(shape, true, workspace);
  }

  PodTemplateSpec worker(NodeShape shape) {
    return build(shape, false, workspace.filter(WorkspaceVolumes::onWorkers));
  }

  private PodTemplateSpec build(
      NodeShape shape, boolean head, Optional<WorkspaceVolumes> mountedWorkspace) {
    String workspaceDir = mountedWorkspace.map(WorkspaceVolumes::mountPath).orElse(null);
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(SparkConfigMap.volume(input.clusterId()));
    mounts.add(SparkConfigMap.mount());
    if (initScript) {
      volumes.add(InitScriptConfigMap.volume(input.clusterId()));
      mounts.add(InitScriptConfigMap.mount());
    }
    mountedWorkspace.ifPresent(
        w -> {
          volumes.add(w.volume());
          mounts.add(w.mount());
        });
    if (shape.disk() != null) {
      volumes.add(ScratchDisk.volume(shape.disk(), settings.pods().diskStorageClasses()));
      mounts.add(ScratchDisk.mount(settings.pods().diskMountPath()));
    }
    if (head && WorkerGroupBuilder.autoscaling(input.spec())) {
      volumes.add(AutoscalerApiAccess.volume()); // mounted by the autoscaler's sidecar only
    }

    PodSettings.ProbeSettings probes = settings.pods().probes();
    String rayVersion = input.runtime().rayVersion();
    ContainerBuilder ray =
        new ContainerBuilder()
            .withName(head ? ResourceNames.RAY_HEAD_CONTAINER : ResourceNames.RAY_WORKER_CONTAINER)
            .withImage(input.runtime().image())
            .withResources(PodResources.of(shape, settings.gpu().resourceName()))
            .withEnv(PodEnvironment.of(input, SparkConfigMap.MOUNT_PATH, workspaceDir))
            .withEnvFrom(PodEnvironment.fromSecrets(input))
            .withVolumeMounts(mounts)
            .withLivenessProbe(RayProbes.liveness(head, rayVersion, probes))
            .withReadinessProbe(RayProbes.readiness(head, rayVersion, probes));
    if (initScript) {
      ray.withCommand(InitScriptConfigMap.command());
    }
    if (head) {
      List<ContainerPort> ports = new ArrayList<>();
      headPorts(settings.pods().jupyter().port())
          .forEach((name, port) -> ports.add(port(name, port)));
      ray.withPorts(ports);
    }
    List<Container> containers = new ArrayList<>();
    containers.add(ray.build());
    if (head) {
      containers.add(jupyter(workspaceDir, mountedWorkspace));
    }

    NodePlacement placement = GpuScheduling.placement(shape, settings);
    List<Toleration> tolerations =
        placement.tolerations().stream().map(TolerationRule::toToleration).toList();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(new LinkedHashMap<>(labels))
        .withAnnotations(
            new LinkedHashMap<>(Map.of(ResourceNames.CONFIG_HASH_ANNOTATION, configHash)))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(
            ServiceAccounts.resolve(input.spec().advanceConfig().instanceRole(), settings.pods())
                .orElse(null))
        .withAutomountServiceAccountToken(false) // see AutoscalerApiAccess
        .withContainers(containers)
        .withImagePullSecrets(
            input.runtime().imagePullSecret() == null
                ? null
                : List.of(new LocalObjectReference(input.runtime().imagePullSecret())))
        .withVolumes(volumes)
        .withNodeSelector(
            placement.nodeSelector().isEmpty()
                ? null
                : new LinkedHashMap<>(placement.nodeSelector()))
        .withTolerations(tolerations.isEmpty() ? null : tolerations)
        .endSpec()
        .build();
  }

  /**
   * Jupyter runs in its own container of the head pod, so its readiness is seen separately from
   * Ray's (the {@code jupyter_up} status). It sees the workspace (notebooks live there) and the
   * Spark configuration, not the init script: that prepares the Ray container.
   */
  private Container jupyter(String workspaceDir, Optional<WorkspaceVolumes> mountedWorkspace) {
    PodSettings.JupyterSettings jupyter = settings.pods().jupyter();
    String basePath = input.jupyterBasePath();
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(SparkConfigMap.mount());
    mountedWorkspace.ifPresent(w -> mounts.add(w.mount()));
    String rootDir = JupyterServerCommand.rootDir(workspaceDir);
    return new ContainerBuilder()
        .withName(ResourceNames.JUPYTER_CONTAINER)
        .withImage(input.runtime().image())
        .withCommand(JupyterServerCommand.command(jupyter.port(), basePath, rootDir))
        .withWorkingDir(rootDir)
        .withResources(PodResources.fixed(jupyter.cpu(), jupyter.memory()))
        .withEnv(PodEnvironment.of(input, SparkConfigMap.MOUNT_PATH, workspaceDir))
        .withEnvFrom(PodEnvironment.fromSecrets(input))
        .withVolumeMounts(mounts)
        .withReadinessProbe(
            JupyterServerCommand.readiness(
                basePath,
                jupyter.port(),
                jupyter.readinessPeriodSeconds(),
                jupyter.readinessFailureThreshold()))
        .build();
  }

  /**
   * The head's named ports, with KubeRay's names. KubeRay builds the head Service from the Ray
   * container's named ports (its defaults only when none are named), so every port reached through
   * the Service is declared here, Jupyter's too: the Jupyter container shares the pod's network,
   * and the Darwin proxy reaches it through the head Service.
   */
  static Map<String, Integer> headPorts(int jupyterPort) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("gcs-server", RayPorts.GCS_SERVER);
    ports.put("dashboard", RayPorts.DASHBOARD);
    ports.put("client", RayPorts.CLIENT);
    ports.put("serve", RayPorts.SERVE);
    ports.put("metrics", RayPorts.METRICS);
    ports.put("jupyter", jupyterPort);
    ports.put("spark-ui", RayPorts.SPARK_UI);
    return ports;
  }

  private static ContainerPort port(String name, int number) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withProtocol("TCP")
        .build();
  }
}
