package com.darwin.compute.core.render;

import java.util.List;

/**
 * The persistent workspace every cluster mounts at {@code mountPath} ({@code /home/ray/fsx}).
 *
 * @param enabled false renders no workspace at all (a platform without shared storage)
 * @param scope whose workspace a cluster mounts: its owner's, or its project's
 * @param projectLabel the user label naming the project when {@code scope} is {@code PROJECT}
 * @param claimPrefix prefix of the PersistentVolumeClaim names
 * @param provisionClaims true: the control plane creates a missing claim ({@code storageClass},
 *     {@code size}, {@code accessModes}); false: claims are provisioned by the platform beforehand
 * @param sharedLabelKey with {@code sharedLabelValue}, the user label that mounts the workspace on
 *     the workers too ({@code workspace: shared})
 */
public record WorkspaceSettings(
    boolean enabled,
    String mountPath,
    ClaimScope scope,
    String projectLabel,
    String claimPrefix,
    boolean provisionClaims,
    String storageClass,
    String size,
    List<String> accessModes,
    String sharedLabelKey,
    String sharedLabelValue) {

  public WorkspaceSettings {
    scope = scope == null ? ClaimScope.OWNER : scope;
    accessModes = accessModes == null ? List.of("ReadWriteMany") : List.copyOf(accessModes);
  }

  /** Whose workspace a cluster mounts. */
  public enum ClaimScope {
    /** One workspace per cluster owner ({@code user}). */
    OWNER,
    /**
     * One per project (the {@code projectLabel} label); clusters without that label fall back to
     * their owner's workspace.
     */
    PROJECT
  }
}
