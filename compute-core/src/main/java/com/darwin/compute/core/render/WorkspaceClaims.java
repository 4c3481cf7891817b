package com.darwin.compute.core.render;

import com.darwin.compute.core.render.WorkspaceSettings.ClaimScope;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whose workspace a cluster mounts, decided in one place: its project's when claims are per project
 * and the cluster names one in its project label, else its owner's. A cluster's rendering and a
 * Spark History Server reading that cluster's event logs from the workspace must agree.
 */
public final class WorkspaceClaims {

  private WorkspaceClaims() {}

  /**
   * Whether the cluster's workers mount the workspace too: it carries the shared label ({@code
   * workspace: shared}). A library copied from the workspace needs it on every pod.
   */
  public static boolean onWorkers(
      String sharedLabelKey, String sharedLabelValue, Map<String, String> labels) {
    return sharedLabelKey != null
        && sharedLabelValue != null
        && labels != null
        && sharedLabelValue.equals(labels.get(sharedLabelKey));
  }

  /** The project whose workspace the cluster mounts, or null when it mounts its owner's. */
  public static String projectOf(
      ClaimScope scope, String projectLabel, Map<String, String> labels) {
    if (scope != ClaimScope.PROJECT || projectLabel == null || labels == null) {
      return null;
    }
    String project = labels.get(projectLabel);
    return project == null || project.isBlank() ? null : project;
  }

  /**
   * The workspace claim to create when it does not exist yet, or empty when the platform provisions
   * claims. Labelled as ours but with no owner reference: it outlives every cluster and pod that
   * mounts it.
   *
   * @param scopeKey whose workspace it is (an owner, a project, or {@code shared})
   */
  public static Optional<PersistentVolumeClaim> toProvision(
      WorkspaceSettings settings, String claimName, String scopeKey, String namespace) {
    if (!settings.provisionClaims()) {
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE);
    labels.put(ResourceNames.WORKSPACE_LABEL, ResourceNames.labelValue(scopeKey));
    return Optional.of(
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(claimName)
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withAccessModes(settings.accessModes())
            .withStorageClassName(settings.storageClass())
            .withNewResources()
            .addToRequests("storage", new Quantity(settings.size()))
            .endResources()
            .endSpec()
            .build());
  }

  /** The name of the workspace claim the cluster mounts. */
  public static String ofCluster(
      String prefix,
      ClaimScope scope,
      String projectLabel,
      Map<String, String> labels,
      String owner) {
    String project = projectOf(scope, projectLabel, labels);
    return project != null
        ? ResourceNames.workspaceClaim(prefix, "project", project)
        : ResourceNames.workspaceClaim(prefix, "user", owner);
  }
}
