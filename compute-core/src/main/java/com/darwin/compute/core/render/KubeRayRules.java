package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a rendered cluster must satisfy before it is applied: those KubeRay's operator checks
 * (it rejects a bad spec only with an {@code InvalidRayClusterSpec} event, after the fact) and
 * those of the kuberay notes' checklist (§8.1), plus the Kubernetes name syntaxes of every
 * generated name. Run at request time on the cluster as it would be rendered, so a bad request is a
 * 400 and never a cluster stuck in {@code creating}.
 */
public final class KubeRayRules {

  static final Set<String> REQUIRED_HEAD_PORTS = Set.of("gcs-server", "dashboard", "client");

  /** Ray refuses an object store smaller than this. */
  static final long MIN_OBJECT_STORE_BYTES = 75L * 1024 * 1024;

  private final String gpuResource;

  public KubeRayRules(String gpuResource) {
    this.gpuResource = gpuResource;
  }

  public List<RuleViolation> check(RenderedCluster cluster) {
    List<RuleViolation> problems = new ArrayList<>();
    String name = cluster.rayCluster().getMetadata().getName();
    if (name.length() > ResourceNames.MAX_RAY_CLUSTER_NAME || !KubeNames.isDns1035Label(name)) {
      problems.add(
          new RuleViolation(
              "cluster_id",
              "RayCluster name '"
                  + name
                  + "' must be a DNS-1035 label of at most "
                  + ResourceNames.MAX_RAY_CLUSTER_NAME
                  + " characters"));
    }
    String service = name + "-head-svc";
    if (!KubeNames.isDns1035Label(service)) {
      problems.add(
          new RuleViolation(
              "cluster_id", "head Service name '" + service + "' must be a DNS-1035 label"));
    }
    checkLabels("labels", cluster.rayCluster(), problems);
    for (var cm : cluster.configMaps()) {
      checkObjectName("advance_config", cm, problems);
      checkLabels("labels", cm, problems);
    }
    for (var claim : cluster.workspaceClaims()) {
      checkObjectName("user", claim, problems);
      checkLabels("labels", claim, problems);
    }
    checkRayVersion(cluster, problems);
    checkHead(cluster, problems);
    for (int i = 0; i < cluster.workers().size(); i++) {
      checkWorker(cluster, i, problems);
    }
    return problems;
  }

  private void checkRayVersion(RenderedCluster cluster, List<RuleViolation> problems) {
    Object spec = cluster.rayCluster().getAdditionalProperties().get("spec");
    String rayVersion =
        spec instanceof Map<?, ?> m && m.get("rayVersion") instanceof String v ? v : null;
    if (rayVersion == null || rayVersion.isBlank()) {
      problems.add(new RuleViolation("runtime", "the runtime has no Ray version"));
      return;
    }
    for (Container c : containers(cluster.head().template())) {
      if (RuntimeVersions.contradicts(c.getImage(), rayVersion)) {
        problems.add(
            new RuleViolation(
                "runtime",
                "the runtime's image "
                    + c.getImage()
                    + " does not match its Ray version "
                    + rayVersion
                    + " (rayVersion must equal the image's Ray version)"));
        return;
      }
    }
  }

  private void checkHead(RenderedCluster cluster, List<RuleViolation> problems) {
    String field = "head_node_config";
    HeadGroup head = cluster.head();
    if (head.rayStartParams() == null) {
      problems.add(new RuleViolation(field, "headGroupSpec.rayStartParams must be present"));
    }
    PodTemplateSpec template = head.template();
    checkPod(field, template, ResourceNames.RAY_HEAD_CONTAINER, problems);
    List<Container> containers = containers(template);
    if (containers.isEmpty()) {
      return;
    }
    Container ray = containers.get(0);
    Set<String> named = new HashSet<>();
    if (ray.getPorts() != null) {
      ray.getPorts().stream().map(ContainerPort::getName).forEach(named::add);
    }
    if (!named.containsAll(REQUIRED_HEAD_PORTS)) {
      problems.add(
          new RuleViolation(
              field, "the head's Ray container must name its ports " + REQUIRED_HEAD_PORTS));
    }
    long gpus = gpuLimit(ray);
    String numGpus = head.rayStartParams() == null ? null : head.rayStartParams().get("num-gpus");
    if (numGpus == null || !numGpus.equals(Long.toString(gpus))) {
      problems.add(
          new RuleViolation(
              field,
              "the head's num-gpus must be \"" + gpus + "\" (its GPU limit), not " + numGpus));
    }
    checkObjectStore(field, head.rayStartParams(), ray, problems);
    Map<String, String> env = env(ray);
    if (!cluster.autoscaling()) {
      String v2 = env.get("RAY_enable_autoscaler_v2");
      if ("1".equals(v2) || "true".equalsIgnoreCase(v2)) {
        problems.add(
            new RuleViolation(
                "advance_config.environment_variables",
                "RAY_enable_autoscaler_v2 cannot be set when no worker group autoscales"));
      }
    }
    for (String forbidden : List.of("RAY_REDIS_ADDRESS", "REDIS_USERNAME", "REDIS_PASSWORD")) {
      if (env.containsKey(forbidden)) {
        problems.add(
            new RuleViolation(
                "advance_config.environment_variables",
                forbidden + " requires GCS fault tolerance, which Darwin clusters do not use"));
      }
    }
    if (cluster.autoscaling() && autoscalerV2(cluster)) {
      checkRestartPolicy(field, template, problems);
    }
  }

