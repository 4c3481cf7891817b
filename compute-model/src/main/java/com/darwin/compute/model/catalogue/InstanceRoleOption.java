package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code GET /get-instance-role}. */
public record InstanceRoleOption(
    @JsonProperty("instance_role_id") String instanceRoleId,
    @JsonProperty("display_name") String displayName,
    @JsonProperty("service_account_name") String serviceAccountName) {}
