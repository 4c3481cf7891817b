package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The cloud identity pods run as; {@code service_account_name} is resolved from configuration. */
public record InstanceRole(
    @JsonProperty("id") @JsonAlias("instance_role_id") String id,
    @JsonProperty("display_name") String displayName,
    @JsonProperty("service_account_name") String serviceAccountName) {}
