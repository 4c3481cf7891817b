package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /filters}: the values the cluster list can be filtered on. */
public record ClusterFilterOptions(
    @JsonProperty("status") List<String> status, @JsonProperty("users") List<String> users) {}
