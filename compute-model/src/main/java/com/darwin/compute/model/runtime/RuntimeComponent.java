package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One versioned part of a runtime: {@code {"name": "Ray", "version": "2.37.0"}}. */
public record RuntimeComponent(
    @NotNull @JsonProperty("name") ComponentName name,
    @NotBlank
        @Size(max = 50)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+-]*", message = "must be a version like 2.37.0")
        @JsonProperty("version")
        String version) {}
