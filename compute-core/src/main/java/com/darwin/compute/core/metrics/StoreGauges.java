package com.darwin.compute.core.metrics;

import com.darwin.compute.core.config.SearchProperties;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.OutboxBacklog;
import com.darwin.compute.core.store.OutboxRepository;
import com.darwin.compute.model.cluster.ClusterStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gauges whose values live in MySQL: clusters per status ({@value #CLUSTERS}, tag {@code status}
 * with the wire name), and the search outbox backlog ({@value #OUTBOX_PENDING} rows, {@value
 * #OUTBOX_LAG} = age of the oldest row, 0 when the index is caught up), counting the rows this
 * replica's index takes (changes, and rows for that index alone; during a rollout to a new mapping
 * the other version's rows are its own backlog). The replicas of one version report the same
 * figures; aggregate them with {@code max}, not {@code sum}.
 */
@Component
public class StoreGauges {

  static final String CLUSTERS = "darwin.clusters";
  static final String OUTBOX_PENDING = "darwin.search.outbox.pending";
  static final String OUTBOX_LAG = "darwin.search.outbox.lag";

  private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);

  private final ClusterRepository clusters;
  private final OutboxRepository outbox;
  private final String index;
  private final Clock clock;
  private final Map<ClusterStatus, AtomicLong> perStatus = new EnumMap<>(ClusterStatus.class);
  private final AtomicLong outboxPending = new AtomicLong();
  private final AtomicLong outboxLagMillis = new AtomicLong();

  public StoreGauges(
      ClusterRepository clusters,
      OutboxRepository outbox,
      SearchProperties search,
      Clock clock,
      MeterRegistry meters) {
    this.clusters = clusters;
    this.outbox = outbox;
    this.index = search.index();
    this.clock = clock;
    for (ClusterStatus status : ClusterStatus.values()) {
      AtomicLong count = new AtomicLong();
      perStatus.put(status, count);
      Gauge.builder(CLUSTERS, count, AtomicLong::get)
          .tag("status", status.wireName())
          .description(
              "Clusters in this status (MySQL, refreshed every compute.metrics.refresh-interval)")
          .register(meters);
    }
    Gauge.builder(OUTBOX_PENDING, outboxPending, AtomicLong::get)
        .description(
            "Search outbox rows not yet indexed in Elasticsearch that this replica's index takes")
        .register(meters);
    TimeGauge.builder(OUTBOX_LAG, outboxLagMillis, TimeUnit.MILLISECONDS, AtomicLong::get)
        .description(
            "Age of the oldest search outbox row this replica's index takes: how far it is behind"
                + " MySQL")
        .register(meters);
  }

  /** Reads the figures; on a database error the previous values stay (readiness reports it). */
  @Scheduled(initialDelay = 0, fixedDelayString = "${compute.metrics.refresh-interval:15s}")
  @Transactional(readOnly = true)
  public void refresh() {
    try {
      Map<ClusterStatus, Long> counts = new EnumMap<>(ClusterStatus.class);
      for (Object[] row : clusters.countByStatus()) {
        counts.put((ClusterStatus) row[0], (Long) row[1]);
      }
      perStatus.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status, 0L)));
      OutboxBacklog backlog = outbox.backlogTakenBy(index);
      outboxPending.set(backlog.rows());
      Instant oldest = backlog.oldestCreatedAt();
      outboxLagMillis.set(
          oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis()));
    } catch (RuntimeException e) {
      log.warn("Metrics from MySQL not refreshed: {}", e.toString());
    }
  }
}
