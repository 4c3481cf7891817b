package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The answer of {@code POST /cluster/label/value}: the distinct values of each key. */
public record LabelValues(
    @JsonProperty("keys") List<String> keys,
    @JsonProperty("values") Map<String, List<String>> values) {}
