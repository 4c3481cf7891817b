package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Asks every ready pod's Jupyter server how it was used (kernels, terminals, contents; a bounded
 * number at a time, each with a timeout), on one replica at a time: an attached pod idle longer
 * than {@code max-idle} is deleted and its consumer released; a server that does not answer {@code
 * max-failed-probes} times in a row is replaced, and counted in its target's failure streak as the
 * keeper counts failed pods: a server the kubelet finds ready but the control plane cannot ask (a
 * NetworkPolicy without it, an image that wants a token) answers none of its successors either, and
 * replacing them with no wait restarted every attached user's server every few probes, for good.
 */
@Component
public class JupyterPodReaper implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(JupyterPodReaper.class);

  private final JupyterPodStore store;
  private final JupyterPodService service;
  private final JupyterActivityClient activity;
  private final JupyterPodLinks links;
  private final PoolFailures poolFailures;
  private final JupyterPodProperties properties;
  private final Clock clock;
  private final String actor;
  private final ExecutorService probes;

  JupyterPodReaper(
      JupyterPodStore store,
      JupyterPodService service,
      JupyterActivityClient activity,
      JupyterPodLinks links,
      PoolFailures poolFailures,
      JupyterPodProperties properties,
      ReconcilerProperties reconciler,
      Clock clock) {
    this.store = store;
    this.service = service;
    this.activity = activity;
    this.links = links;
    this.poolFailures = poolFailures;
    this.properties = properties;
    this.clock = clock;
    this.actor = "jupyter-reaper@" + reconciler.instanceId();
    this.probes =
        Executors.newFixedThreadPool(
            Math.max(1, properties.probeConcurrency()),
            runnable -> {
              Thread thread = new Thread(runnable, "jupyter-probe");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Scheduled(
      fixedDelayString = "${compute.jupyter-pods.reap-interval:30s}",
      initialDelayString = "${compute.jupyter-pods.reap-interval:30s}")
  @SchedulerLock(name = "jupyter-reaper")
  public void reap() {
    if (properties.enabled()) {
      reapOnce();
    }
  }

  public void reapOnce() {
    List<Callable<Void>> checks = new ArrayList<>();
    Set<String> stepped = ConcurrentHashMap.newKeySet();
    for (JupyterPodEntity pod : store.live()) {
      if (pod.getStatus() == JupyterPodStatus.READY) {
        checks.add(
            () -> {
              check(pod, stepped);
              return null;
            });
      }
    }
    try {
      probes.invokeAll(checks);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Replaces a pod whose server did not answer: a free one is deleted (the pool makes another once
   * its target no longer waits); an attached one is restarted only when its target does not wait.
   */
  private void replaceUnanswering(JupyterPodEntity pod, String reason, Set<String> stepped) {
    boolean waiting = poolFailures.waiting(pod.getCloudEnv());
    if (service.replace(pod, reason, actor, !waiting)) {
      // One step per run, written at the first replacement: a free pod deleted here no longer
      // holds its place in the pool, and a refill before the step would make another at once.
      if (stepped.add(pod.getCloudEnv())) {
        poolFailures.record(pod.getCloudEnv(), PoolFailures.Failures.of(pod.getName(), reason));
      }
    }
  }

  private void check(JupyterPodEntity pod, Set<String> stepped) {
    try {
      Instant now = clock.instant();
      Instant last;
      try {
        last = activity.lastActivity(links.internal(pod), now);
      } catch (JupyterActivityClient.Unanswered e) {
        var outcome = store.probed(pod.getName(), pod.getRestarts(), null, false);
        if (outcome.pod() != null && outcome.failedProbes() >= properties.maxFailedProbes()) {
          replaceUnanswering(
              outcome.pod(),
              "Jupyter did not answer " + outcome.failedProbes() + " probes: " + e.getMessage(),
              stepped);
        }
        return;
      }
      var outcome = store.probed(pod.getName(), pod.getRestarts(), last, true);
      JupyterPodEntity current = outcome.pod();
      if (current == null || !current.isAttached()) {
        return;
      }
      Duration idle = Duration.between(current.getLastActivity(), now);
      if (idle.compareTo(properties.maxIdle()) > 0) {
        service.reap(
            current,
            now.minus(properties.maxIdle()),
            "Idle since "
                + current.getLastActivity()
                + " (longer than "
                + properties.maxIdle()
                + ")",
            actor);
      }
    } catch (RuntimeException e) {
      log.warn("Checking Jupyter pod {} failed: {}", pod.getName(), e.toString());
    }
  }

  @Override
  public void destroy() {
    probes.shutdownNow();
  }
}
