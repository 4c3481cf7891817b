package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.sdk.WaitOptions;
import java.time.Duration;

/** Waits with a progress display and a closing line, for every command that waits. */
final class Waits {

  private Waits() {}

  static ClusterMetadata await(
      ComputeCli cli, String clusterId, ClusterStatus target, Duration timeout) {
    ProgressDisplay display = new ProgressDisplay(cli.err(), cli.interactive());
    try {
      ClusterMetadata row =
          cli.client()
              .awaitStatus(clusterId, target, WaitOptions.timeout(timeout).withProgress(display));
      display.finish();
      cli.err().println(clusterId + " is " + row.status().wireName());
      return row;
    } finally {
      display.finish();
    }
  }
}
