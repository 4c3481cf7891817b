package com.darwin.compute.core.access;

import com.darwin.compute.core.render.EnvironmentVariables;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The settings of a cluster that decide what runs in its pods, or what they read, beyond the
 * runtime's image: its owner's and admins' to change, never a share's (no share gives a shell, as
 * for remote commands). A share can otherwise plant code that runs at every start of the owner's
 * cluster, long after the share is gone: an init script, {@code BASH_ENV} or {@code LD_PRELOAD}
 * among the environment variables, a Spark option such as {@code extraJavaOptions}, or the Secrets
 * of the namespace read into the pods.
 */
enum OwnerOnlySetting {
  INIT_SCRIPT("init script", "runs as a shell in its pods", a -> a.initScript().strip()),
  // The variables in effect, in order: spacing, comments and line endings are not a change (a
  // browser's text box sends \n where the API was sent \r\n).
  ENVIRONMENT_VARIABLES(
      "environment variables",
      "reach every process of its pods (BASH_ENV or LD_PRELOAD run code)",
      a -> List.copyOf(EnvironmentVariables.parseValid(a.environmentVariables()).entrySet())),
  ENV_FROM_SECRETS(
      "Secrets its pods take variables from",
      "are read into its pods",
      AdvanceConfig::secretSources),
  // As spark-defaults.conf has them: 4 and "4" are the same setting.
  SPARK_CONFIG(
      "Spark configuration",
      "sets the options of every Spark JVM in its pods (extraJavaOptions runs code)",
      a -> {
        Map<String, String> written = new TreeMap<>();
        a.sparkConfig().forEach((key, value) -> written.put(key, String.valueOf(value)));
        return written;
      });

  /** What the owner sets when nothing is sent: an empty advance_config. */
  private static final AdvanceConfig NONE =
      new AdvanceConfig(null, null, null, null, null, null, null);

  private final String label;
  private final String reason;
  private final Function<AdvanceConfig, Object> value;

  OwnerOnlySetting(String label, String reason, Function<AdvanceConfig, Object> value) {
    this.label = label;
    this.reason = reason;
    this.value = value;
  }

  /** The setting as a request has it: compared with equals (strings, lists, maps). */
  Object of(ClusterRequest request) {
    AdvanceConfig config = request.advanceConfig() == null ? NONE : request.advanceConfig();
    return value.apply(config);
  }

  boolean changedBy(ClusterRequest stored, ClusterRequest edit) {
    return !of(stored).equals(of(edit));
  }

  /** Why a share may not change it, for the 403's message. */
  String refusal(String clusterId, String owner) {
    return "The "
        + label
        + " of cluster "
        + clusterId
        + " "
        + reason
        + ": only its owner ("
        + owner
        + ") and admins may change it; a share, even can_manage, gives no shell";
  }
}
