package com.darwin.compute.core.limits;

import com.darwin.compute.core.config.RequestLimitsProperties;
import com.darwin.compute.core.render.EnvironmentVariables;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.GpuPodConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The bounds one request must stay within so that it cannot hurt anybody else: text a store keeps
 * intact, numbers in ranges the scheduled jobs can compute with, a pod and core ceiling per
 * request, and sizes that Kubernetes accepts. Checked before anything is rendered (a 5 MB
 * environment is refused without building a 15 MB object), and the rendered objects once more.
 */
@Component
public class RequestLimits {

  /** Percentages (CPU thresholds). */
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * Configured by {@link KubernetesSerialization} exactly as the mapper the client writes objects
   * with, so its byte count is the size of the JSON the API server receives.
   */
  private static final ObjectMapper KUBERNETES_JSON = kubernetesMapper();

  private final RequestLimitsProperties properties;

  public RequestLimits(RequestLimitsProperties properties) {
    this.properties = properties;
  }

  /** Every bound the request breaks, in the order of its fields. */
  public List<FieldError> check(ClusterRequest request) {
    List<FieldError> errors = new ArrayList<>();
    checkText(request, errors);
    checkNumbers(request, errors);
    checkSizes(request, errors);
    return errors;
  }

  /**
   * What {@link #check} says of a tag list, for an edit that replaces only the tags: the text of
   * each as sent (errors name its index in the request), the size of those kept (duplicates go).
   */
  public List<FieldError> checkTags(List<String> tags) {
    List<FieldError> errors = new ArrayList<>();
    checkTagText(tags, errors);
    checkTagBytes(tags.stream().distinct().toList(), errors);
    return errors;
  }

  /** Rendered objects larger than the configured maximum (below what etcd stores). */
  public List<FieldError> checkRendered(RenderedCluster rendered) {
    List<FieldError> errors = new ArrayList<>();
    long max = properties.maxObject().toBytes();
    for (HasMetadata object : rendered.objects()) {
      long bytes = jsonBytes(object);
      if (bytes > max) {
        errors.add(
            new FieldError(
                fieldOf(object),
                "renders to a "
                    + object.getKind()
                    + " of "
                    + bytes
                    + " bytes; at most "
                    + max
                    + " bytes are accepted (Kubernetes stores at most 1.5 MiB per object)"));
      }
    }
    return errors;
  }

  /**
   * The size of an object's JSON in UTF-8, counted as it is written rather than kept: a create
   * measures every rendered object, and neither the text nor its bytes are needed afterwards.
   * Written as characters (the generator the client's own string serialisation uses, which leaves
   * characters outside the BMP unescaped) and counted as {@code String.getBytes(UTF_8)} would.
   */
  static long jsonBytes(HasMetadata object) {
    Utf8Counter counter = new Utf8Counter();
    try {
      KUBERNETES_JSON.writeValue(counter, object);
    } catch (IOException e) {
      throw new UncheckedIOException("a rendered object could not be written as JSON", e);
    }
    return counter.total();
  }

  private static ObjectMapper kubernetesMapper() {
    ObjectMapper mapper = new ObjectMapper();
    new KubernetesSerialization(mapper, true); // registers its modules on the mapper
    return mapper;
  }

  /** Counts the UTF-8 bytes of the characters written to it and keeps nothing. */
  private static final class Utf8Counter extends Writer {
    private long bytes;
    private boolean pendingHigh; // a high surrogate whose low half may still follow

    @Override
    public void write(char[] chars, int off, int len) {
      for (int i = off; i < off + len; i++) {
        add(chars[i]);
      }
    }

    @Override
    public void write(String text, int off, int len) {
      for (int i = off; i < off + len; i++) {
        add(text.charAt(i));
      }
    }

    @Override
    public void write(int c) {
      add((char) c);
    }

    private void add(char c) {
      if (pendingHigh) {
        pendingHigh = false;
        if (Character.isLowSurrogate(c)) {
          bytes += 4; // the pair is one code point
          return;
        }
        bytes += 1; // a lone surrogate is encoded as '?'
      }
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        pendingHigh = true;
      } else if (Character.isLowSurrogate(c)) {
        bytes += 1;
      } else {
        bytes += 3;
      }
    }

