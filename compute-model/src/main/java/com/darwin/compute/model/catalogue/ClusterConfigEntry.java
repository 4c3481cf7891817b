package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A {@code /cluster-config} setting: {@code POST} body and an entry of the list. */
public record ClusterConfigEntry(
    @NotBlank
        @Size(max = 255)
        @Pattern(regexp = KEY_PATTERN, message = "may contain only letters, digits and _ . -")
        @JsonProperty("key")
        String key,
    @NotNull @Size(max = MAX_VALUE_LENGTH) @JsonProperty("value") String value) {

  public static final String KEY_PATTERN = "^[A-Za-z0-9_.-]+$";
  public static final int MAX_VALUE_LENGTH = 65_535;
}
