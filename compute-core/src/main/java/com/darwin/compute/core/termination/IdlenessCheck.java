package com.darwin.compute.core.termination;

import java.io.IOException;
import java.time.Instant;

/** One sign of use a cluster may show (a policy of the Python service). */
public interface IdlenessCheck {

  /** Where a cluster's Ray dashboard and Jupyter answer. */
  record Endpoints(String dashboard, String jupyter) {}

  /**
   * @return a reason when the cluster is in use, or null when this check sees no use
   * @throws IOException when the check could not be made (it then proves nothing)
   */
  String inUse(Endpoints endpoints, Instant now) throws IOException;
}
