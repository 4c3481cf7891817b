package com.darwin.compute.core.history;

import com.darwin.compute.core.config.SlackProperties;
import com.darwin.compute.core.notify.Alert;
import com.darwin.compute.core.notify.AlertService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Enforces the time to live: stops every server whose {@code expires_at} has passed, writes {@code
 * Expired} on its timeline and alerts, as for an auto-terminated cluster. Runs on one replica
 * (ShedLock); and each stop is a conditional update, so even two runs at once stop (and alert
 * about) a server once.
 *
 * <p>Then a repair pass over the watch caches: the objects of a server that is not running are
 * deleted (a stop whose delete failed), and a running server whose Deployment is gone is applied
 * again.
 */
@Component
public class HistoryServerExpiry {

  private static final Logger log = LoggerFactory.getLogger(HistoryServerExpiry.class);

  private final HistoryServerStore store;
  private final HistoryServerDeployer deployer;
  private final HistoryServerObserver observer;
  private final AlertService alerts;
  private final SlackProperties slack;
  private final HistoryProperties properties;
  private final Clock clock;

  public HistoryServerExpiry(
      HistoryServerStore store,
      HistoryServerDeployer deployer,
      HistoryServerObserver observer,
      AlertService alerts,
      SlackProperties slack,
      HistoryProperties properties,
      Clock clock) {
    this.store = store;
    this.deployer = deployer;
    this.observer = observer;
    this.alerts = alerts;
    this.slack = slack;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${compute.history.expiry-interval:30s}",
      initialDelayString = "${compute.history.expiry-interval:30s}")
  @SchedulerLock(name = "spark-history-server-expiry")
  public void run() {
    expireDue();
    repair();
  }

  /**
   * @return the servers this call stopped
   */
  public List<String> expireDue() {
    List<String> stopped = new ArrayList<>();
    List<Alert> toSend = new ArrayList<>();
    for (String id : store.expired()) {
      try {
        Optional<HistoryServerEntity> expired = store.expire(id);
        if (expired.isEmpty()) {
          continue; // stopped, extended or expired by someone else meanwhile
        }
        HistoryServerEntity server = expired.get();
        stopped.add(id);
        deleteObjects(server);
        toSend.add(alert(server));
        log.info("Spark History Server {} expired after {} minutes", id, server.getTtl());
      } catch (RuntimeException e) {
        log.warn("Expiring Spark History Server {} failed: {}", id, e.toString());
      }
    }
    alerts.send(toSend);
    return stopped;
  }

  /**
   * Leftover objects of stopped servers are deleted; lost Deployments of running ones re-applied,
   * once their start is older than the repair grace (until then the starting request owns them).
   */
  public void repair() {
    Set<String> running = new HashSet<>();
    Instant startedBefore = clock.instant().minus(properties.repairGrace());
    for (HistoryServerEntity server : store.running()) {
      running.add(server.getId());
      if (server.getStartedAt().isBefore(startedBefore)
          && observer.hasSynced(server.getCloudEnv())
          && observer.deployments(server.getCloudEnv()).stream()
              .noneMatch(d -> d.getMetadata().getName().equals(server.getId()))) {
        try {
          deployer.apply(server, true);
          log.info("Re-applied Spark History Server {}: its Deployment was gone", server.getId());
        } catch (RuntimeException e) {
          log.warn("Re-applying Spark History Server {} failed: {}", server.getId(), e.toString());
        }
      }
    }
    for (HistoryServerEntity server : leftovers(running)) {
      deleteObjects(server);
    }
  }

  private List<HistoryServerEntity> leftovers(Set<String> running) {
    List<HistoryServerEntity> leftovers = new ArrayList<>();
    for (String target : targetsWithServers()) {
      for (Deployment deployment : observer.deployments(target)) {
        String id = deployment.getMetadata().getName();
        if (!running.contains(id)) {
          store.find(id).filter(s -> !s.getStatus().running()).ifPresent(leftovers::add);
        }
      }
    }
    return leftovers;
  }

  private Set<String> targetsWithServers() {
    return observer.targetNames();
  }

  private void deleteObjects(HistoryServerEntity server) {
    try {
      deployer.delete(server);
    } catch (RuntimeException e) {
      log.warn(
          "Deleting the objects of Spark History Server {} failed (retried next run): {}",
          server.getId(),
          e.toString());
    }
  }

  private Alert alert(HistoryServerEntity server) {
    return new Alert(
        server.getId(),
        "EXPIRED:" + server.getStartedAt().toEpochMilli(),
        "SPARK HISTORY SERVER EXPIRED ENV:"
            + slack.environment()
            + "\nServer: "
            + server.getId()
            + "\nResource: "
            + server.getResource()
            + "\nUser: "
            + server.getUser()
            + "\nMessage: its time to live of "
            + server.getTtl()
            + " minutes has passed; stopped");
  }
}
