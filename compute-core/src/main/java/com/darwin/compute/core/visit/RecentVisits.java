package com.darwin.compute.core.visit;

import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.ClusterVisitEntity;
import com.darwin.compute.core.store.ClusterVisitRepository;
import com.darwin.compute.model.catalogue.RecentlyVisitedCluster;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The clusters each user opened last, for the UI's "recently visited" list. */
@Service
public class RecentVisits {

  /** How many the list shows (the Python service's number). */
  public static final int SHOWN = 3;

  /** The width of the user column. */
  static final int MAX_USER_LENGTH = 255;

  private final ClusterVisitRepository visits;
  private final ClusterRepository clusters;
  private final Clock clock;

  public RecentVisits(ClusterVisitRepository visits, ClusterRepository clusters, Clock clock) {
    this.visits = visits;
    this.clusters = clusters;
    this.clock = clock;
  }

  /**
   * Records that {@code user} opened the cluster now.
   *
   * @return the rows written: 1 for a first visit, 2 for a repeated one (MySQL's count for an
   *     insert that became an update, which the Python service returned)
   */
  @Transactional
  public int visit(String user, String clusterId) {
    if (user.length() > MAX_USER_LENGTH) {
      throw new InvalidRequestException(
          "msd-user", "the e-mail must be at most " + MAX_USER_LENGTH + " characters");
    }
    if (!clusters.existsById(clusterId)) {
      throw new ClusterNotFoundException(clusterId);
    }
    return visits.upsert(user, clusterId, clock.instant());
  }

  @Transactional(readOnly = true)
  public List<RecentlyVisitedCluster> recent(String user) {
    List<RecentlyVisitedCluster> result = new ArrayList<>();
    for (Object[] row : visits.recentWithClusters(user, PageRequest.of(0, SHOWN))) {
      ClusterVisitEntity visit = (ClusterVisitEntity) row[0];
      ClusterEntity cluster = (ClusterEntity) row[1];
      ClusterRequest spec = cluster.getSpec();
      result.add(
          new RecentlyVisitedCluster(
              cluster.getClusterId(),
              cluster.getName(),
              cluster.getStatus().uiStatus().wireName(),
              spec.totalCores(),
              spec.totalMemory(),
              visit.getVisitedAt()));
    }
    return result;
  }
}
