package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Maven options of a library: {@code repository} is {@code maven} (Maven Central, the default),
 * {@code spark} (the Spark Packages repository) or an https URL; {@code exclusions} is a
 * comma-separated list of {@code group:artifact} left out of the transitive dependencies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MavenMetadata(
    @JsonProperty("repository") String repository, @JsonProperty("exclusions") String exclusions) {}
