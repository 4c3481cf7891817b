package com.darwin.compute.core.access;

import com.darwin.compute.model.access.PrincipalKind;

/**
 * The one wording of a share refused for something reserved that the cluster uses ({@link
 * SharedSecrets}, {@link SharedGrants}): which share, what it was not granted, and why that
 * matters.
 */
final class ShareRefusal {

  private ShareRefusal() {}

  /**
   * @param relation {@code may not be shared with} (a new share) or {@code is shared with} (an
   *     edit)
   * @param notGranted what the share was not granted ({@code Secret platform-db})
   * @param why how the cluster uses it and where grants are set
   */
  static AccessDeniedException of(
      String clusterId,
      String relation,
      PrincipalKind kind,
      String principal,
      String notGranted,
      String why) {
    return new AccessDeniedException(
        "grant",
        "Cluster "
            + clusterId
            + " "
            + relation
            + " "
            + kind.wireName()
            + " "
            + principal
            + ", not granted "
            + notGranted
            + ", "
            + why
            + ", or ask an admin of Darwin Compute");
  }
}