  private void checkWorker(RenderedCluster cluster, int index, List<RuleViolation> problems) {
    String field = "worker_node_configs[" + index + "]";
    WorkerGroup group = cluster.workers().get(index);
    if (!KubeNames.isLabelValue(group.groupName())
        || !KubeNames.isDns1123Label(group.groupName())) {
      problems.add(
          new RuleViolation(field, "group name '" + group.groupName() + "' is not a valid name"));
    }
    if (group.rayStartParams() == null) {
      problems.add(new RuleViolation(field, "rayStartParams must be present"));
    }
    if (group.minReplicas() < 0 || group.maxReplicas() < 0) {
      problems.add(new RuleViolation(field, "minReplicas and maxReplicas must not be negative"));
    }
    if (group.minReplicas() > group.maxReplicas()) {
      problems.add(new RuleViolation(field + ".min_pods", "must not be greater than max_pods"));
    }
    if (group.replicas() != null
        && (group.replicas() < group.minReplicas() || group.replicas() > group.maxReplicas())) {
      problems.add(
          new RuleViolation(field, "replicas must lie between minReplicas and maxReplicas"));
    }
    if (cluster.autoscaling() && group.replicas() != null) {
      problems.add(
          new RuleViolation(
              field, "replicas must be left to the Ray autoscaler when autoscaling is on"));
    }
    if (group.numOfHosts() < 1) {
      problems.add(new RuleViolation(field, "numOfHosts must be at least 1"));
    }
    checkPod(field, group.template(), ResourceNames.RAY_WORKER_CONTAINER, problems);
    List<Container> containers = containers(group.template());
    if (!containers.isEmpty()) {
      Container ray = containers.get(0);
      long gpus = gpuLimit(ray);
      String numGpus =
          group.rayStartParams() == null ? null : group.rayStartParams().get("num-gpus");
      if (gpus > 0 && numGpus != null && !numGpus.equals(Long.toString(gpus))) {
        problems.add(
            new RuleViolation(
                field, "num-gpus " + numGpus + " differs from the GPU limit " + gpus));
      }
      checkObjectStore(field, group.rayStartParams(), ray, problems);
    }
    if (cluster.autoscaling() && autoscalerV2(cluster)) {
      checkRestartPolicy(field, group.template(), problems);
    }
  }

