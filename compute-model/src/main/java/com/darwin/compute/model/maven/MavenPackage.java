package com.darwin.compute.model.maven;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One search hit: an artifact and its latest version. */
public record MavenPackage(
    @JsonProperty("group_id") String groupId,
    @JsonProperty("artifact_id") String artifactId,
    @JsonProperty("version") String version) {}
