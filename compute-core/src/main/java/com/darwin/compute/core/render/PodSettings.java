package com.darwin.compute.core.render;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the pods that are not about placement.
 *
 * @param probes timings of the Ray container's liveness and readiness probes
 * @param jupyter the Jupyter container of the head pod
 * @param initScriptTimeout how long an init script may run before Ray starts anyway; keep it well
 *     inside the liveness budget (initial delay + period x failure threshold), or the kubelet
 *     restarts the container mid-script
 * @param diskStorageClasses {@code disk_setting.disk_type} to the StorageClass of the scratch
 *     volume
 * @param diskMountPath where the scratch volume is mounted
 * @param instanceRoles {@code advance_config.instance_role} to Kubernetes service account
 * @param defaultInstanceRole the role of a request that names none
 */
public record PodSettings(
    ProbeSettings probes,
    JupyterSettings jupyter,
    Duration initScriptTimeout,
    Map<String, String> diskStorageClasses,
    String diskMountPath,
    List<InstanceRoleSetting> instanceRoles,
    String defaultInstanceRole) {

  public PodSettings {
    diskStorageClasses = diskStorageClasses == null ? Map.of() : Map.copyOf(diskStorageClasses);
    instanceRoles = instanceRoles == null ? List.of() : List.copyOf(instanceRoles);
  }

  /**
   * Probe timings. The defaults KubeRay itself injects when a template has no probes are 10 s / 5 s
   * / 10 failures (readiness) and 30 s / 5 s / 120 failures (liveness); the head's timeout is
   * longer because it checks two endpoints.
   */
  public record ProbeSettings(
      int readinessInitialDelaySeconds,
      int readinessPeriodSeconds,
      int readinessFailureThreshold,
      int livenessInitialDelaySeconds,
      int livenessPeriodSeconds,
      int livenessFailureThreshold,
      int headTimeoutSeconds,
      int workerTimeoutSeconds) {}

  /** The Jupyter container: its port, size and readiness probe. */
  public record JupyterSettings(
      int port,
      String cpu,
      String memory,
      int readinessPeriodSeconds,
      int readinessFailureThreshold) {}

  /** An instance role users may pick, by id or display name, and the service account it maps to. */
  public record InstanceRoleSetting(String id, String displayName, String serviceAccountName) {}
}
