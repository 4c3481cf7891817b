package com.darwin.compute.model.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;

/**
 * {@code PUT /spark-history-server/{id}/ttl}: the server now stops {@code ttl} minutes from now.
 */
public record HistoryServerExtendRequest(@NotNull @JsonProperty("ttl") Integer ttl) {}
