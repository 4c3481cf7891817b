package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.report.RunningClusters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reports for external alerting and clean-up jobs, one query each. */
@Service
@Transactional(readOnly = true)
public class ClusterReports {

  private final ClusterRepository clusters;
  private final Clock clock;

  public ClusterReports(ClusterRepository clusters, Clock clock) {
    this.clusters = clusters;
    this.clock = clock;
  }

  public RunningClusters runningLongerThan(int minutes) {
    if (minutes < 0) {
      throw new InvalidRequestException("running_time", "must be 0 or more minutes");
    }
    Instant cutoff = clock.instant().minus(Duration.ofMinutes(minutes));
    return new RunningClusters(
        clusters.findRunningSince(cutoff).stream()
            .map(
                c ->
                    new RunningClusters.Entry(
                        c.getClusterId(), c.getActiveRunId(), c.getLastStartedAt(), c.getOwner()))
            .toList(),
        minutes);
  }

  public List<String> jobClustersUnusedFor(int days, int offset, int limit) {
    if (days < 0) {
      throw new InvalidRequestException("days", "must be 0 or more");
    }
    if (offset < 0) {
      throw new InvalidRequestException("offset", "must be 0 or more");
    }
    if (limit < 1 || limit > 10_000) {
      throw new InvalidRequestException("limit", "must be between 1 and 10000");
    }
    Instant cutoff = clock.instant().minus(Duration.ofDays(days));
    // Offset/limit as the Python API had them; pages are whole multiples of limit.
    if (offset % limit != 0) {
      throw new InvalidRequestException("offset", "must be a multiple of limit");
    }
    return clusters.findJobClustersUnusedSince(cutoff, PageRequest.of(offset / limit, limit));
  }
}
