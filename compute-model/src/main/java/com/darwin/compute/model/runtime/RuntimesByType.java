package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One type of a class: how many runtimes it has, and the requested page of them. */
public record RuntimesByType(
    @JsonProperty("type") RuntimeType type,
    @JsonProperty("count") long count,
    @JsonProperty("runtime_list") List<RuntimeV2Details> runtimeList) {}
