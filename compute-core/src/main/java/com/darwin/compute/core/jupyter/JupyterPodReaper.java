package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.ConcurrencyFailureException;
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

  /**
   * Probes written per transaction: one read and one batch of writes for this many pods, and few
   * enough that a race with the watches or a request on one of them (which runs the whole
   * transaction again) stays rare.
   */
  static final int PROBES_PER_TRANSACTION = 100;

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

  /**
   * One pass: every ready pod's server asked (a bounded number at a time), what they said written
   * {@link #PROBES_PER_TRANSACTION} pods per transaction, then the idle pods reaped and the
   * unanswering ones replaced, a bounded number at a time too.
   */
  public void reapOnce() {
    List<Callable<Probed>> asks = new ArrayList<>();
    for (JupyterPodEntity pod : store.live()) {
      if (pod.getStatus() == JupyterPodStatus.READY) {
        asks.add(() -> ask(pod));
      }
    }
    List<Probed> answers = new ArrayList<>();
    try {
      for (Future<Probed> asked : probes.invokeAll(asks)) {
        try {
          answers.add(asked.get());
        } catch (ExecutionException e) {
          // Not a RuntimeException (ask catches those): that pod is asked again next run.
          log.warn("A Jupyter probe failed: {}", e.getCause().toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Set<String> stepped = ConcurrentHashMap.newKeySet();
    List<Callable<Void>> actions = new ArrayList<>();
    for (int from = 0; from < answers.size(); from += PROBES_PER_TRANSACTION) {
      List<Probed> chunk =
          answers.subList(from, Math.min(answers.size(), from + PROBES_PER_TRANSACTION));
      Map<String, JupyterPodStore.ProbeOutcome> outcomes = written(chunk);
      for (Probed probed : chunk) {
        JupyterPodStore.ProbeOutcome outcome = outcomes.get(probed.pod().getName());
        if (mayAct(probed, outcome)) {
          actions.add(
              () -> {
                act(probed, outcome, stepped);
                return null;
              });
        }
      }
    }
    try {
      probes.invokeAll(actions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What one ready pod's server says of its use; never throws (its failure is an answer). */
  private Probed ask(JupyterPodEntity pod) {
    Instant now = clock.instant();
    try {
      return new Probed(pod, now, true, activity.lastActivity(links.internal(pod), now), null);
    } catch (JupyterActivityClient.Unanswered e) {
      return new Probed(pod, now, true, null, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Checking Jupyter pod {} failed: {}", pod.getName(), e.toString());
      return new Probed(pod, now, false, null, null);
    }
  }

  /**
   * The chunk's probes written in one transaction; if that keeps losing races (a busy pool), one by
   * one, each in its own. A pod whose write failed has no outcome: asked again next run.
   */
  private Map<String, JupyterPodStore.ProbeOutcome> written(List<Probed> chunk) {
    List<Probed> toWrite = chunk.stream().filter(Probed::completed).toList();
    if (toWrite.isEmpty()) {
      return Map.of();
    }
    try {
      return store.probedAll(toWrite.stream().map(Probed::probe).toList());
    } catch (ConcurrencyFailureException e) {
      log.info(
          "Writing {} Jupyter probes together kept losing races ({}); writing them one by one",
          toWrite.size(),
          e.toString());
    } catch (RuntimeException e) {
      // The database, not a race: one by one would wait out its timeouts once per pod, in turn.
      log.warn(
          "Writing {} Jupyter probes failed (asked again next run): {}",
          toWrite.size(),
          e.toString());
      return Map.of();
    }
    Map<String, JupyterPodStore.ProbeOutcome> outcomes = new HashMap<>();
    for (Probed probed : toWrite) {
      JupyterPodStore.Probe probe = probed.probe();
      try {
        outcomes.put(
            probe.name(),
            store.probed(probe.name(), probe.generation(), probe.lastActivity(), probe.answered()));
      } catch (RuntimeException e) {
        log.warn("Checking Jupyter pod {} failed: {}", probe.name(), e.toString());
      }
    }
    return outcomes;
  }

  /** Whether {@link #act} may do anything: a pod past its failed probes, or an attached one. */
  private boolean mayAct(Probed probed, JupyterPodStore.ProbeOutcome outcome) {
    if (outcome == null || outcome.pod() == null) {
      return false; // not written, or no longer the generation asked
    }
    return probed.unanswered() != null
        ? outcome.failedProbes() >= properties.maxFailedProbes()
        : outcome.pod().isAttached();
  }

  /**
   * Replaces the pod if its server stopped answering, or reaps it if it idled too long; only for
   * what {@link #mayAct} let through.
   */
  private void act(Probed probed, JupyterPodStore.ProbeOutcome outcome, Set<String> stepped) {
    try {
      if (probed.unanswered() != null) {
        replaceUnanswering(
            outcome.pod(),
            "Jupyter did not answer " + outcome.failedProbes() + " probes: " + probed.unanswered(),
            stepped);
        return;
      }
      JupyterPodEntity current = outcome.pod();
      Duration idle = Duration.between(current.getLastActivity(), probed.at());
      if (idle.compareTo(properties.maxIdle()) > 0) {
        service.reap(
            current,
            probed.at().minus(properties.maxIdle()),
            "Idle since "
                + current.getLastActivity()
                + " (longer than "
                + properties.maxIdle()
                + ")",
            actor);
      }
    } catch (RuntimeException e) {
      log.warn("Checking Jupyter pod {} failed: {}", probed.pod().getName(), e.toString());
    }
  }

  /**
   * What asking a pod's server found, at {@code at}: when it was last used, or why it did not
   * answer ({@code unanswered}); nothing when the asking itself failed ({@code completed} false:
   * nothing to write).
   */
  private record Probed(
      JupyterPodEntity pod,
      Instant at,
      boolean completed,
      Instant lastActivity,
      String unanswered) {

    JupyterPodStore.Probe probe() {
      return new JupyterPodStore.Probe(
          pod.getName(), pod.getRestarts(), lastActivity, unanswered == null);
    }
  }

  /**
   * Replaces a pod whose server did not answer: a free one is deleted (the pool makes another once
   * its target no longer waits); an attached one is restarted only when its target does not wait.
   */
  private void replaceUnanswering(JupyterPodEntity pod, String reason, Set<String> stepped) {
    boolean waiting = poolFailures.waiting(pod.getCloudEnv());
    if (service.replace(pod, reason, actor, !waiting, false)) {
      // One step per run, written at the first replacement: a free pod deleted here no longer
      // holds its place in the pool, and a refill before the step would make another at once.
      if (stepped.add(pod.getCloudEnv())) {
        poolFailures.record(pod.getCloudEnv(), PoolFailures.Failures.of(pod.getName(), reason));
      }
    }
  }

  @Override
  public void destroy() {
    probes.shutdownNow();
  }
}
