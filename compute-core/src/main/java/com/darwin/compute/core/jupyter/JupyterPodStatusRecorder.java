package com.darwin.compute.core.jupyter;

import com.darwin.compute.model.jupyter.JupyterPodStatus;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Turns watch events into statuses: a changed Deployment or pod queues its Jupyter pod (once,
 * however many events arrive meanwhile), and one thread compares what the caches say with the
 * stored status. Every replica does this; the conditional write lets only the first record a
 * transition.
 */
@Component
class JupyterPodStatusRecorder implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(JupyterPodStatusRecorder.class);

  private final JupyterPodStore store;
  private final JupyterPodObserver observer;
  private final String actor;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "jupyter-pod-status");
            thread.setDaemon(true);
            return thread;
          });

  JupyterPodStatusRecorder(
      JupyterPodStore store,
      JupyterPodObserver observer,
      com.darwin.compute.core.config.ReconcilerProperties reconciler) {
    this.store = store;
    this.observer = observer;
    this.actor = "jupyter-watch@" + reconciler.instanceId();
    observer.addListener(this::enqueue);
  }

  void enqueue(String name) {
    if (!queued.add(name)) {
      return;
    }
    try {
      worker.execute(
          () -> {
            queued.remove(name);
            record(name);
          });
    } catch (RejectedExecutionException closing) {
      queued.remove(name);
    }
  }

  /** Compares the watched status of one pod with the stored one, and records a change. */
  void record(String name) {
    try {
      store.find(name).ifPresent(this::compare);
    } catch (RuntimeException e) {
      log.warn("Recording the status of Jupyter pod {} failed: {}", name, e.toString());
    }
  }

  /**
   * Records the watched status of a pod row when it differs (also the keeper's safety net for a
   * missed event); true when something was written.
   */
  boolean compare(JupyterPodEntity pod) {
    if (!pod.getStatus().isLive()) {
      observer.forget(pod.getCloudEnv(), pod.getName()); // its objects' events come after it went
      return false;
    }
    if (!observer.hasSynced(pod.getCloudEnv())) {
      return false;
    }
    var seen = observer.observe(pod.getCloudEnv(), pod.getName(), pod.getRestarts());
    if (pod.getStatus() == JupyterPodStatus.READY && seen.status() == JupyterPodStatus.CREATING) {
      seen =
          observer.replacedSince(
                  pod.getCloudEnv(), pod.getName(), pod.getRestarts(), pod.getReadyAt())
              // Kubernetes took the pod away and its ReplicaSet is making another (an eviction, a
              // drain): starting again, not failed. Replacing it as failed killed the pod
              // Kubernetes was bringing up, and counted a failure against the whole target.
              ? new JupyterPodObserver.Observation(
                  JupyterPodStatus.CREATING,
                  "Kubernetes replaced its pod (evicted, or its node drained); waiting for"
                      + " Jupyter to answer")
              // The same pod was ready and is no longer: its server stopped answering the
              // readiness probe. The keeper replaces failed pods.
              : new JupyterPodObserver.Observation(
                  JupyterPodStatus.FAILED, "Jupyter stopped answering its readiness probe");
    }
    if (pod.getStatus() == JupyterPodStatus.FAILED && seen.status() == JupyterPodStatus.CREATING) {
      return false; // failed stays failed until the keeper replaces it
    }
    boolean written =
        seen.status() != pod.getStatus()
            && store.observe(
                pod.getName(), pod.getRestarts(), seen.status(), seen.message(), actor);
    // A pod turning ready does not end its target's failure streak at once: the keeper ends it
    // once the pod has stayed ready (JupyterPodStore.waitingPoolsEndingHealthyStreaks).
    return written;
  }

  /**
   * Interrupts the worker and waits for its batch in flight: this bean is destroyed before the
   * database pool it writes through, which a batch still running found closed.
   */
  @Override
  public void destroy() throws InterruptedException {
    worker.shutdownNow();
    if (!worker.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
      log.warn("A batch in flight did not end within 5 s of the shutdown");
    }
  }
}