    long total() {
      return bytes + (pendingHigh ? 1 : 0);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static String fieldOf(HasMetadata object) {
    String name = object.getMetadata() == null ? "" : object.getMetadata().getName();
    if ("ConfigMap".equals(object.getKind()) && name != null && name.contains("spark")) {
      return "advance_config.spark_config";
    }
    if ("ConfigMap".equals(object.getKind())) {
      return "advance_config.init_script";
    }
    return "advance_config";
  }

  // --- text ---------------------------------------------------------------------------------

  private void checkText(ClusterRequest r, List<FieldError> errors) {
    TextRules.check("cluster_name", r.clusterName(), false, errors);
    TextRules.check("user", r.user(), false, errors);
    TextRules.check("runtime", r.runtime(), false, errors);
    TextRules.check("cloud_env", r.cloudEnv(), false, errors);
    TextRules.check("packages_clone_from", r.packagesCloneFrom(), false, errors);
    checkTagText(r.tags(), errors);
    for (Map.Entry<String, String> label : r.labels().entrySet()) {
      String keyProblem = TextRules.problem(label.getKey(), false);
      if (keyProblem != null) {
        errors.add(new FieldError("labels", "a key " + keyProblem));
      } else {
        TextRules.check("labels." + label.getKey(), label.getValue(), false, errors);
      }
    }
    if (r.headNodeConfig() != null) {
      TextRules.check("head_node_config.node_type", r.headNodeConfig().nodeType(), false, errors);
      disk("head_node_config.disk_setting", r.headNodeConfig().diskSetting(), errors);
      gpu("head_node_config.gpu_pod", r.headNodeConfig().gpuPod(), errors);
    }
    if (r.workerNodeConfigs() != null) {
      for (int i = 0; i < r.workerNodeConfigs().size(); i++) {
        WorkerNodeConfig w = r.workerNodeConfigs().get(i);
        if (w != null) {
          String path = "worker_node_configs[" + i + "]";
          TextRules.check(path + ".node_type", w.nodeType(), false, errors);
          disk(path + ".disk_setting", w.diskSetting(), errors);
          gpu(path + ".gpu_pod", w.gpuPod(), errors);
        }
      }
    }
    var advance = r.advanceConfig();
    TextRules.check(
        "advance_config.environment_variables", advance.environmentVariables(), true, errors);
    TextRules.check("advance_config.init_script", advance.initScript(), true, errors);
    TextRules.check("advance_config.log_path", advance.logPath(), false, errors);
    if (advance.logPath().length() > 1024) {
      errors.add(new FieldError("advance_config.log_path", "must be at most 1024 characters"));
    }
    for (Map.Entry<String, Object> conf : advance.sparkConfig().entrySet()) {
      String keyProblem = TextRules.problem(conf.getKey(), false);
      if (keyProblem != null) {
        errors.add(new FieldError("advance_config.spark_config", "a key " + keyProblem));
      } else if (conf.getValue() instanceof String s) {
        // Line breaks have their own message ("must be on one line") in the validator.
        TextRules.check("advance_config.spark_config." + conf.getKey(), s, true, errors);
      }
    }
    if (r.autoTerminationPolicies() != null) {
      for (int i = 0; i < r.autoTerminationPolicies().size(); i++) {
        AutoTerminationPolicy p = r.autoTerminationPolicies().get(i);
        if (p == null) {
          continue;
        }
        String path = "auto_termination_policies[" + i + "]";
        TextRules.check(path + ".policy_name", p.policyName(), false, errors);
        for (Map.Entry<String, Object> param : p.params().entrySet()) {
          String keyProblem = TextRules.problem(param.getKey(), false);
          if (keyProblem != null) {
            errors.add(new FieldError(path + ".params", "a key " + keyProblem));
          } else if (param.getValue() instanceof String s) {
            TextRules.check(path + ".params." + param.getKey(), s, false, errors);
          }
        }
      }
    }
  }

  private static void disk(String path, DiskSetting disk, List<FieldError> errors) {
    if (disk != null) {
      TextRules.check(path + ".disk_type", disk.diskType(), false, errors);
    }
  }

  private static void gpu(String path, GpuPodConfig gpu, List<FieldError> errors) {
    if (gpu != null) {
      TextRules.check(path + ".name", gpu.name(), false, errors);
      TextRules.check(path + ".g_ram_type", gpu.gRamType(), false, errors);
    }
  }

  // --- numbers ------------------------------------------------------------------------------

  private void checkNumbers(ClusterRequest r, List<FieldError> errors) {
    Integer inactive = r.inactiveTime();
    if (inactive != null && inactive != -1 && inactive > properties.maxInactiveMinutes()) {
      errors.add(
          new FieldError(
              "inactive_time",
              "must be at most "
                  + properties.maxInactiveMinutes()
                  + " minutes, or -1 to never auto-terminate"));
    }
    if (r.autoTerminationPolicies() != null) {
      for (int i = 0; i < r.autoTerminationPolicies().size(); i++) {
        AutoTerminationPolicy p = r.autoTerminationPolicies().get(i);
        if (p != null) {
          checkPolicyNumbers("auto_termination_policies[" + i + "].params.", p, errors);
        }
      }
    }
    // In long arithmetic: the fields may still be out of their own ranges here.
    long pods = r.headNodeConfig() == null ? 0 : 1;
    long cores = r.headNodeConfig() == null ? 0 : r.headNodeConfig().effectiveCores();
    if (r.workerNodeConfigs() != null) {
      for (WorkerNodeConfig w : r.workerNodeConfigs()) {
        if (w != null && w.maxPods() != null && w.maxPods() > 0) {
          pods += w.maxPods();
          cores += (long) w.effectiveCores() * w.maxPods();
        }
      }
    }
    if (pods > properties.maxPodsPerCluster()) {
      errors.add(
          new FieldError(
              "worker_node_configs",
              "asks for "
                  + pods
                  + " pods (head and every group at max_pods); at most "
                  + properties.maxPodsPerCluster()
                  + " per cluster"));
    }
    if (cores > properties.maxCoresPerCluster()) {
      errors.add(
          new FieldError(
              "worker_node_configs",
              "asks for "
                  + cores
                  + " cores (head and every group at max_pods); at most "
                  + properties.maxCoresPerCluster()
                  + " per cluster"));
    }
  }

  private void checkPolicyNumbers(
      String path, AutoTerminationPolicy policy, List<FieldError> errors) {
    for (Map.Entry<String, Object> param : policy.params().entrySet()) {
      BigDecimal value = decimal(param.getValue());
      if (value == null) {
        continue; // not a number: the policy checks name the expected type
      }
      String key = param.getKey();
      if (key.equals("expiry_time")) {
        if (value.stripTrailingZeros().scale() > 0) {
          errors.add(new FieldError(path + key, "must be a whole number of minutes"));
        } else if (value.compareTo(BigDecimal.ONE) < 0
            || value.compareTo(BigDecimal.valueOf(properties.maxExpiryMinutes())) > 0) {
          errors.add(
              new FieldError(
                  path + key,
                  "must be between 1 and " + properties.maxExpiryMinutes() + " minutes"));
        }
      } else if (key.endsWith("_threshold")
          && (value.signum() < 0 || value.compareTo(HUNDRED) > 0)) {
        errors.add(new FieldError(path + key, "must be a percentage between 0 and 100"));
      }
    }
  }

  /** A JSON number or a numeric string as an exact decimal; null for anything else. */
  static BigDecimal decimal(Object value) {
    try {
      if (value instanceof BigDecimal d) {
        return d;
      }
      if (value instanceof Double d) {
        return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
      }
      if (value instanceof Float f) {
        return Float.isFinite(f) ? BigDecimal.valueOf(f) : null;
      }
      if (value instanceof Number n) {
        return new BigDecimal(n.toString());
      }
      if (value instanceof String s && s.length() <= 40 && s.matches("-?\\d+(\\.\\d+)?")) {
        return new BigDecimal(s);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  // --- sizes --------------------------------------------------------------------------------

  private void checkSizes(ClusterRequest r, List<FieldError> errors) {
    var advance = r.advanceConfig();
    long envBytes = utf8(advance.environmentVariables());
    long maxEnv = properties.maxEnvironmentVariables().toBytes();
    if (envBytes > maxEnv) {
      errors.add(
          new FieldError(
              "advance_config.environment_variables",
              "is " + envBytes + " bytes; at most " + maxEnv + " bytes are accepted"));
    } else {
      long maxValue = properties.maxEnvironmentValue().toBytes();
      EnvironmentVariables.parseValid(advance.environmentVariables())
          .forEach(
              (name, value) -> {
                if (utf8(value) > maxValue) {
                  errors.add(
                      new FieldError(
                          "advance_config.environment_variables",
                          "the value of "
                              + name
                              + " is "
                              + utf8(value)
                              + " bytes; at most "
                              + maxValue
                              + " bytes are accepted"));
                }
              });
    }
    long sparkTotal = 0;
    long maxSparkValue = properties.maxSparkValue().toBytes();
    for (Map.Entry<String, Object> conf : advance.sparkConfig().entrySet()) {
      long valueBytes = utf8(String.valueOf(conf.getValue()));
      sparkTotal += utf8(conf.getKey()) + valueBytes + 2;
      if (valueBytes > maxSparkValue) {
        errors.add(
            new FieldError(
                "advance_config.spark_config." + abbreviate(conf.getKey()),
                "is " + valueBytes + " bytes; at most " + maxSparkValue + " bytes are accepted"));
      }
    }
    long maxSpark = properties.maxSparkConfig().toBytes();
    if (sparkTotal > maxSpark) {
      errors.add(
          new FieldError(
              "advance_config.spark_config",
              "is " + sparkTotal + " bytes; at most " + maxSpark + " bytes are accepted"));
    }
    for (String key : r.labels().keySet()) {
      if (key.length() > 253) {
        errors.add(new FieldError("labels", "a key is longer than 253 characters"));
        break;
      }
    }
    checkTagBytes(r.tags(), errors);
  }

  private void checkTagBytes(List<String> tags, List<FieldError> errors) {
    long tagBytes = tags.stream().mapToLong(RequestLimits::utf8).sum();
    long maxTags = properties.maxTagsTotal().toBytes();
    if (tagBytes > maxTags) {
      errors.add(
          new FieldError(
              "tags", "are " + tagBytes + " bytes together; at most " + maxTags + " are accepted"));
    }
  }

  private static void checkTagText(List<String> tags, List<FieldError> errors) {
    for (int i = 0; i < tags.size(); i++) {
      TextRules.check("tags[" + i + "]", tags.get(i), false, errors);
    }
  }

  private static String abbreviate(String key) {
    return key.length() <= 100 ? key : key.substring(0, 100) + "...";
  }

  private static long utf8(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
