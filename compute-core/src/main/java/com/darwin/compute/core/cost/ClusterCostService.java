package com.darwin.compute.core.cost;

import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.store.ClusterActionRepository;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.RunSpanIds;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.core.validation.ClusterRequestValidator;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cost.ClusterCost;
import com.darwin.compute.model.cost.CostEstimate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cost: the estimate for a spec, and what a cluster's runs have cost from their actual running time
 * (start to stop, from the actions timeline).
 */
@Service
public class ClusterCostService {

  private static final Set<String> RUN_ENDS = TimelineAction.runEndingWireNames();

  private final CostEstimator estimator;
  private final ClusterRequestValidator validator;
  private final ClusterRepository clusters;
  private final ClusterActionRepository actions;
  private final Clock clock;

  public ClusterCostService(
      CostEstimator estimator,
      ClusterRequestValidator validator,
      ClusterRepository clusters,
      ClusterActionRepository actions,
      Clock clock) {
    this.estimator = estimator;
    this.validator = validator;
    this.clusters = clusters;
    this.actions = actions;
    this.clock = clock;
  }

  /** {@code POST /cluster/cost/predict}: 400 when a pod fits no catalogued shape. */
  public CostEstimate predict(ClusterRequest spec) {
    validator.validate(spec);
    CostEstimator.Result result = estimator.estimate(spec);
    if (!result.unpriced().isEmpty()) {
      throw new InvalidRequestException(result.unpriced());
    }
    return result.estimate();
  }

  @Transactional(readOnly = true)
  public ClusterCost accrued(String clusterId) {
    ClusterEntity cluster =
        clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
    // Not thrown as predict does: what the catalogue can price still counts, and the pods it
    // cannot are named (a GPU shape catalogued for clusters but not priced), not left out silently.
    CostEstimator.Result estimate = estimator.estimate(cluster.getSpec());
    CostEstimate hourly = estimate.estimate();
    Instant now = clock.instant();
    // Each run's first start and last end, read as two actions each: a cluster's history grows
    // without end (every job, every refusal), and reading all of it as entities for its cost held
    // it all in the heap at once.
    List<RunSpanIds> spans =
        actions.runSpans(clusterId, TimelineAction.STARTED.wireName(), RUN_ENDS);
    List<Long> ids = new ArrayList<>();
    for (RunSpanIds span : spans) {
      if (span.firstStartId() != null) {
        ids.add(span.firstStartId());
      }
      if (span.lastEndId() != null) {
        ids.add(span.lastEndId());
      }
    }
    Map<Long, Instant> times = new HashMap<>();
    for (List<Long> batch : IdBatches.of(ids)) {
      for (Object[] row : actions.times(batch)) {
        times.put((Long) row[0], (Instant) row[1]);
      }
    }
    Map<String, Instant[]> runs = new LinkedHashMap<>();
    for (RunSpanIds span : spans) {
      runs.put(
          span.runId(),
          new Instant[] {
            span.firstStartId() == null ? null : times.get(span.firstStartId()),
            span.lastEndId() == null ? null : times.get(span.lastEndId())
          });
    }
    List<ClusterCost.RunCost> costs = new ArrayList<>();
    BigDecimal totalMin = BigDecimal.ZERO;
    BigDecimal totalMax = BigDecimal.ZERO;
    for (Map.Entry<String, Instant[]> run : runs.entrySet()) {
      Instant start = run.getValue()[0];
      if (start == null) {
        continue;
      }
      boolean current =
          run.getKey().equals(cluster.getActiveRunId())
              && cluster.getDesiredState() == DesiredState.RUNNING;
      Instant end = current || run.getValue()[1] == null ? now : run.getValue()[1];
      BigDecimal hours =
          BigDecimal.valueOf(Duration.between(start, end).toMillis())
              .divide(BigDecimal.valueOf(3_600_000L), 6, RoundingMode.HALF_UP);
      BigDecimal min = hours.multiply(BigDecimal.valueOf(hourly.minCost()));
      BigDecimal max = hours.multiply(BigDecimal.valueOf(hourly.maxCost()));
      totalMin = totalMin.add(min);
      totalMax = totalMax.add(max);
      costs.add(
          new ClusterCost.RunCost(
              run.getKey(),
              start,
              current ? null : end,
              current,
              round(hours, 4),
              round(min, 4),
              round(max, 4)));
    }
    return new ClusterCost(
        clusterId,
        hourly,
        costs,
        round(totalMin, 4),
        round(totalMax, 4),
        "USD",
        estimate.unpriced());
  }

  private static double round(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.HALF_UP).doubleValue();
  }
}
