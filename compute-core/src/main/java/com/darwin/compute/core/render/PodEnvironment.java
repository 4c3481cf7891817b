package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The environment of the Ray and Jupyter containers: the mandatory variables first (see {@link
 * EnvironmentVariables#MANDATORY}), then the user's {@code K=V} lines in their order.
 */
final class PodEnvironment {

  private PodEnvironment() {}

  /**
   * @param sparkConfDir where spark-defaults.conf is mounted
   * @param workspaceDir the workspace mount path, or null when this pod has no workspace
   */
  static List<EnvVar> of(RenderInput input, String sparkConfDir, String workspaceDir) {
    List<EnvVar> env = new ArrayList<>();
    env.add(value("CLUSTER_ID", input.clusterId()));
    env.add(value("CLUSTER_NAME", input.spec().clusterName()));
    env.add(value("CREATED_BY", input.owner()));
    env.add(value("CLOUD_ENV", input.cloudEnv()));
    // Minutes of inactivity before auto-termination (-1: never), for notebooks that want to warn.
    env.add(value("TERMINATE_AFTER", String.valueOf(input.spec().inactiveTime())));
    env.add(field("MY_POD_IP", "status.podIP"));
    env.add(field("MY_POD_NAME", "metadata.name"));
    env.add(value("SPARK_CONF_DIR", sparkConfDir));
    if (workspaceDir != null) {
      env.add(value("WORKSPACE_DIR", workspaceDir));
    }
    // The runtime's Spark flags, read by its start-up hooks; absent when off (the default).
    if (input.runtime().sparkConnect()) {
      env.add(value("SPARK_CONNECT_ENABLED", "true"));
    }
    if (input.runtime().sparkAutoInit()) {
      env.add(value("IS_SPARK_AUTO_INITIALIZATION", "true"));
    }
    EnvironmentVariables.parseValid(input.spec().advanceConfig().environmentVariables())
        .forEach((k, v) -> env.add(userValue(k, v)));
    return env;
  }

  /**
   * The Secrets of {@code advance_config.env_from_secrets}, each key a variable ({@code envFrom}):
   * the values stay in Kubernetes and never pass through this service. Null when there are none, so
   * the container is rendered as before. Explicit {@code env} entries win over these.
   */
  static List<EnvFromSource> fromSecrets(RenderInput input) {
    List<EnvFromSource> sources =
        EnvironmentVariables.validSecretSources(input.spec().advanceConfig().envFromSecrets())
            .stream()
            .map(
                name ->
                    new EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .withName(name)
                        .endSecretRef()
                        .build())
            .toList();
    return sources.isEmpty() ? null : sources;
  }

  /** A user variable: {@code secret:NAME/KEY} is read from the Secret, never written here. */
  private static EnvVar userValue(String name, String value) {
    return EnvironmentVariables.secretRef(value)
        .map(
            ref ->
                new EnvVarBuilder()
                    .withName(name)
                    .withNewValueFrom()
                    .withNewSecretKeyRef(ref.key(), ref.secret(), false)
                    .endValueFrom()
                    .build())
        .orElseGet(() -> value(name, value));
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar field(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
