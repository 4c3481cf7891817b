package com.darwin.compute.core.cluster;

import com.darwin.compute.core.timeline.TimelineAction;
import java.util.List;

/**
 * Which request an apply failure failed, told from the run's timeline: the newest lifecycle entry
 * of the run is what the reconciler was applying. The initial start (and a start by an edit of a
 * stopped cluster) keeps {@code Apply Failed} ({@code APPLY_FAILED}, sent to Chronos as {@code
 * CLUSTER_START_FAILED}); a restart's failure is {@code CLUSTER_RESTART_FAILED}, an edit's (applied
 * in place, or by the restart it caused) {@code CLUSTER_UPDATION_FAILED}.
 */
public final class ApplyFailures {

  public static final String START = TimelineAction.APPLY_FAILED.wireName();
  public static final String RESTART = TimelineAction.RESTART_APPLY_FAILED.wireName();
  public static final String UPDATE = TimelineAction.UPDATE_APPLY_FAILED.wireName();

  private ApplyFailures() {}

  /**
   * @param runActionsNewestFirst the action names of the cluster's current run, newest first
   */
  public static String actionFor(List<String> runActionsNewestFirst) {
    for (int i = 0; i < runActionsNewestFirst.size(); i++) {
      String action = runActionsNewestFirst.get(i);
      if (TimelineAction.STARTED.wireName().equals(action)) {
        return START;
      }
      if (TimelineAction.UPDATING.wireName().equals(action)) {
        return UPDATE;
      }
      if (TimelineAction.RESTARTING.wireName().equals(action)) {
        // An edit that changed the pod templates records its restart right after itself.
        boolean byEdit =
            i + 1 < runActionsNewestFirst.size()
                && TimelineAction.UPDATING.wireName().equals(runActionsNewestFirst.get(i + 1));
        return byEdit ? UPDATE : RESTART;
      }
      // status transitions, earlier failures and the like: look further back

    }
    return START;
  }
}
