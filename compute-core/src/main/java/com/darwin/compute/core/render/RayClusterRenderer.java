package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.RayParams;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a cluster spec into a KubeRay {@code ray.io/v1} RayCluster. Pure: no client, no database,
 * the same input always gives the same object.
 */
public final class RayClusterRenderer {

  static final int DEFAULT_OBJECT_STORE_PERCENT = 25;
  static final int JUPYTER_PORT = 8888;

  public GenericKubernetesResource render(RenderInput input) {
    ClusterRequest spec = input.spec();
    Map<String, String> labels = podLabels(input);

    Map<String, Object> rayClusterSpec = new LinkedHashMap<>();
    rayClusterSpec.put("rayVersion", input.runtime().rayVersion());
    rayClusterSpec.put("enableInTreeAutoscaling", autoscaling(spec));
    rayClusterSpec.put("headGroupSpec", headGroup(input, labels));
    rayClusterSpec.put("workerGroupSpecs", workerGroups(input, labels));

    Map<String, String> objectLabels = new LinkedHashMap<>(labels);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("ray.io/v1")
        .withKind("RayCluster")
        .withNewMetadata()
        .withName(ResourceNames.rayCluster(input.clusterId()))
        .withNamespace(input.namespace())
        .withLabels(objectLabels)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", rayClusterSpec))
        .build();
  }

  /** The Ray autoscaler runs when any group may grow beyond its minimum. */
  static boolean autoscaling(ClusterRequest spec) {
    return spec.workerNodeConfigs().stream()
        .anyMatch(w -> w.minPods() != null && w.maxPods() != null && w.minPods() < w.maxPods());
  }

  private Map<String, String> podLabels(RenderInput input) {
    Map<String, String> labels = new LinkedHashMap<>();
    input.spec().labels().forEach((k, v) -> labels.put(k, v));
    labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE);
    labels.put(ResourceNames.CLUSTER_ID_LABEL, input.clusterId());
    labels.put(ResourceNames.USER_LABEL, ResourceNames.labelValue(input.owner()));
    return labels;
  }

  private Map<String, Object> headGroup(RenderInput input, Map<String, String> labels) {
    HeadNodeConfig head = input.spec().headNodeConfig();
    int cores = head.effectiveCores();
    int memory = head.effectiveMemory();
    int gpus = head.isGpu() && head.gpuPod() != null ? head.gpuPod().gpuCount() : 0;

    Map<String, String> params = new LinkedHashMap<>();
    params.put("dashboard-host", "0.0.0.0");
    RayParams rayParams = input.spec().advanceConfig().rayParams();
    int cpusOnHead =
        rayParams != null && rayParams.cpusOnHead() != null ? rayParams.cpusOnHead() : 0;
    params.put("num-cpus", Integer.toString(cpusOnHead));
    params.put("num-gpus", Integer.toString(gpus));
    params.put(
        "object-store-memory",
        Long.toString(PodResources.objectStoreBytes(memory, objectStorePercent(input))));

    PodTemplateSpec template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(ResourceNames.RAY_HEAD_CONTAINER)
            .withImage(input.runtime().image())
            .withResources(PodResources.of(cores, memory, gpus))
            .withPorts(
                port("gcs-server", 6379),
                port("dashboard", 8265),
                port("client", 10001),
                port("serve", 8000),
                port("metrics", 8080))
            .withEnv(environment(input))
            .endContainer()
            .addToContainers(jupyterContainer(input))
            .endSpec()
            .build();

    Map<String, Object> group = new LinkedHashMap<>();
    group.put("serviceType", "ClusterIP");
    group.put("rayStartParams", params);
    group.put("template", template);
    return group;
  }

  /**
   * Jupyter runs in its own container of the head pod, so its readiness is seen separately from
   * Ray's (the {@code jupyter_up} status).
   */
  private io.fabric8.kubernetes.api.model.Container jupyterContainer(RenderInput input) {
    String basePath = input.jupyterBasePath();
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity("500m"));
    amounts.put("memory", new Quantity("1Gi"));
    return new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withName(ResourceNames.JUPYTER_CONTAINER)
        .withImage(input.runtime().image())
        .withCommand(
            "jupyter",
            "lab",
            "--ip=0.0.0.0",
            "--port=" + JUPYTER_PORT,
            "--no-browser",
            "--ServerApp.base_url=" + basePath)
        .withPorts(port("jupyter", JUPYTER_PORT))
        .withResources(
            new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build())
        .withReadinessProbe(
            new ProbeBuilder()
                .withNewHttpGet()
                .withPath(basePath + "/api/status")
                .withPort(new IntOrString(JUPYTER_PORT))
                .endHttpGet()
                .withPeriodSeconds(10)
                .withFailureThreshold(6)
                .build())
        .withEnv(environment(input))
        .build();
  }

  private List<Map<String, Object>> workerGroups(RenderInput input, Map<String, String> labels) {
    List<Map<String, Object>> groups = new ArrayList<>();
    List<WorkerNodeConfig> workers = input.spec().workerNodeConfigs();
    boolean autoscaling = autoscaling(input.spec());
    for (int i = 0; i < workers.size(); i++) {
      WorkerNodeConfig worker = workers.get(i);
      int cores = worker.effectiveCores();
      int memory = worker.effectiveMemory();
      int gpus = worker.isGpu() && worker.gpuPod() != null ? worker.gpuPod().gpuCount() : 0;

      Map<String, String> params = new LinkedHashMap<>();
      params.put(
          "object-store-memory",
          Long.toString(PodResources.objectStoreBytes(memory, objectStorePercent(input))));

      PodTemplateSpec template =
          new PodTemplateSpecBuilder()
              .withNewMetadata()
              .withLabels(labels)
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName(ResourceNames.RAY_WORKER_CONTAINER)
              .withImage(input.runtime().image())
              .withResources(PodResources.of(cores, memory, gpus))
              .withEnv(environment(input))
              .endContainer()
              .endSpec()
              .build();

      Map<String, Object> group = new LinkedHashMap<>();
      group.put("groupName", ResourceNames.workerGroup(i));
      // With the autoscaler on, replicas belong to Ray's autoscaler: the control plane never
      // sets them, so applying again does not fight it.
      if (!autoscaling) {
        group.put("replicas", worker.minPods());
      }
      group.put("minReplicas", worker.minPods());
      group.put("maxReplicas", worker.maxPods());
      group.put("numOfHosts", 1);
      group.put("rayStartParams", params);
      group.put("template", template);
      groups.add(group);
    }
    return groups;
  }

  private static int objectStorePercent(RenderInput input) {
    RayParams rayParams = input.spec().advanceConfig().rayParams();
    return rayParams != null && rayParams.objectStoreMemory() != null
        ? rayParams.objectStoreMemory()
        : DEFAULT_OBJECT_STORE_PERCENT;
  }

  private static List<EnvVar> environment(RenderInput input) {
    List<EnvVar> env = new ArrayList<>();
    env.add(envVar("CLUSTER_ID", input.clusterId()));
    env.add(envVar("CLUSTER_NAME", input.spec().clusterName()));
    env.add(envVar("CREATED_BY", input.owner()));
    env.add(envVar("CLOUD_ENV", input.cloudEnv()));
    EnvironmentVariables.parse(input.spec().advanceConfig().environmentVariables())
        .forEach((k, v) -> env.add(envVar(k, v)));
    return env;
  }

  private static EnvVar envVar(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static ContainerPort port(String name, int number) {
    return new ContainerPortBuilder().withName(name).withContainerPort(number).build();
  }
}
