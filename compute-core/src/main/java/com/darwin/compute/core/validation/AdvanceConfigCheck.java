package com.darwin.compute.core.validation;

import com.darwin.compute.core.render.EnvironmentVariables;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.ServiceAccounts;
import com.darwin.compute.core.render.SparkConfigMap;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.common.FieldError;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The advanced settings: environment variables and Secret sources as the renderer reads them, Ray
 * CPUs on the head within its cores, Spark properties that fit spark-defaults.conf and leave
 * Darwin's own alone, and a known instance role.
 */
final class AdvanceConfigCheck {

  /** What Spark's property names are made of, none of it syntax in spark-defaults.conf. */
  private static final Pattern SPARK_PROPERTY = Pattern.compile("[A-Za-z0-9._*/\\[\\]-]+");

  private final RenderSettings renderSettings;

  AdvanceConfigCheck(RenderSettings renderSettings) {
    this.renderSettings = renderSettings;
  }

  void check(ClusterRequest request, List<FieldError> errors) {
    try {
      EnvironmentVariables.parse(request.advanceConfig().environmentVariables());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("advance_config.environment_variables", e.getMessage()));
    }
    checkSecretSources(request.advanceConfig().secretSources(), errors);
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
      if (!SPARK_PROPERTY.matcher(conf.getKey()).matches()) {
        // Spark reads the file as Java properties: '=' or ':' in a name ends it there (and sets
        // another property, even one of Darwin's), a backslash escapes, '#' and '!' start a
        // comment.
        errors.add(
            new FieldError(
                path, "a Spark property name has only letters, digits and . _ - * / [ ]"));
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
