package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * Liveness and readiness probes of the Ray container, checking what KubeRay's own injected probes
 * check: from Ray 2.53 the dashboard agent's single {@code /api/healthz}; before that the raylet
 * (through the dashboard agent) and, on the head, the GCS (through the dashboard). Rendered rather
 * than left to the operator so the timings are ours (configuration) and the preview shows them.
 */
final class RayProbes {

  static final int DASHBOARD_AGENT_PORT = RayPorts.DASHBOARD_AGENT;
  static final int DASHBOARD_PORT = RayPorts.DASHBOARD;

  private RayProbes() {}

  static Probe readiness(boolean head, String rayVersion, PodSettings.ProbeSettings timings) {
    return base(head, rayVersion, timings)
        .withInitialDelaySeconds(timings.readinessInitialDelaySeconds())
        .withPeriodSeconds(timings.readinessPeriodSeconds())
        .withFailureThreshold(timings.readinessFailureThreshold())
        .build();
  }

  static Probe liveness(boolean head, String rayVersion, PodSettings.ProbeSettings timings) {
    return base(head, rayVersion, timings)
        .withInitialDelaySeconds(timings.livenessInitialDelaySeconds())
        .withPeriodSeconds(timings.livenessPeriodSeconds())
        .withFailureThreshold(timings.livenessFailureThreshold())
        .build();
  }

  private static ProbeBuilder base(
      boolean head, String rayVersion, PodSettings.ProbeSettings timings) {
    ProbeBuilder probe =
        new ProbeBuilder()
            .withTimeoutSeconds(
                head ? timings.headTimeoutSeconds() : timings.workerTimeoutSeconds())
            .withSuccessThreshold(1);
    if (RuntimeVersions.atLeast(rayVersion, 2, 53)) {
      return probe
          .withNewHttpGet()
          .withPath("/api/healthz")
          .withPort(new IntOrString(DASHBOARD_AGENT_PORT))
          .endHttpGet();
    }
    String raylet =
        wget(timings.workerTimeoutSeconds(), DASHBOARD_AGENT_PORT, "api/local_raylet_healthz");
    String command =
        head
            ? raylet
                + " && "
                + wget(timings.headTimeoutSeconds(), DASHBOARD_PORT, "api/gcs_healthz")
            : raylet;
    return probe.withNewExec().withCommand("bash", "-c", command).endExec();
  }

  private static String wget(int timeoutSeconds, int port, String path) {
    return "wget --tries 1 -T "
        + timeoutSeconds
        + " -q -O- http://localhost:"
        + port
        + "/"
        + path
        + " | grep success";
  }
}
