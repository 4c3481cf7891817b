package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's init script ({@code advance_config.init_script}) in a ConfigMap, run on every pod
 * before Ray starts. KubeRay puts the Ray container's own command in front of the {@code ray start}
 * it generates ({@code <command> && ray start ...}), so the runner is that command. The runner
 * bounds the script by a timeout and always exits 0: Ray starts whatever the outcome, and the log
 * (in the workspace when the pod has one) says what happened. Requests whose script is too large to
 * run this way are rejected up front.
 */
final class InitScriptConfigMap {

  static final String MOUNT_PATH = "/etc/darwin/init";

  /**
   * KILL this long after the TERM at the timeout: a script ignoring TERM must not hold Ray back.
   */
  static final long KILL_AFTER_SECONDS = 10;

  private InitScriptConfigMap() {}

  /** The ConfigMap, or empty when the request has no init script. */
  static Optional<ConfigMap> of(RenderInput input, Map<String, String> labels, Duration timeout) {
    String script = input.spec().advanceConfig().initScript();
    if (script == null || script.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ResourceNames.INIT_SCRIPT_KEY, normalised(script));
    data.put(ResourceNames.INIT_RUNNER_KEY, runner(timeout));
    return Optional.of(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(ResourceNames.initScriptConfigMap(input.clusterId()))
            .withNamespace(input.namespace())
            .withLabels(new LinkedHashMap<>(labels))
            .endMetadata()
            .withData(data)
            .build());
  }

  /** The Ray container's command: KubeRay runs it, then {@code ray start}. */
  static List<String> command() {
    return List.of("bash", MOUNT_PATH + "/" + ResourceNames.INIT_RUNNER_KEY);
  }

  static Volume volume(String clusterId) {
    return new VolumeBuilder()
        .withName(ResourceNames.INIT_SCRIPT_VOLUME)
        .withNewConfigMap()
        .withName(ResourceNames.initScriptConfigMap(clusterId))
        .endConfigMap()
        .build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(ResourceNames.INIT_SCRIPT_VOLUME)
        .withMountPath(MOUNT_PATH)
        .withReadOnly(true)
        .build();
  }

  private static String normalised(String script) {
    String unix = script.replace("\r\n", "\n").replace('\r', '\n');
    return unix.endsWith("\n") ? unix : unix + "\n";
  }

  static String runner(Duration timeout) {
    return """
        #!/bin/bash
        # Written by Darwin Compute. Runs the cluster's init script once per pod start, before Ray
        # starts, for at most %d seconds. Always exits 0 so that Ray starts anyway.
        log_dir="${WORKSPACE_DIR:-/tmp}/.darwin/init-logs"
        log="$log_dir/${CLUSTER_ID}-${MY_POD_NAME}.log"
        { mkdir -p "$log_dir" && : >> "$log"; } 2>/dev/null ||
          log="/tmp/${CLUSTER_ID}-${MY_POD_NAME}.log"
        echo "init script started at $(date -u +%%FT%%TZ)" > "$log"
        if timeout -k %d %d bash -e %s/%s >> "$log" 2>&1; then
          echo "init script succeeded at $(date -u +%%FT%%TZ)" >> "$log"
        else
          echo "init script failed (exit code $?) at $(date -u +%%FT%%TZ)" >> "$log"
        fi
        exit 0
        """
        .formatted(
            timeout.toSeconds(),
            KILL_AFTER_SECONDS,
            timeout.toSeconds(),
            MOUNT_PATH,
            ResourceNames.INIT_SCRIPT_KEY);
  }
}
