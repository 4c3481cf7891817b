package com.darwin.compute.core.termination;

import com.darwin.compute.core.ray.RayDashboardClient;
import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.IdlenessPolicyName;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds a cluster's checks from its auto-termination policies, with the Python service's names and
 * parameters: {@code JupyterLabActivity} (expiry_time minutes, kernel_activity, terminal_activity),
 * {@code ClusterCPUUsage} (head_node_cpu_usage_threshold, worker_node_cpu_usage_threshold,
 * percent), {@code ActiveRayJob}.
 */
@Component
public class IdlenessChecks {

  private final RayDashboardClient ray;

  /**
   * The longest expiry a stored policy is read with: requests are checked against the configured
   * maximum now, but a cluster stored before that check may hold any number, and one past what an
   * Instant can subtract failed its check at every sweep, so the cluster was never stopped. The
   * shortest is a minute, as requests are checked for (a stored 0 or less read as a minute).
   */
  static final long MAX_EXPIRY_MINUTES = Duration.ofDays(366).toMinutes();

  public IdlenessChecks(RayDashboardClient ray) {
    this.ray = ray;
  }

  public List<IdlenessCheck> of(List<AutoTerminationPolicy> policies) {
    List<IdlenessCheck> checks = new ArrayList<>();
    if (policies == null) {
      return checks;
    }
    for (AutoTerminationPolicy policy : policies) {
      if (!Boolean.TRUE.equals(policy.enabled())) {
        continue;
      }
      Map<String, Object> p = policy.params();
      IdlenessPolicyName name =
          IdlenessPolicyName.fromWire(policy.policyName())
              .orElseThrow(
                  () -> new IllegalArgumentException("unknown policy " + policy.policyName()));
      switch (name) {
        case JUPYTER_LAB_ACTIVITY ->
            checks.add(
                jupyter(
                    Duration.ofMinutes(
                        Math.max(1, Math.min(number(p, "expiry_time", 5), MAX_EXPIRY_MINUTES))),
                    bool(p, "kernel_activity", true),
                    bool(p, "terminal_activity", false)));
        case CLUSTER_CPU_USAGE ->
            checks.add(
                cpu(
                    number(p, "head_node_cpu_usage_threshold", 100),
                    number(p, "worker_node_cpu_usage_threshold", 10)));
        case ACTIVE_RAY_JOB -> checks.add(this::runningJob);
      }
    }
    return checks;
  }

  private IdlenessCheck jupyter(Duration expiry, boolean kernels, boolean terminals) {
    return (endpoints, now) -> {
      if (kernels) {
        for (var kernel : ray.kernels(endpoints.jupyter())) {
          if ("busy".equals(kernel.executionState())) {
            return "a Jupyter kernel is busy";
          }
          if (kernel.lastActivity() != null && kernel.lastActivity().isAfter(now.minus(expiry))) {
            return "a Jupyter kernel was active within " + expiry.toMinutes() + " minutes";
          }
        }
      }
      if (terminals) {
        for (var lastActivity : ray.terminals(endpoints.jupyter())) {
          if (lastActivity != null && lastActivity.isAfter(now.minus(expiry))) {
            return "a Jupyter terminal was active within " + expiry.toMinutes() + " minutes";
          }
        }
      }
      return null;
    };
  }

  private IdlenessCheck cpu(double headThreshold, double workerThreshold) {
    return (endpoints, now) -> {
      for (var node : ray.nodes(endpoints.dashboard())) {
        double threshold = node.head() ? headThreshold : workerThreshold;
        if (node.cpuPercent() > threshold) {
          return (node.head() ? "head" : "a worker")
              + " uses "
              + node.cpuPercent()
              + "% CPU (threshold "
              + threshold
              + "%)";
        }
      }
      return null;
    };
  }

  /**
   * A submitted job that is running, or still starting: Ray keeps one PENDING while its runtime
   * environment is set up or it waits for the autoscaler's nodes (up to a quarter of an hour), and
   * stopping the cluster then would kill the job it is being scaled for.
   */
  private String runningJob(IdlenessCheck.Endpoints endpoints, Instant now) throws IOException {
    for (var job : ray.jobs(endpoints.dashboard())) {
      if ("SUBMISSION".equals(job.type()) && "RUNNING".equals(job.status())) {
        return "a Ray job is running";
      }
      if ("SUBMISSION".equals(job.type()) && "PENDING".equals(job.status())) {
        return "a Ray job is starting";
      }
    }
    return null;
  }

  static double number(Map<String, Object> params, String key, double fallback) {
    Object v = params.get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      return Double.parseDouble(s);
    }
    return fallback;
  }

  private static long number(Map<String, Object> params, String key, long fallback) {
    return (long) number(params, key, (double) fallback);
  }

  private static boolean bool(Map<String, Object> params, String key, boolean fallback) {
    Object v = params.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return Boolean.parseBoolean(s);
    }
    return fallback;
  }
}
