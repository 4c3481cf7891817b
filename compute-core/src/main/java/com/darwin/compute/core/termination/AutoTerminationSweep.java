package com.darwin.compute.core.termination;

import com.darwin.compute.core.cluster.LastUseWriter;
import com.darwin.compute.core.config.RayProperties;
import com.darwin.compute.core.config.SchedulingConfiguration;
import com.darwin.compute.core.config.TerminationProperties;
import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.notify.Alert;
import com.darwin.compute.core.notify.AlertMessages;
import com.darwin.compute.core.notify.AlertService;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.model.cluster.UiClusterStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stops clusters that have been idle for their {@code inactive_time} (the long-running and cost
 * alerts are {@code watch.RunningClusterAlerts}). One replica runs it (ShedLock). A sweep reads
 * every running cluster in one query, probes dashboards and Jupyter servers with bounded
 * concurrency and timeouts, and writes {@code last_used_at} and probe-failure streaks in a few
 * batched statements, with the outbox rows of the clusters whose search document that use puts
 * behind ({@link LastUseWriter}). A failing probe never counts as idleness; it is alerted at every
 * sweep while it fails, the dedupe window keeping that to one post.
 */
@Component
public class AutoTerminationSweep implements DisposableBean {

  /** The name under which this job's per-cluster failures are counted and alerted. */
  public static final String JOB = "auto-termination";

  private static final String INTERVAL = "${compute.termination.sweep-interval:60s}";

  private static final Logger log = LoggerFactory.getLogger(AutoTerminationSweep.class);

  private final ClusterRepository clusters;
  private final IdlenessChecks checks;
  private final DashboardUrls endpoints;
  private final AlertService alerts;
  private final AlertMessages messages;
  private final TerminationProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final ExecutorService probes;
  private final Timer sweepDuration;
  private final ClusterJobFailures failures;
  private final IdleClusterStops stops;
  private final ClustersAtWork atWork;
  private final LastUseWriter lastUse;

  public AutoTerminationSweep(
      ClusterRepository clusters,
      IdlenessChecks checks,
      DashboardUrls endpoints,
      AlertService alerts,
      AlertMessages messages,
      TerminationProperties properties,
      RayProperties rayProperties,
      TransactionTemplate tx,
      Clock clock,
      ObjectProvider<MeterRegistry> meters,
      ClusterJobFailures failures,
      IdleClusterStops stops,
      ClustersAtWork atWork,
      LastUseWriter lastUse) {
    this.failures = failures;
    this.lastUse = lastUse;
    this.atWork = atWork;
    this.stops = stops;
    this.clusters = clusters;
    this.sweepDuration =
        Timer.builder("darwin.termination.sweep")
            .description("Wall time of one auto-termination sweep")
            .register(meters.getIfAvailable(SimpleMeterRegistry::new));
    this.checks = checks;
    this.endpoints = endpoints;
    this.alerts = alerts;
    this.messages = messages;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
    // Bounded: at most this many dashboards or Jupyter servers are asked at once.
    this.probes =
        Executors.newFixedThreadPool(
            rayProperties.probeConcurrency(),
            r -> {
              Thread t = new Thread(r, "idleness-probe");
              t.setDaemon(true);
              return t;
            });
  }

  @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
  // Held for the whole interval, not only while it runs: each replica has its own timer, and with
  // the usual short hold N replicas would sweep N times per interval, probing every running
  // cluster's dashboard and Jupyter server each time.
  @SchedulerLock(
      name = "auto-termination",
      lockAtLeastFor = SchedulingConfiguration.HOLD + INTERVAL + SchedulingConfiguration.END,
      lockAtMostFor = SchedulingConfiguration.LEASE + INTERVAL + SchedulingConfiguration.END)
  public void scheduledSweep() {
    if (properties.enabled()) {
      SweepReport report = sweepOnce();
      log.debug("Auto-termination sweep: {}", report);
    }
  }

