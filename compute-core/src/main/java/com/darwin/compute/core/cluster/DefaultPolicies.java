package com.darwin.compute.core.cluster;

import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.IdlenessPolicyName;
import java.util.List;
import java.util.Map;

/**
 * The idleness policies a cluster gets when its request names none: the SDK's defaults. (The Python
 * API defaulted to none, so any cluster created without policies looked idle.)
 */
public final class DefaultPolicies {

  public static final List<AutoTerminationPolicy> SDK_DEFAULTS =
      List.of(
          new AutoTerminationPolicy(
              IdlenessPolicyName.JUPYTER_LAB_ACTIVITY.wireName(),
              true,
              Map.of("expiry_time", 5, "kernel_activity", true, "terminal_activity", false)),
          new AutoTerminationPolicy(
              IdlenessPolicyName.CLUSTER_CPU_USAGE.wireName(),
              true,
              Map.of("head_node_cpu_usage_threshold", 100, "worker_node_cpu_usage_threshold", 10)),
          new AutoTerminationPolicy(IdlenessPolicyName.ACTIVE_RAY_JOB.wireName(), true, Map.of()));

  private DefaultPolicies() {}
}
