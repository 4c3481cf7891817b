package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /cluster/label/value}: the label keys whose values are wanted (1 to 20). */
public record LabelValuesRequest(
    @NotNull @Size(min = 1, max = 20) @JsonProperty("keys") List<@NotBlank String> keys) {}
