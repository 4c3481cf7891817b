package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Several libraries at once. */
public record InstallBatchRequest(@JsonProperty("packages") List<InstallRequest> packages) {

  public InstallBatchRequest {
    packages = packages == null ? List.of() : packages;
  }
}
