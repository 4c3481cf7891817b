package com.darwin.compute.api.cluster;

import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code GET /cluster/{id}}: the Python service's fields, unchanged, plus {@code access} (owner and
 * shares) as one additive key, which clients that do not know it ignore.
 */
public record ClusterDetailsView(
    @JsonUnwrapped ClusterDetails details, @JsonProperty("access") ClusterAccess access) {}
