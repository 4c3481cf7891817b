package com.darwin.compute.core.validation;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.IdlenessPolicyName;
import com.darwin.compute.model.common.FieldError;
import java.util.List;
import java.util.Map;

/**
 * Auto-termination policies: names are the Python service's; parameters must be numbers or booleans
 * as named.
 */
final class PolicyParameterCheck {

  /**
   * The longest numeric string taken as a number. The range checks read no longer one, so a value
   * of 41 digits passed both and, clamped to a long, overflowed the sweep's arithmetic on every
   * run: the cluster was never stopped.
   */
  static final int MAX_NUMERIC_STRING = 40;

  /** A finite JSON number, or a decimal numeric string the range checks can read. */
  static boolean isNumber(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d);
    }
    if (v instanceof Float f) {
      return Float.isFinite(f);
    }
    return v instanceof Number
        || (v instanceof String t
            && t.length() <= MAX_NUMERIC_STRING
            && t.matches("-?\\d+(\\.\\d+)?"));
  }

  void check(ClusterRequest request, List<FieldError> errors) {
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
        boolean number = isNumber(v);
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
                  wantsFlag
                      ? "must be true or false"
                      : "must be a number (a numeric string of at most "
                          + MAX_NUMERIC_STRING
                          + " characters)"));
        }
      }
    }
  }
}
