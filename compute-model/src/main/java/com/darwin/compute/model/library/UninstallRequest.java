package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Libraries to remove, by id. */
public record UninstallRequest(@JsonProperty("id") List<Long> id) {

  public UninstallRequest {
    id = id == null ? List.of() : id;
  }
}
