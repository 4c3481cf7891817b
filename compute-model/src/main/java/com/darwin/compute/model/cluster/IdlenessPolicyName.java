package com.darwin.compute.model.cluster;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The auto-termination policy names the Python service and the SDK use ({@code policy_name} of an
 * {@link AutoTerminationPolicy}). Validation and the idleness checks share this one vocabulary.
 */
public enum IdlenessPolicyName {
  JUPYTER_LAB_ACTIVITY("JupyterLabActivity"),
  CLUSTER_CPU_USAGE("ClusterCPUUsage"),
  ACTIVE_RAY_JOB("ActiveRayJob");

  private final String wireName;

  IdlenessPolicyName(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<IdlenessPolicyName> fromWire(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }

  /** The wire names in alphabetical order, for error messages. */
  public static Set<String> wireNames() {
    return Arrays.stream(values())
        .map(IdlenessPolicyName::wireName)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
