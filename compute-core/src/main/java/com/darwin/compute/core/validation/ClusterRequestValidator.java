package com.darwin.compute.core.validation;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.config.DiskProperties;
import com.darwin.compute.core.config.GpuCatalogProperties;
import com.darwin.compute.core.config.GpuCatalogProperties.GpuShape;
import com.darwin.compute.core.config.InitScriptProperties;
import com.darwin.compute.core.config.TerminationProperties;
import com.darwin.compute.core.domain.ClusterPlacement;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.RequestLimits;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.render.EnvironmentVariables;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.RuleViolation;
import com.darwin.compute.core.render.ServiceAccounts;
import com.darwin.compute.core.render.SparkConfigMap;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.GpuPodConfig;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.IdlenessPolicyName;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The checks on a cluster request that need configuration or the database. Shape checks (required
 * fields, patterns) are annotations on the request and run first, in the web layer. All problems
 * are collected, so the user sees every bad field at once.
 */
@Component
public class ClusterRequestValidator {

  private static final Pattern LABEL = Pattern.compile(ClusterRequest.NAME_PATTERN);

  private final ClusterLimitsProperties limits;
  private final TerminationProperties termination;
  private final GpuCatalogProperties gpus;
  private final RuntimeRepository runtimes;
  private final ClusterPlacement placement;
  private final InitScriptProperties initScripts;
  private final DiskProperties disks;
  private final RenderSettings renderSettings;
  private final ClusterManifests manifests;
  private final RequestLimits requestLimits;

  public ClusterRequestValidator(
      ClusterLimitsProperties limits,
      TerminationProperties termination,
      GpuCatalogProperties gpus,
      RuntimeRepository runtimes,
      ClusterPlacement placement,
      InitScriptProperties initScripts,
      DiskProperties disks,
      RenderSettings renderSettings,
      ClusterManifests manifests,
      RequestLimits requestLimits) {
    this.requestLimits = requestLimits;
    this.limits = limits;
    this.termination = termination;
    this.gpus = gpus;
    this.runtimes = runtimes;
    this.placement = placement;
    this.initScripts = initScripts;
    this.disks = disks;
    this.renderSettings = renderSettings;
    this.manifests = manifests;
  }

