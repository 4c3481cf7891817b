package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * The persistent workspace at {@code /home/ray/fsx}. Always on the head (where Jupyter runs); on
 * every worker group too when the cluster carries the {@code workspace: shared} label (the Darwin
 * README). The claim is named after the owner or project, never chosen at random, and is never
 * owned by the RayCluster: deleting a cluster must not delete anyone's files.
 */
final class WorkspaceVolumes {

  private final WorkspaceSettings settings;
  private final String claimName;
  private final String scopeKey;
  private final boolean shared;

  private WorkspaceVolumes(
      WorkspaceSettings settings, String claimName, String scopeKey, boolean shared) {
    this.settings = settings;
    this.claimName = claimName;
    this.scopeKey = scopeKey;
    this.shared = shared;
  }

  /** The workspace of this cluster, or empty when workspaces are turned off. */
  static Optional<WorkspaceVolumes> of(RenderInput input, WorkspaceSettings settings) {
    if (settings == null || !settings.enabled()) {
      return Optional.empty();
    }
    Map<String, String> labels = input.spec().labels();
    String project = WorkspaceClaims.projectOf(settings.scope(), settings.projectLabel(), labels);
    String key = project != null ? project : input.owner();
    boolean shared =
        WorkspaceClaims.onWorkers(settings.sharedLabelKey(), settings.sharedLabelValue(), labels);
    return Optional.of(
        new WorkspaceVolumes(
            settings,
            WorkspaceClaims.ofCluster(
                settings.claimPrefix(),
                settings.scope(),
                settings.projectLabel(),
                labels,
                input.owner()),
            key,
            shared));
  }

  String claimName() {
    return claimName;
  }

  String mountPath() {
    return settings.mountPath();
  }

  boolean onWorkers() {
    return shared;
  }

  Volume volume() {
    return new VolumeBuilder()
        .withName(ResourceNames.WORKSPACE_VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(claimName)
        .endPersistentVolumeClaim()
        .build();
  }

  VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(ResourceNames.WORKSPACE_VOLUME)
        .withMountPath(settings.mountPath())
        .build();
  }

  /**
   * The claim to create when it does not exist yet, or empty when the platform provisions claims.
   * Labelled as ours but with no cluster id and no owner reference: it outlives every cluster.
   */
  Optional<PersistentVolumeClaim> claim(String namespace) {
    return WorkspaceClaims.toProvision(settings, claimName, scopeKey, namespace);
  }
}
