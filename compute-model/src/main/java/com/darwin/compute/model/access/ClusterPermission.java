package com.darwin.compute.model.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One share of a cluster: {@code {"kind": "user", "principal": "bob@example.com", "level":
 * "can_restart"}}. The body of {@code PUT /cluster/{id}/permissions} and an entry of the cluster's
 * {@code access.permissions}.
 */
public record ClusterPermission(
    @NotNull @JsonProperty("kind") PrincipalKind kind,
    @NotBlank @Size(max = 255) @JsonProperty("principal") String principal,
    @NotNull @JsonProperty("level") AccessLevel level) {}
