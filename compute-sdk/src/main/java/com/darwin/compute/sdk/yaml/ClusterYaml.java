package com.darwin.compute.sdk.yaml;

import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.AvailabilityZone;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.GpuPodConfig;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.InstanceRole;
import com.darwin.compute.model.cluster.RayParams;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.sdk.yaml.ClusterYamlDocument.Advance;
import com.darwin.compute.sdk.yaml.ClusterYamlDocument.Node;
import com.darwin.compute.sdk.yaml.ClusterYamlDocument.PackageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads cluster files written for the Python SDK ({@code create_with_yaml}) and maps them to the
 * wire {@link ClusterRequest}, the way its model's {@code convert()} does:
 *
 * <ul>
 *   <li>{@code name} → {@code cluster_name}, {@code terminate_after_minutes} (default 60) → {@code
 *       inactive_time}
 *   <li>{@code head_node.node.{cores, memory, disk, node_capacity_type}} → {@code
 *       head_node_config}; with {@code node_type: gpu} the node is a GPU shape → {@code gpu_pod}
 *   <li>{@code worker_group[].{node, min_pods, max_pods}} → {@code worker_node_configs[]} ({@code
 *       cores_per_pods}, {@code memory_per_pods})
 *   <li>{@code advance_config.env_variables} → {@code environment_variables}, {@code init_script}
 *       list → newline-joined text, {@code instance_role} name → {@code instance_role} object,
 *       {@code ray_start_params.{object_store_memory_perc, num_cpus_on_head}} → {@code
 *       ray_params.{object_store_memory, cpus_on_head}}
 *   <li>{@code disk.disk_size} → {@code disk_setting.storage_size}
 * </ul>
 *
 * Only the file's structure is checked here (required fields, types, names). Limits, runtimes, GPU
 * shapes and the like are the service's to judge, so they are judged in one place.
 *
 * <p>Differences from the Python SDK: {@code cloud_env} and {@code availability_zone} are sent (the
 * Python model dropped them), no default labels are added, and unknown keys are errors.
 */
public final class ClusterYaml {

  /** The Python model's default for {@code terminate_after_minutes}. */
  public static final int DEFAULT_TERMINATE_AFTER_MINUTES = 60;

  private static final Set<String> PACKAGE_SOURCES = Set.of("pypi", "maven", "s3", "workspace");

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .build();

  private ClusterYaml() {}

