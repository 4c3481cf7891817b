package com.darwin.compute.model.maven;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /maven/package/group/{g}/artifact/{a}}: every version of an artifact. */
public record MavenArtifacts(
    @JsonProperty("group_id") String groupId,
    @JsonProperty("artifact_id") String artifactId,
    @JsonProperty("versions") List<String> versions) {}
