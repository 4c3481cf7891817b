package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.ClusterConflictException;

/**
 * An edit was checked against one version of a cluster's spec and another had replaced it by the
 * time it was applied (another edit, a transfer, a move): what the edit keeps of the stored spec,
 * and what its caller may change, were judged on the older one. The caller checks it again.
 */
public class ChangedSinceCheckedException extends ClusterConflictException {

  public ChangedSinceCheckedException(String clusterId, int checkedVersion, int currentVersion) {
    super(
        "Cluster "
            + clusterId
            + " was changed by someone else while this edit was checked (version "
            + checkedVersion
            + " became "
            + currentVersion
            + "); read it again and resend the edit");
  }
}
