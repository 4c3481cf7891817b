package com.darwin.compute.core.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The GPU pod shapes users may ask for. A requested shape must match one exactly. */
@ConfigurationProperties("compute.gpu")
public record GpuCatalogProperties(List<GpuShape> catalogue) {

  public GpuCatalogProperties {
    catalogue = catalogue == null ? List.of() : List.copyOf(catalogue);
  }

  public record GpuShape(
      String name,
      int cores,
      int memory,
      int gpuCount,
      int gRamMemory,
      String gRamType,
      String instanceFamily) {}
}
