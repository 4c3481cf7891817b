package com.darwin.compute.core.config;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The price catalogue (USD per hour): CPU machine shapes and GPU pod shapes, on-demand and spot. A
 * CPU pod costs the cheapest shape it fits on; a GPU pod its shape's price. {@code overheadFactor}
 * multiplies the total (the Python service hard-coded 1.706/1.727 to "match Kubecost"; here it is
 * configuration, 1 by default).
 */
@ConfigurationProperties("compute.cost")
public record CostProperties(
    List<CpuShape> cpuShapes,
    List<GpuShape> gpuShapes,
    @DefaultValue("0.35") BigDecimal spotFactor,
    @DefaultValue("1") BigDecimal overheadFactor) {

  public CostProperties {
    cpuShapes = cpuShapes == null ? List.of() : List.copyOf(cpuShapes);
    gpuShapes = gpuShapes == null ? List.of() : List.copyOf(gpuShapes);
  }

  /** A machine shape; {@code spot} may be omitted (then on-demand x spot-factor). */
  public record CpuShape(
      String name, int cores, int memory, BigDecimal onDemand, BigDecimal spot) {}

  /** A GPU pod shape by GPU name and count. */
  public record GpuShape(String name, int gpuCount, BigDecimal onDemand, BigDecimal spot) {}
}
