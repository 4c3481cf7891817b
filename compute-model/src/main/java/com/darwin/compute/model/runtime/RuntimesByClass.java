package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One class of {@code POST /runtime/v2/get-all}: its default runtime and its types. */
public record RuntimesByClass(
    @JsonProperty("class") RuntimeClass runtimeClass,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("default_runtime")
        RuntimeV2Details defaultRuntime,
    @JsonProperty("total_count") long totalCount,
    @JsonProperty("runtimes") List<RuntimesByType> runtimes) {}
