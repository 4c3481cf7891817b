package com.darwin.compute.core.cost;

import com.darwin.compute.core.config.CostProperties;
import com.darwin.compute.core.config.CostProperties.CpuShape;
import com.darwin.compute.core.config.CostProperties.GpuShape;
import com.darwin.compute.model.cluster.CapacityType;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Prices of pods from the configured catalogue. */
@Component
public class PriceCatalog {

  private final CostProperties properties;

  public PriceCatalog(CostProperties properties) {
    this.properties = properties;
  }

  /** The hourly price of a CPU pod: the cheapest catalogued shape with enough cores and memory. */
  public Optional<BigDecimal> cpuPod(int cores, int memoryGb, CapacityType capacity) {
    return properties.cpuShapes().stream()
        .filter(s -> s.cores() >= cores && s.memory() >= memoryGb)
        .map(s -> price(s, capacity))
        .min(Comparator.naturalOrder());
  }

  /** The hourly price of a GPU pod of the given shape. */
  public Optional<BigDecimal> gpuPod(String gpuName, int gpuCount, CapacityType capacity) {
    return properties.gpuShapes().stream()
        .filter(s -> s.name().equals(gpuName) && s.gpuCount() == gpuCount)
        .findFirst()
        .map(s -> price(s, capacity));
  }

  public BigDecimal overheadFactor() {
    return properties.overheadFactor();
  }

  private BigDecimal price(CpuShape shape, CapacityType capacity) {
    return capacity == CapacityType.SPOT ? spot(shape.onDemand(), shape.spot()) : shape.onDemand();
  }

  private BigDecimal price(GpuShape shape, CapacityType capacity) {
    return capacity == CapacityType.SPOT ? spot(shape.onDemand(), shape.spot()) : shape.onDemand();
  }

  private BigDecimal spot(BigDecimal onDemand, BigDecimal spot) {
    return spot != null ? spot : onDemand.multiply(properties.spotFactor());
  }
}