  /**
   * Throws {@link InvalidRequestException} listing every problem; else what the checks looked up
   * and rendered, for the caller to use as it is.
   */
  public ValidatedRequest validate(ClusterRequest request) {
    // Bounds first: when one is broken nothing is rendered (a huge request is not built).
    List<FieldError> errors = new ArrayList<>(requestLimits.check(request));
    checkInactiveTime(request, errors);
    checkHead(request.headNodeConfig(), errors);
    checkWorkers(request.workerNodeConfigs(), errors);
    checkLabels(request, errors);
    checkAdvanceConfig(request, errors);
    checkInitScript(request, errors);
    checkDisks(request, errors);
    Optional<RuntimeEntity> runtime =
        request.runtime() == null
            ? Optional.empty()
            : runtimes.findByRuntimeAndDeletedFalse(request.runtime());
    if (request.runtime() != null && runtime.isEmpty()) {
      boolean retired = runtimes.findByRuntime(request.runtime()).isPresent();
      errors.add(
          new FieldError(
              "runtime",
              (retired
                      ? "runtime '" + request.runtime() + "' was deleted from the catalogue"
                      : "unknown runtime '" + request.runtime() + "'")
                  + "; GET /get-runtimes lists them"));
    }
    Optional<String> cloudEnv = placement.resolve(request);
    if (cloudEnv.isEmpty()) {
      errors.add(
          new FieldError("cloud_env", "unknown cloud environment '" + request.cloudEnv() + "'"));
    }
    if (!request.packages().isEmpty()
        || (request.packagesCloneFrom() != null && !request.packagesCloneFrom().isBlank())) {
      errors.add(
          new FieldError(
              "packages",
              "library installation is not available in this version; use a custom runtime"));
    }
    ValidatedRequest validated = null;
    if (errors.isEmpty() && runtime.isPresent() && cloudEnv.isPresent()) {
      validated = checkRendered(request, runtime.get(), cloudEnv.get(), errors);
    }
    checkPolicies(request, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    if (validated == null) {
      // Unreachable: no error means the runtime and target were found and the request rendered.
      throw new IllegalStateException("A valid request was not rendered");
    }
    return validated;
  }

  /** Policy names are the Python service's; parameters must be numbers or booleans as named. */
  private void checkPolicies(ClusterRequest request, List<FieldError> errors) {
    if (request.autoTerminationPolicies() == null) {
      return;
    }
    for (int i = 0; i < request.autoTerminationPolicies().size(); i++) {
      var policy = request.autoTerminationPolicies().get(i);
      String path = "auto_termination_policies[" + i + "]";
      if (policy == null || policy.policyName() == null) {
        continue;
      }
      if (IdlenessPolicyName.fromWire(policy.policyName()).isEmpty()) {
        errors.add(
            new FieldError(
                path + ".policy_name", "must be one of " + IdlenessPolicyName.wireNames()));
        continue;
      }
      for (Map.Entry<String, Object> param : policy.params().entrySet()) {
        Object v = param.getValue();
        boolean number =
            v instanceof Number || (v instanceof String t && t.matches("-?\\d+(\\.\\d+)?"));
        boolean flag = v instanceof Boolean;
        String key = param.getKey();
        boolean wantsFlag = key.endsWith("_activity");
        boolean known =
            switch (policy.policyName()) {
              case "JupyterLabActivity" ->
                  key.equals("expiry_time")
                      || key.equals("kernel_activity")
                      || key.equals("terminal_activity");
              case "ClusterCPUUsage" ->
                  key.equals("head_node_cpu_usage_threshold")
                      || key.equals("worker_node_cpu_usage_threshold");
              default -> false;
            };
        if (!known) {
          errors.add(
              new FieldError(
                  path + ".params." + key, "is not a parameter of " + policy.policyName()));
        } else if (wantsFlag ? !flag : !number) {
          errors.add(
              new FieldError(
                  path + ".params." + key,
                  wantsFlag ? "must be true or false" : "must be a number"));
        }
      }
    }
  }

  /**
   * KubeRay's own rules, checked on the cluster exactly as it would be rendered (with a stand-in id
   * of a real id's length): the operator would otherwise reject it only through an event, after the
   * fact, leaving the cluster stuck in {@code creating}.
   */
  private ValidatedRequest checkRendered(
      ClusterRequest request, RuntimeEntity runtime, String cloudEnv, List<FieldError> errors) {
    ClusterRequest placed = request.withCloudEnv(cloudEnv);
    String namespace = placement.namespaceOf(cloudEnv);
    RenderedCluster rendered =
        manifests.render(
            ResourceNames.PREVIEW_CLUSTER_ID, placed, request.user(), cloudEnv, namespace, runtime);
    for (RuleViolation v : manifests.check(rendered)) {
      FieldError error = new FieldError(v.field(), v.message());
      if (!errors.contains(error)) {
        errors.add(error);
      }
    }
    errors.addAll(requestLimits.checkRendered(rendered));
    return new ValidatedRequest(placed, runtime, namespace, rendered);
  }

  /**
   * Init scripts run at every pod start before Ray; a long one keeps the cluster from starting (the
   * Darwin README's FAQ), so it is refused here with the ways to do the same thing properly.
   */
  private void checkInitScript(ClusterRequest request, List<FieldError> errors) {
    String script = request.advanceConfig().initScript();
    if (script == null || script.isBlank()) {
      return;
    }
    long bytes = script.getBytes(StandardCharsets.UTF_8).length;
    long commands =
        script.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    long maxBytes = initScripts.maxSize().toBytes();
    if (bytes > maxBytes || commands > initScripts.maxCommands()) {
      errors.add(
          new FieldError(
              "advance_config.init_script",
              "is too large to run at pod start ("
                  + commands
                  + " commands, "
                  + bytes
                  + " bytes; the limit is "
                  + initScripts.maxCommands()
                  + " commands and "
                  + maxBytes
                  + " bytes): long init scripts make clusters fail to start. Install packages"
                  + " with the library installation API (POST"
                  + " /cluster/{cluster_id}/library/install) or use a custom runtime with them"
                  + " preinstalled (POST /runtime/v2/create) instead"));
    }
  }

  private void checkDisks(ClusterRequest request, List<FieldError> errors) {
    if (request.headNodeConfig() != null) {
      checkDisk("head_node_config.disk_setting", request.headNodeConfig().diskSetting(), errors);
    }
    if (request.workerNodeConfigs() != null) {
      for (int i = 0; i < request.workerNodeConfigs().size(); i++) {
        WorkerNodeConfig w = request.workerNodeConfigs().get(i);
        if (w != null) {
          checkDisk("worker_node_configs[" + i + "].disk_setting", w.diskSetting(), errors);
        }
      }
    }
  }

  private void checkDisk(String path, DiskSetting disk, List<FieldError> errors) {
    if (disk == null) {
      return;
    }
    if (disk.diskType() != null && !disks.storageClasses().containsKey(disk.diskType())) {
      errors.add(
          new FieldError(
              path + ".disk_type",
              "must be one of " + new TreeSet<>(disks.storageClasses().keySet())));
    }
    if (disk.storageSize() != null && disk.storageSize() > disks.maxSizeGb()) {
      errors.add(
          new FieldError(path + ".storage_size", "must be at most " + disks.maxSizeGb() + " GB"));
    }
  }

  private void checkInactiveTime(ClusterRequest request, List<FieldError> errors) {
    Integer minutes = request.inactiveTime();
    if (minutes != null && minutes != -1 && minutes < termination.minInactiveMinutes()) {
      errors.add(
          new FieldError(
              "inactive_time",
              "must be at least "
                  + termination.minInactiveMinutes()
                  + " minutes, or -1 to never auto-terminate"));
    }
  }

  private void checkHead(HeadNodeConfig head, List<FieldError> errors) {
    if (head == null) {
      return;
    }
    if (head.isGpu()) {
      checkGpu("head_node_config.gpu_pod", head.gpuPod(), errors);
    } else {
      checkSize("head_node_config", "cores", "memory", head.cores(), head.memory(), errors);
    }
    checkNodeType("head_node_config.node_type", head.nodeType(), errors);
  }

  private void checkWorkers(List<WorkerNodeConfig> workers, List<FieldError> errors) {
    if (workers == null) {
      return;
    }
    if (workers.size() > limits.maxWorkerGroups()) {
      errors.add(
          new FieldError(
              "worker_node_configs", "at most " + limits.maxWorkerGroups() + " worker groups"));
    }
    for (int i = 0; i < workers.size(); i++) {
      WorkerNodeConfig w = workers.get(i);
      if (w == null) {
        continue;
      }
      String path = "worker_node_configs[" + i + "]";
      if (w.minPods() != null && w.maxPods() != null && w.minPods() > w.maxPods()) {
        errors.add(new FieldError(path + ".min_pods", "must not be greater than max_pods"));
      }
      if (w.maxPods() != null && w.maxPods() > limits.maxPodsPerGroup()) {
        errors.add(
            new FieldError(path + ".max_pods", "must be at most " + limits.maxPodsPerGroup()));
      }
      if (w.isGpu()) {
        checkGpu(path + ".gpu_pod", w.gpuPod(), errors);
      } else {
        checkSize(
            path, "cores_per_pods", "memory_per_pods", w.coresPerPods(), w.memoryPerPods(), errors);
      }
      checkNodeType(path + ".node_type", w.nodeType(), errors);
    }
  }

  private void checkNodeType(String path, String nodeType, List<FieldError> errors) {
    if (nodeType != null
        && !List.of("general", "compute", "memory", "disk", "gpu").contains(nodeType)) {
      errors.add(new FieldError(path, "must be one of general, compute, memory, disk, gpu"));
    }
  }

  private void checkSize(
      String path,
      String coresField,
      String memoryField,
      Integer cores,
      Integer memory,
      List<FieldError> errors) {
    if (cores == null) {
      errors.add(new FieldError(path + "." + coresField, "is required"));
    } else if (cores < limits.minCores() || cores > limits.maxCores()) {
      errors.add(
          new FieldError(
              path + "." + coresField,
              "must be between " + limits.minCores() + " and " + limits.maxCores()));
    }
    if (memory == null) {
      errors.add(new FieldError(path + "." + memoryField, "is required"));
    } else if (memory < limits.minMemoryGb() || memory > limits.maxMemoryGb()) {
      errors.add(
          new FieldError(
              path + "." + memoryField,
              "must be between " + limits.minMemoryGb() + " and " + limits.maxMemoryGb() + " GB"));
    }
  }

  private void checkGpu(String path, GpuPodConfig gpu, List<FieldError> errors) {
    if (gpu == null) {
      errors.add(new FieldError(path, "is required for a GPU node"));
      return;
    }
    boolean known =
        gpus.catalogue().stream()
            .anyMatch(
                (GpuShape s) ->
                    s.name().equals(gpu.name())
                        && s.cores() == gpu.cores()
                        && s.memory() == gpu.memory()
                        && s.gpuCount() == gpu.gpuCount()
                        && s.gRamMemory() == gpu.gRamMemory()
                        && s.gRamType().equals(gpu.gRamType()));
    if (!known) {
      errors.add(
          new FieldError(path, "is not a supported GPU shape; GET /gpu-pods lists the shapes"));
    }
  }

  private void checkLabels(ClusterRequest request, List<FieldError> errors) {
    if (request.labels().size() > limits.maxLabels()) {
      errors.add(new FieldError("labels", "at most " + limits.maxLabels() + " labels"));
    }
    if (request.tags().size() > limits.maxTags()) {
      errors.add(new FieldError("tags", "at most " + limits.maxTags() + " tags"));
    }
    for (Map.Entry<String, String> label : request.labels().entrySet()) {
      String key = label.getKey();
      String value = label.getValue() == null ? "" : label.getValue();
      String path = "labels." + key;
      if (key.length() > limits.maxLabelLength() || !LABEL.matcher(key).matches()) {
        errors.add(
            new FieldError(
                path,
                "key must be at most "
                    + limits.maxLabelLength()
                    + " characters of [-_.A-Za-z0-9], starting and ending alphanumeric"));
      }
      if (value.length() > limits.maxLabelLength()
          || (!value.isEmpty() && !LABEL.matcher(value).matches())) {
        errors.add(
            new FieldError(
                path,
                "value must be at most "
                    + limits.maxLabelLength()
                    + " characters of [-_.A-Za-z0-9], starting and ending alphanumeric"));
      }
    }
  }

  private void checkAdvanceConfig(ClusterRequest request, List<FieldError> errors) {
    try {
      EnvironmentVariables.parse(request.advanceConfig().environmentVariables());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("advance_config.environment_variables", e.getMessage()));
    }
    checkSecretSources(request.advanceConfig().envFromSecrets(), errors);
    var rayParams = request.advanceConfig().rayParams();
    HeadNodeConfig head = request.headNodeConfig();
    if (rayParams != null
        && rayParams.cpusOnHead() != null
        && head != null
        && rayParams.cpusOnHead() > head.effectiveCores()) {
      errors.add(
          new FieldError(
              "advance_config.ray_params.cpus_on_head", "must not exceed the head node's cores"));
    }
    for (Map.Entry<String, Object> conf : request.advanceConfig().sparkConfig().entrySet()) {
      Object v = conf.getValue();
      String path = "advance_config.spark_config." + conf.getKey();
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        errors.add(new FieldError(path, "must be a string, number or boolean"));
      } else if (String.valueOf(v).contains("\n") || String.valueOf(v).contains("\r")) {
        errors.add(new FieldError(path, "must be on one line (it goes into spark-defaults.conf)"));
      }
      if (conf.getKey().isBlank() || conf.getKey().chars().anyMatch(Character::isWhitespace)) {
        errors.add(new FieldError(path, "a Spark property name has no whitespace"));
      }
      if (SparkConfigMap.MANDATORY_KEYS.contains(conf.getKey())) {
        errors.add(
            new FieldError(
                path,
                "is set by Darwin Compute (Spark UI proxy and metrics) and cannot be changed"));
      }
    }
    if (!renderSettings.pods().instanceRoles().isEmpty()
        && ServiceAccounts.resolve(request.advanceConfig().instanceRole(), renderSettings.pods())
            .isEmpty()) {
      errors.add(
          new FieldError(
              "advance_config.instance_role",
              "is not a known instance role; known ids: "
                  + renderSettings.pods().instanceRoles().stream()
                      .map(r -> r.id() + " (" + r.displayName() + ")")
                      .toList()));
    }
  }

  private static void checkSecretSources(List<String> names, List<FieldError> errors) {
    String field = "advance_config.env_from_secrets";
    if (names.size() > EnvironmentVariables.MAX_ENV_FROM_SECRETS) {
      errors.add(
          new FieldError(
              field, "names at most " + EnvironmentVariables.MAX_ENV_FROM_SECRETS + " Secrets"));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String problem = EnvironmentVariables.secretNameProblem(names.get(i));
      if (problem != null) {
        errors.add(new FieldError(field + "[" + i + "]", problem));
      } else if (!seen.add(names.get(i))) {
        errors.add(
            new FieldError(field + "[" + i + "]", "names Secret " + names.get(i) + " twice"));
      }
    }
  }
}
