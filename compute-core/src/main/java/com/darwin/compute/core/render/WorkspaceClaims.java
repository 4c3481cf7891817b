package com.darwin.compute.core.render;

import com.darwin.compute.core.render.WorkspaceSettings.ClaimScope;
import java.util.Map;

/**
 * Whose workspace a cluster mounts, decided in one place: its project's when claims are per project
 * and the cluster names one in its project label, else its owner's. A cluster's rendering and a
 * Spark History Server reading that cluster's event logs from the workspace must agree.
 */
public final class WorkspaceClaims {

  private WorkspaceClaims() {}

  /** The project whose workspace the cluster mounts, or null when it mounts its owner's. */
  public static String projectOf(
      ClaimScope scope, String projectLabel, Map<String, String> labels) {
    if (scope != ClaimScope.PROJECT || projectLabel == null || labels == null) {
      return null;
    }
    String project = labels.get(projectLabel);
    return project == null || project.isBlank() ? null : project;
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