  /** What every Ray pod template needs, head or worker. */
  private void checkPod(
      String field, PodTemplateSpec template, String rayContainer, List<RuleViolation> problems) {
    List<Container> containers = containers(template);
    if (containers.isEmpty()) {
      problems.add(new RuleViolation(field, "the pod template has no container"));
      return;
    }
    if (!rayContainer.equals(containers.get(0).getName())) {
      problems.add(
          new RuleViolation(field, "the Ray container must come first (KubeRay uses index 0)"));
    }
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      template.getMetadata().getLabels().forEach((k, v) -> checkLabel("labels", k, v, problems));
    }
    PodSpec spec = template.getSpec();
    Set<String> volumes = new HashSet<>();
    for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
      if (!KubeNames.isDns1123Label(v.getName()) || !volumes.add(v.getName())) {
        problems.add(
            new RuleViolation(field, "volume '" + v.getName() + "' is invalid or repeated"));
      }
    }
    Set<String> containerNames = new HashSet<>();
    for (Container c : containers) {
      if (!KubeNames.isDns1123Label(c.getName()) || !containerNames.add(c.getName())) {
        problems.add(
            new RuleViolation(field, "container '" + c.getName() + "' is invalid or repeated"));
      }
      Set<String> portNames = new HashSet<>();
      for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
        if (p.getName() != null
            && (!KubeNames.isPortName(p.getName()) || !portNames.add(p.getName()))) {
          problems.add(new RuleViolation(field, "port name '" + p.getName() + "' is invalid"));
        }
      }
      Set<String> envNames = new HashSet<>();
      for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
        if (!KubeNames.isEnvVarName(e.getName()) || !envNames.add(e.getName())) {
          problems.add(
              new RuleViolation(
                  "advance_config.environment_variables",
                  "environment variable '" + e.getName() + "' is invalid or repeated"));
        }
      }
      Set<String> paths = new HashSet<>();
      for (VolumeMount m :
          c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
        if (!volumes.contains(m.getName())) {
          problems.add(
              new RuleViolation(field, "volume mount '" + m.getName() + "' has no volume"));
        }
        if (!paths.add(m.getMountPath())) {
          problems.add(new RuleViolation(field, "two volumes are mounted at " + m.getMountPath()));
        }
      }
    }
    if (gpuLimit(containers.get(0)) > 0) {
      checkGpuPlacement(field, spec, problems);
    }
  }

  /**
   * A GPU pod must be able to land on a GPU node: GPU nodes are tainted (so CPU pods stay off), so
   * it needs a toleration for the GPU resource, and a node selector that picks the GPU pool.
   */
  private void checkGpuPlacement(String field, PodSpec spec, List<RuleViolation> problems) {
    List<Toleration> tolerations =
        spec.getTolerations() == null ? List.of() : spec.getTolerations();
    boolean tolerated =
        tolerations.stream()
            .anyMatch(
                t ->
                    gpuResource.equals(t.getKey())
                        || (t.getKey() == null && "Exists".equals(t.getOperator())));
    if (!tolerated) {
      problems.add(
          new RuleViolation(
              field, "a GPU pod needs a toleration for " + gpuResource + " (configuration)"));
    }
    if (spec.getNodeSelector() == null || spec.getNodeSelector().isEmpty()) {
      problems.add(
          new RuleViolation(
              field, "a GPU pod needs a node selector for GPU nodes (configuration)"));
    }
  }

  private static void checkObjectStore(
      String field, Map<String, String> params, Container ray, List<RuleViolation> problems) {
    String value = params == null ? null : params.get("object-store-memory");
    if (value == null) {
      return;
    }
    long bytes;
    try {
      bytes = Long.parseLong(value);
    } catch (NumberFormatException e) {
      problems.add(new RuleViolation(field, "object-store-memory must be a number of bytes"));
      return;
    }
    if (bytes < MIN_OBJECT_STORE_BYTES) {
      problems.add(
          new RuleViolation(
              "advance_config.ray_params.object_store_memory",
              "gives "
                  + field
                  + " an object store of "
                  + bytes / (1024 * 1024)
                  + " MiB; Ray needs at least 75 MiB"));
    }
    Quantity memory =
        ray.getResources() == null || ray.getResources().getRequests() == null
            ? null
            : ray.getResources().getRequests().get("memory");
    if (memory != null && bytes > memory.getNumericalAmount().longValue()) {
      problems.add(
          new RuleViolation(field, "the object store is larger than the pod's memory request"));
    }
  }

  private static void checkRestartPolicy(
      String field, PodTemplateSpec template, List<RuleViolation> problems) {
    String policy = template.getSpec().getRestartPolicy();
    if (policy != null && !policy.isEmpty() && !"Never".equals(policy)) {
      problems.add(
          new RuleViolation(
              field, "restartPolicy must be Never or unset with the v2 Ray autoscaler"));
    }
  }

  /** KubeRay's default autoscaler is v2 from Ray 2.47. */
  private static boolean autoscalerV2(RenderedCluster cluster) {
    Object spec = cluster.rayCluster().getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> m
        && m.get("rayVersion") instanceof String v
        && RuntimeVersions.atLeast(v, 2, 47);
  }

  private static void checkObjectName(
      String field, HasMetadata object, List<RuleViolation> problems) {
    String name = object.getMetadata().getName();
    if (!KubeNames.isDns1123Subdomain(name)) {
      problems.add(
          new RuleViolation(
              field, object.getKind() + " name '" + name + "' is not a valid Kubernetes name"));
    }
  }

  private static void checkLabels(String field, HasMetadata object, List<RuleViolation> problems) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels != null) {
      labels.forEach((k, v) -> checkLabel(field, k, v, problems));
    }
  }

  private static void checkLabel(
      String field, String key, String value, List<RuleViolation> problems) {
    if (!KubeNames.isLabelKey(key) || !KubeNames.isLabelValue(value)) {
      problems.add(
          new RuleViolation(
              field, "label " + key + "=" + value + " is not a valid Kubernetes label"));
    }
  }

  private long gpuLimit(Container container) {
    if (container.getResources() == null || container.getResources().getLimits() == null) {
      return 0;
    }
    Quantity q = container.getResources().getLimits().get(gpuResource);
    return q == null ? 0 : q.getNumericalAmount().longValue();
  }

  private static List<Container> containers(PodTemplateSpec template) {
    return template == null
            || template.getSpec() == null
            || template.getSpec().getContainers() == null
        ? List.of()
        : template.getSpec().getContainers();
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() != null) {
      container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    }
    return env;
  }
}
