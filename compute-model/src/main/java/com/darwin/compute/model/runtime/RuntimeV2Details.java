package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One runtime as {@code /runtime/v2} answers it. {@code ray_version} and {@code image_pull_secret}
 * are additions to the Python shape.
 */
public record RuntimeV2Details(
    @JsonProperty("id") long id,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("class") RuntimeClass runtimeClass,
    @JsonProperty("type") RuntimeType type,
    @JsonProperty("image") String image,
    @JsonProperty("reference_link") String referenceLink,
    @JsonProperty("components") List<RuntimeComponent> components,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("last_updated_by") String lastUpdatedBy,
    @JsonProperty("last_updated_at") Instant lastUpdatedAt,
    @JsonProperty("is_deleted") boolean deleted,
    @JsonProperty("spark_connect") boolean sparkConnect,
    @JsonProperty("spark_auto_init") boolean sparkAutoInit,
    @JsonProperty("ray_version") String rayVersion,
    @JsonProperty("image_pull_secret") String imagePullSecret) {}
