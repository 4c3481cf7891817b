package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.domain.ClusterChanged;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.kube.LifecyclePhases;
import com.darwin.compute.core.store.DatabaseOutage;
import com.darwin.compute.core.store.LockWaitTimeout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The reconcile loop: worker threads take cluster ids from a keyed queue and run one {@link
 * ReconcilePass} each; a failed pass is retried with backoff. Level-triggered: whatever woke it (a
 * committed change, a watch event, the periodic {@link ResyncScan}), the pass reads the whole
 * desired and observed state and acts on the difference.
 *
 * <p>Stop deletes the RayCluster (chosen over {@code spec.suspend}): the spec lives in MySQL, so
 * nothing is lost, every resource is freed, and {@code spec.suspend} stays free for Kueue.
 */
@Component
public class ClusterReconciler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ClusterReconciler.class);

  /** Passes run, by how they ended ({@code outcome}: done, requeued, failed). */
  public static final String PASSES_METRIC = "darwin.reconciler.passes";

  private final ReconcilePass pass;
  private final ResyncScan scan;
  private final ClusterLeases leases;
  private final ReconcilerProperties properties;
  private final MeterRegistry meters;
  private final Backoff backoff;
  private final KeyedWorkQueue queue = new KeyedWorkQueue();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean running;

  ClusterReconciler(
      ReconcilePass pass,
      ResyncScan scan,
      ClusterLeases leases,
      ClusterObserver observer,
      ReconcilerProperties properties,
      ObjectProvider<MeterRegistry> meters) {
    this.pass = pass;
    this.scan = scan;
    this.leases = leases;
    this.properties = properties;
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    this.backoff = new Backoff(properties.retryInitialBackoff(), properties.retryMaxBackoff());
    observer.addListener(queue::add);
  }

  /** A committed change; the reconciler's own observations need no second pass. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  public void onClusterChanged(ClusterChanged event) {
    if (!event.observation()) {
      queue.add(event.clusterId());
    }
  }

  /**
   * Queues the clusters whose live objects diverge from their rows (see {@link ResyncScan}).
   *
   * @return how many clusters were queued for a full pass
   */
  @Scheduled(
      fixedDelayString = "${compute.reconciler.resync-interval:30s}",
      initialDelayString = "${compute.reconciler.resync-interval:30s}")
  public int resync() {
    if (!running) {
      return 0;
    }
    List<String> diverging = scan.diverging();
    diverging.forEach(queue::add);
    return diverging.size();
  }

  /** Clusters queued for a pass or in one now, retries included (a benchmark waits for zero). */
  public int backlog() {
    return queue.backlog();
  }

  /** Orphans reported so far, as {@code target/clusterId}. */
  public Set<String> reportedOrphans() {
    return scan.reportedOrphans();
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      return;
    }
    running = true;
    for (int i = 0; i < properties.workers(); i++) {
      Thread t = new Thread(this::work, "reconciler-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    // A restart loses nothing: once the informer caches hold the live objects, a resync compares
    // every cluster that is or should be running with them (none has had a pass in this process,
    // so all of those are queued) and queues any live object a stopped or deleted cluster left.
    // Queuing every id MySQL knows instead cost a pass per cluster at each start (a read and a
    // lease write each, for stopped clusters that have nothing to do), ahead of users' requests.
    // Among the workers, so that a stop interrupts it and waits for it as for them.
    Thread first = new Thread(this::firstResync, "reconciler-first-resync");
    first.setDaemon(true);
    first.start();
    workers.add(first);
    meters.gauge("darwin.reconciler.queue", queue, KeyedWorkQueue::size);
  }

  /**
   * The resync after start, as soon as every target's caches are synced (or after one resync
   * interval without: the clusters of a target not synced then are queued, and their passes wait
   * for it). If MySQL is down, the periodic resync tries again.
   */
  private void firstResync() {
    long deadline = System.nanoTime() + properties.resyncInterval().toNanos();
    try {
      while (running && !scan.synced() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!running) {
      return;
    }
    try {
      int queued = resync();
      log.info("First resync: {} clusters queued for a pass", queued);
    } catch (RuntimeException e) {
      log.warn(
          "The first resync failed; the periodic one runs every {}",
          properties.resyncInterval(),
          e);
    }
  }

  private void work() {
    while (running) {
      String clusterId;
      try {
        clusterId = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        PassOutcome outcome = pass.run(clusterId, () -> running);
        passes(outcome).increment();
        if (outcome instanceof PassOutcome.RequeueAfter later) {
          queue.addAfter(clusterId, later.delay());
        } else if (outcome instanceof PassOutcome.Failed failed
            && (failed.cause() instanceof OptimisticLockingFailureException
                || LockWaitTimeout.isCauseOf(failed.cause()))) {
          // A user's change (a stop, an edit) wrote the row first, or held it past the lock wait
          // timeout (the pass waited that long already): expected, not a failure. The pass runs
          // again on the row as it is now. Other locking failures take the backoff below.
          log.debug("Reconcile of {} lost a race with a change of the cluster; again", clusterId);
          queue.add(clusterId);
        } else if (outcome instanceof PassOutcome.Failed failed) {
          if (DatabaseOutage.isCauseOf(failed.cause())) {
            // The database is down: health says so; one line per retry, not a stack trace each.
            log.warn("Reconcile of {} failed: {}", clusterId, failed.cause().toString());
          } else {
            log.warn("Reconcile of {} failed", clusterId, failed.cause());
          }
          queue.addAfter(clusterId, backoff.after(pass.failedAttempt(clusterId)));
        }
      } finally {
        queue.done(clusterId);
      }
    }
  }

  private Counter passes(PassOutcome outcome) {
    String name =
        outcome instanceof PassOutcome.Failed
            ? "failed"
            : outcome instanceof PassOutcome.RequeueAfter ? "requeued" : "done";
    return meters.counter(PASSES_METRIC, "outcome", name);
  }

  @Override
  public void stop() {
    running = false;
    workers.forEach(Thread::interrupt);
    // Let passes in flight finish first: one that took a lease after the release below would
    // hold its cluster from the next process until the lease expired.
    for (Thread worker : workers) {
      try {
        worker.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.clear();
    try {
      leases.releaseAll();
    } catch (RuntimeException e) {
      log.warn("Could not release reconcile leases; they expire on their own", e);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops after the web server has drained its requests and the scheduled jobs running have ended
   * (and starts before either): the creates, stops, edits and sweeps committed meanwhile are this
   * replica's to act on, and at the default phase the loop stopped first, so they waited for
   * another replica's resync.
   */
  @Override
  public int getPhase() {
    return LifecyclePhases.AFTER_REQUESTS_AND_JOBS;
  }
}
