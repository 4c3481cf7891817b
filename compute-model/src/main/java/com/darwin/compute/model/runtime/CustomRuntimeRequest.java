package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /custom-runtime}: the Python service's v1 registration. {@code namespace} is accepted
 * and ignored (clusters are placed by their target), as it was there.
 */
public record CustomRuntimeRequest(
    @NotBlank
        @Size(max = 100)
        @Pattern(
            regexp = RuntimeV2Request.NAME,
            message =
                "must start with a letter or digit and hold only letters, digits, spaces and ._+()-")
        @JsonProperty("runtime")
        String runtime,
    @NotBlank
        @Size(max = 512)
        @Pattern(
            regexp = RuntimeV2Request.IMAGE,
            message = "must be an image reference such as registry.example.com/ray:2.37.0")
        @JsonProperty("image")
        String image,
    @Size(max = 128) @JsonProperty("namespace") String namespace,
    @NotBlank @Size(max = 255) @JsonProperty("created_by") String createdBy,
    @NotBlank
        @Pattern(regexp = "cpu|gpu|custom", message = "must be cpu, gpu or custom")
        @JsonProperty("type")
        String type) {}
