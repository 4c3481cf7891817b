package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PUT /cluster/user/{id}}: the new owner, with the same rules as a request's user. */
public record ClusterOwnerRequest(
    @NotBlank
        @Size(max = 255)
        @Pattern(
            regexp = ClusterRequest.USER_PATTERN,
            message = "must be a user name or an e-mail address")
        @JsonProperty("cluster_user")
        String clusterUser) {}
