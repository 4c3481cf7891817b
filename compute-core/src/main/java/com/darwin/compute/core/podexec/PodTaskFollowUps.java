package com.darwin.compute.core.podexec;

import com.darwin.compute.core.config.SchedulingConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Starts a pod's next library or command soon after its last one reports, instead of at the
 * runner's next pass: a queue of installs or commands on a pod otherwise waited up to a whole
 * interval between each. Runs the reporting clusters (after those first in line for a free exec,
 * {@link PodTaskRunner#runReported}), one run at a time, under the runner's lock, so never beside a
 * pass on any replica; when the lock is held, the clusters are tried again after the delay (the
 * pass holding it may have visited them before they reported). Reports within {@code
 * follow-up-delay} of each other share one run. A scheduled pass that finds the lock held does not
 * wait for it, so when runs keep it busy long enough for this replica's passes to fall two
 * intervals behind, a run does the pass instead.
 */
@Component
@ConditionalOnProperty(
    name = "compute.scheduling.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class PodTaskFollowUps {

  private static final Logger log = LoggerFactory.getLogger(PodTaskFollowUps.class);

  private static final Duration LOCK_AT_MOST_FOR =
      Duration.parse(SchedulingConfiguration.LOCK_AT_MOST_FOR);

  private final PodTaskRunner runner;
  private final TaskScheduler scheduler;
  private final LockingTaskExecutor locks;
  private final Duration delay;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  public PodTaskFollowUps(
      PodTaskRunner runner,
      TaskScheduler scheduler,
      LockProvider lockProvider,
      PodTaskProperties properties) {
    this.runner = runner;
    this.scheduler = scheduler;
    this.locks = new DefaultLockingTaskExecutor(lockProvider);
    this.delay = properties.followUpDelay();
  }

  @EventListener
  public void reported(PodTaskReported report) {
    reported.add(report.clusterId());
    scheduleIfReported();
  }

  /** Schedules a run when there is something to run and no run is scheduled or running. */
  private void scheduleIfReported() {
    if (!reported.isEmpty() && scheduled.compareAndSet(false, true)) {
      try {
        scheduler.schedule(this::runReported, scheduler.getClock().instant().plus(delay));
      } catch (RuntimeException e) {
        scheduled.set(false); // refused (shutting down): the passes start the work
        log.debug("No follow-up of reported pod tasks: {}", e.toString());
      }
    }
  }

  void runReported() {
    List<String> clusterIds = new ArrayList<>();
    for (Iterator<String> it = reported.iterator(); it.hasNext(); ) {
      clusterIds.add(it.next());
      it.remove();
    }
    try {
      if (!clusterIds.isEmpty() && !runLocked(clusterIds)) {
        // A pass (or another replica's follow-up) holds the lock and may have visited these
        // clusters before they reported: try again after the delay.
        reported.addAll(clusterIds);
      }
    } catch (RuntimeException e) {
      // The runner's next pass starts the work instead.
      log.warn("Pod tasks of clusters {} could not be followed up: {}", clusterIds, e.toString());
    } finally {
      // One run at a time: reports that came meanwhile wait for this one to end, then get theirs.
      scheduled.set(false);
      scheduleIfReported();
    }
  }

  /** Runs the clusters under the runner's lock; false when it was held. */
  private boolean runLocked(List<String> clusterIds) {
    try {
      return locks
          .executeWithLock(
              () -> {
                if (runner.passOverdue()) {
                  runner.pass(); // every running cluster with work, the reported ones among them
                } else {
                  runner.runReported(clusterIds);
                }
                return null;
              },
              new LockConfiguration(
                  scheduler.getClock().instant(),
                  PodTaskRunner.LOCK,
                  LOCK_AT_MOST_FOR,
                  Duration.ZERO))
          .wasExecuted();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e); // runReported throws no checked exception
    }
  }
}
