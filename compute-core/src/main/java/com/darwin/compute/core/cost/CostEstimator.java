package com.darwin.compute.core.cost;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.cost.CostEstimate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The hourly cost of a cluster spec: head plus each worker group at {@code min_pods} (min) and
 * {@code max_pods} (max), priced from the catalogue.
 */
@Component
public class CostEstimator {

  private final PriceCatalog prices;

  public CostEstimator(PriceCatalog prices) {
    this.prices = prices;
  }

  /** The estimate, or the pods the catalogue cannot price (as field errors). */
  public record Result(CostEstimate estimate, List<FieldError> unpriced) {}

  public Result estimate(ClusterRequest spec) {
    List<FieldError> unpriced = new ArrayList<>();
    BigDecimal head = headPrice(spec.headNodeConfig(), unpriced);
    BigDecimal min = head;
    BigDecimal max = head;
    List<WorkerNodeConfig> workers =
        spec.workerNodeConfigs() == null ? List.of() : spec.workerNodeConfigs();
    for (int i = 0; i < workers.size(); i++) {
      WorkerNodeConfig w = workers.get(i);
      BigDecimal pod = workerPrice(w, "worker_node_configs[" + i + "]", unpriced);
      min = min.add(pod.multiply(BigDecimal.valueOf(w.minPods() == null ? 0 : w.minPods())));
      max = max.add(pod.multiply(BigDecimal.valueOf(w.maxPods() == null ? 0 : w.maxPods())));
    }
    BigDecimal factor = prices.overheadFactor();
    return new Result(
        new CostEstimate(round(min.multiply(factor)), round(max.multiply(factor))), unpriced);
  }

  private BigDecimal headPrice(HeadNodeConfig head, List<FieldError> unpriced) {
    if (head == null) {
      return BigDecimal.ZERO;
    }
    Optional<BigDecimal> price =
        head.isGpu() && head.gpuPod() != null
            ? prices.gpuPod(head.gpuPod().name(), head.gpuPod().gpuCount(), head.nodeCapacityType())
            : prices.cpuPod(head.effectiveCores(), head.effectiveMemory(), head.nodeCapacityType());
    return orUnpriced(price, "head_node_config", unpriced);
  }

  private BigDecimal workerPrice(WorkerNodeConfig w, String path, List<FieldError> unpriced) {
    Optional<BigDecimal> price =
        w.isGpu() && w.gpuPod() != null
            ? prices.gpuPod(w.gpuPod().name(), w.gpuPod().gpuCount(), w.nodeCapacityType())
            : prices.cpuPod(w.effectiveCores(), w.effectiveMemory(), w.nodeCapacityType());
    return orUnpriced(price, path, unpriced);
  }

  private static BigDecimal orUnpriced(
      Optional<BigDecimal> price, String path, List<FieldError> unpriced) {
    if (price.isEmpty()) {
      unpriced.add(new FieldError(path, "no shape in the price catalogue fits this pod"));
      return BigDecimal.ZERO;
    }
    return price.get();
  }

  private static double round(BigDecimal value) {
    return value.setScale(3, RoundingMode.HALF_UP).doubleValue();
  }
}