  /** One sweep; callable directly (tests, benchmarks) as well as on the schedule. */
  public SweepReport sweepOnce() {
    long begin = System.nanoTime();
    SqlStatementCounter.start();
    int stopped = 0;
    int sent = 0;
    int reindexed = 0;
    Map<ClusterEntity, Activity> verdicts = new LinkedHashMap<>();
    List<ClusterEntity> running = List.of();
    try {
      Instant now = clock.instant();
      running = tx.execute(s -> clusters.findRunningIn(UiClusterStatus.ACTIVE.backendStatuses()));
      verdicts = probeAll(running, now);

      TerminationDecision.Writes writes = TerminationDecision.writes(verdicts);
      Map<String, Instant> usedBefore = lastUsedOf(verdicts, writes.inUse());
      reindexed =
          tx.execute(
              s -> {
                int queued = lastUse.used(usedBefore, now);
                IdBatches.of(writes.startFailing())
                    .forEach(batch -> clusters.markProbesFailing(batch, now));
                IdBatches.of(writes.recovered()).forEach(clusters::clearProbesFailing);
                return queued;
              });

      List<Alert> probesFailing = new ArrayList<>();
      Map<String, ClusterEntity> idle = new LinkedHashMap<>();
      for (Map.Entry<ClusterEntity, Activity> e : verdicts.entrySet()) {
        ClusterEntity cluster = e.getKey();
        Activity activity = e.getValue();
        if (activity.state() == Activity.State.UNKNOWN) {
          // At every sweep while they fail, not only when they start to: the dedupe window keeps
          // it to one alert, and one Slack did not take (a timeout, an unknown channel) is sent at
          // the next sweep rather than never.
          probesFailing.add(messages.probesFailing(subject(cluster), activity.detail()));
        }
        if (failures.isolate(
            JOB,
            cluster.getClusterId(),
            false,
            () -> TerminationDecision.stops(cluster, activity, now))) {
          idle.put(cluster.getClusterId(), cluster);
        }
      }
      // Installs and commands are use the probes do not see; asked only of the clusters about
      // to be stopped, so a sweep that stops none sends no statement for it.
      if (!idle.isEmpty()) {
        idle.keySet().removeAll(atWork.among(idle.keySet(), now));
      }
      List<Alert> raised = new ArrayList<>();
      for (ClusterEntity cluster : stops.stop(idle)) {
        stopped++;
        raised.add(messages.terminated(subject(cluster), cluster.getLastUsedAt()));
      }
      // The stops first: raised once, they would wait for the pending-alerts job if Slack's failure
      // on a probe alert (raised again next sweep) made the sender rest past them.
      raised.addAll(probesFailing);
      sent = alerts.send(raised);
    } finally {
      sweepDuration.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
      int statements = SqlStatementCounter.stop();
      SweepReport report =
          new SweepReport(
              running.size(),
              verdicts.size(),
              count(verdicts, Activity.State.IN_USE),
              reindexed,
              count(verdicts, Activity.State.IDLE),
              count(verdicts, Activity.State.UNKNOWN),
              stopped,
              sent,
              statements,
              (System.nanoTime() - begin) / 1_000_000);
      lastReport = report;
    }
    return lastReport;
  }

  private volatile SweepReport lastReport;

  /** When each cluster found in use was last used, as read before this sweep's touch. */
  private static Map<String, Instant> lastUsedOf(
      Map<ClusterEntity, Activity> verdicts, List<String> inUse) {
    Set<String> ids = new HashSet<>(inUse);
    Map<String, Instant> before = new LinkedHashMap<>();
    verdicts.keySet().stream()
        .filter(cluster -> ids.contains(cluster.getClusterId()))
        .forEach(cluster -> before.put(cluster.getClusterId(), cluster.getLastUsedAt()));
    return before;
  }

  /** The report of the last sweep, or null before the first. */
  public SweepReport lastReport() {
    return lastReport;
  }

  /** Probes every cluster that may be auto-terminated, at most N at a time. */
  private Map<ClusterEntity, Activity> probeAll(List<ClusterEntity> running, Instant now) {
    Map<ClusterEntity, CompletableFuture<Activity>> pending = new LinkedHashMap<>();
    for (ClusterEntity cluster : running) {
      if (!TerminationDecision.watched(cluster)) {
        continue; // never auto-terminated: no need to ask
      }
      // A spec the checks cannot be built from (a stored value out of range, say) skips this
      // cluster only: it is neither probed nor stopped, and the failure is recorded and alerted.
      List<IdlenessCheck> clusterChecks =
          failures.isolate(
              JOB,
              cluster.getClusterId(),
              null,
              () -> checks.of(cluster.getSpec().autoTerminationPolicies()));
      if (clusterChecks == null) {
        continue;
      }
      IdlenessCheck.Endpoints where =
          new IdlenessCheck.Endpoints(
              endpoints.rayDashboardApi(cluster), endpoints.jupyterApi(cluster));
      pending.put(
          cluster,
          CompletableFuture.supplyAsync(
              () -> TerminationDecision.activity(clusterChecks, where, now), probes));
    }
    Map<ClusterEntity, Activity> verdicts = new LinkedHashMap<>();
    pending.forEach(
        (cluster, future) -> {
          Activity activity = failures.isolate(JOB, cluster.getClusterId(), null, future::join);
          if (activity != null) {
            verdicts.put(cluster, activity);
          }
        });
    return verdicts;
  }

  private static AlertMessages.Subject subject(ClusterEntity cluster) {
    return new AlertMessages.Subject(
        cluster.getClusterId(), cluster.getName(), cluster.getOwner(), cluster.getActiveRunId());
  }

  private static int count(Map<ClusterEntity, Activity> verdicts, Activity.State state) {
    return (int) verdicts.values().stream().filter(a -> a.state() == state).count();
  }

  @Override
  public void destroy() {
    probes.shutdownNow();
  }
}
