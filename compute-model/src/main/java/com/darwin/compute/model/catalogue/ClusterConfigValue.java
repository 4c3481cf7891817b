package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A {@code /cluster-config/{key}} value: {@code PUT} body and {@code GET} answer. */
public record ClusterConfigValue(
    @NotNull @Size(max = ClusterConfigEntry.MAX_VALUE_LENGTH) @JsonProperty("value")
        String value) {}