  /** Reads and maps a cluster file. */
  public static ClusterRequest read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ClusterYamlException(
          file.toString(),
          List.of(new FieldError("", "cannot be read (" + e.getClass().getSimpleName() + ")")),
          e);
    }
    return parse(text, file.toString());
  }

  public static ClusterRequest parse(String yaml) {
    return parse(yaml, "<yaml>");
  }

  /**
   * @param source the file name used in error messages
   */
  public static ClusterRequest parse(String yaml, String source) {
    ClusterYamlDocument document = null;
    if (yaml != null && !yaml.isBlank()) {
      try {
        document = YAML.readValue(yaml, ClusterYamlDocument.class);
      } catch (JacksonException e) {
        throw new ClusterYamlException(source, List.of(describe(e)), e);
      }
    }
    if (document == null) {
      throw new ClusterYamlException(
          source, List.of(new FieldError("", "is empty; a cluster definition is expected")), null);
    }
    List<FieldError> errors = new ArrayList<>();
    ClusterRequest request = toRequest(document, errors);
    if (!errors.isEmpty()) {
      throw new ClusterYamlException(source, errors, null);
    }
    return request;
  }

  private static ClusterRequest toRequest(ClusterYamlDocument doc, List<FieldError> errors) {
    required(doc.name(), "name", errors);
    required(doc.runtime(), "runtime", errors);
    HeadNodeConfig head = headNode(doc.headNode(), errors);
    List<WorkerNodeConfig> workers = new ArrayList<>();
    if (doc.workerGroup() == null) {
      errors.add(new FieldError("worker_group", "is required (an empty list for no workers)"));
    } else {
      for (int i = 0; i < doc.workerGroup().size(); i++) {
        workers.add(workerGroup(doc.workerGroup().get(i), "worker_group[" + i + "]", errors));
      }
    }
    return new ClusterRequest(
        doc.name(),
        doc.tags(),
        doc.labels(),
        doc.runtime(),
        doc.terminateAfterMinutes() == null
            ? DEFAULT_TERMINATE_AFTER_MINUTES
            : doc.terminateAfterMinutes(),
        policies(doc.autoTerminationPolicies(), errors),
        head,
        workers,
        advanceConfig(doc.advanceConfig(), errors),
        doc.user(),
        doc.isJobCluster(),
        doc.startCluster(),
        doc.cloudEnv(),
        null,
        packages(doc.packages(), errors));
  }

  private static HeadNodeConfig headNode(
      ClusterYamlDocument.HeadNode head, List<FieldError> errors) {
    if (head == null || head.node() == null) {
      errors.add(new FieldError(head == null ? "head_node" : "head_node.node", "is required"));
      return null;
    }
    Node node = head.node();
    String path = "head_node.node";
    if (isGpu(head.nodeType())) {
      return new HeadNodeConfig(
          node.cores(), node.memory(), null, "gpu", null, gpuPod(node, path, errors));
    }
    checkCpuNode(node, path, errors);
    return new HeadNodeConfig(
        node.cores(),
        node.memory(),
        disk(node.disk(), path + ".disk", errors),
        nodeType(head.nodeType(), node),
        capacity(node.nodeCapacityType(), path + ".node_capacity_type", errors),
        null);
  }

  private static WorkerNodeConfig workerGroup(
      ClusterYamlDocument.WorkerGroup group, String path, List<FieldError> errors) {
    if (group == null || group.node() == null) {
      errors.add(new FieldError(group == null ? path : path + ".node", "is required"));
      return null;
    }
    required(group.minPods(), path + ".min_pods", errors);
    required(group.maxPods(), path + ".max_pods", errors);
    Node node = group.node();
    if (isGpu(group.nodeType())) {
      return new WorkerNodeConfig(
          node.cores(),
          node.memory(),
          group.minPods(),
          group.maxPods(),
          null,
          "gpu",
          null,
          gpuPod(node, path + ".node", errors));
    }
    checkCpuNode(node, path + ".node", errors);
    return new WorkerNodeConfig(
        node.cores(),
        node.memory(),
        group.minPods(),
        group.maxPods(),
        disk(node.disk(), path + ".node.disk", errors),
        nodeType(group.nodeType(), node),
        capacity(node.nodeCapacityType(), path + ".node.node_capacity_type", errors),
        null);
  }

  private static boolean isGpu(String nodeType) {
    return "gpu".equals(nodeType);
  }

  /** The group's {@code node_type} wins over the node's, as in the Python model. */
  private static String nodeType(String groupNodeType, Node node) {
    return groupNodeType != null ? groupNodeType : node.nodeType();
  }

  private static void checkCpuNode(Node node, String path, List<FieldError> errors) {
    required(node.cores(), path + ".cores", errors);
    required(node.memory(), path + ".memory", errors);
    if (node.name() != null || node.gpuCount() != null || node.gRamMemory() != null) {
      errors.add(
          new FieldError(
              path, "has GPU fields; set node_type: gpu on the group to use a GPU node"));
    }
  }

  private static GpuPodConfig gpuPod(Node node, String path, List<FieldError> errors) {
    required(node.name(), path + ".name", errors);
    required(node.cores(), path + ".cores", errors);
    required(node.memory(), path + ".memory", errors);
    required(node.gpuCount(), path + ".gpu_count", errors);
    required(node.gRamMemory(), path + ".g_ram_memory", errors);
    required(node.gRamType(), path + ".g_ram_type", errors);
    return new GpuPodConfig(
        node.name(),
        node.cores(),
        node.memory(),
        node.gpuCount(),
        node.gRamMemory(),
        node.gRamType());
  }

  private static DiskSetting disk(
      ClusterYamlDocument.Disk disk, String path, List<FieldError> errors) {
    if (disk == null) {
      return null;
    }
    required(disk.diskType(), path + ".disk_type", errors);
    required(disk.diskSize(), path + ".disk_size", errors);
    return new DiskSetting(disk.diskType(), disk.diskSize());
  }

  private static CapacityType capacity(String value, String path, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return CapacityType.fromWire(value);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(path, "must be ondemand or spot, not '" + value + "'"));
      return null;
    }
  }

  private static List<AutoTerminationPolicy> policies(
      List<ClusterYamlDocument.Policy> policies, List<FieldError> errors) {
    if (policies == null) {
      return null; // the service applies the SDK's three default policies
    }
    List<AutoTerminationPolicy> result = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      ClusterYamlDocument.Policy p = policies.get(i);
      String path = "auto_termination_policies[" + i + "]";
      if (p == null || p.policyName() == null || p.policyName().isBlank()) {
        errors.add(new FieldError(path + ".policy_name", "is required"));
        continue;
      }
      result.add(new AutoTerminationPolicy(p.policyName(), p.enabled(), p.params()));
    }
    return result;
  }

  private static AdvanceConfig advanceConfig(Advance advance, List<FieldError> errors) {
    if (advance == null) {
      return null;
    }
    RayParams rayParams = null;
    if (advance.rayStartParams() != null) {
      var ray = advance.rayStartParams();
      if (ray.numGpusOnHead() != null && ray.numGpusOnHead() > 0) {
        errors.add(
            new FieldError(
                "advance_config.ray_start_params.num_gpus_on_head",
                "is not supported (must be 0)"));
      }
      rayParams = new RayParams(ray.objectStoreMemoryPerc(), ray.numCpusOnHead());
    }
    String role = advance.instanceRole();
    String zone = advance.availabilityZone();
    return new AdvanceConfig(
        advance.envVariables(),
        advance.logPath(),
        advance.initScript() == null ? null : String.join("\n", advance.initScript()),
        role == null || role.isBlank() ? null : new InstanceRole(null, role, role),
        zone == null || zone.isBlank() ? null : new AvailabilityZone(zone, zone),
        rayParams,
        advance.sparkConfig());
  }

  /** Packages keep the Python SDK's JSON form: {@code {source, body: {name, version, ...}}}. */
  private static List<Map<String, Object>> packages(
      List<PackageSpec> packages, List<FieldError> errors) {
    if (packages == null) {
      return null;
    }
    List<Map<String, Object>> result = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) {
      PackageSpec p = packages.get(i);
      String path = "packages[" + i + "]";
      if (p == null || p.source() == null || !PACKAGE_SOURCES.contains(p.source())) {
        errors.add(new FieldError(path + ".source", "must be one of " + PACKAGE_SOURCES));
        continue;
      }
      if (p.body() == null) {
        errors.add(new FieldError(path + ".body", "is required"));
        continue;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      putIfPresent(body, "name", p.body().name());
      putIfPresent(body, "version", p.body().version());
      putIfPresent(body, "path", p.body().path());
      if (p.body().metadata() != null) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        putIfPresent(metadata, "repository", p.body().metadata().repository());
        putIfPresent(metadata, "exclusions", p.body().metadata().exclusions());
        body.put("metadata", metadata);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("source", p.source());
      entry.put("body", body);
      result.add(entry);
    }
    return result;
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static void required(Object value, String path, List<FieldError> errors) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      errors.add(new FieldError(path, "is required"));
    }
  }

  /** A Jackson failure as a field error: the path in the file's names and a short reason. */
  private static FieldError describe(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new FieldError(
          path.toString(),
          "is not a known field; known here: "
              + String.join(
                  ", ",
                  unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
    }
    if (e instanceof StreamReadException) {
      // Syntax errors have no field path; the parser's location is where it gave up.
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      return new FieldError(path.toString(), "is not valid YAML" + where + ": " + firstLine(e));
    }
    return new FieldError(path.toString(), "has a value of the wrong type");
  }

  private static String firstLine(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
