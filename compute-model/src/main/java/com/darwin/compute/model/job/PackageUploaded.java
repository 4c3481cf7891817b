package com.darwin.compute.model.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A working directory uploaded to a cluster's Ray dashboard: put {@code uri} ({@code
 * gcs://_ray_pkg_<hash>.zip}) in {@code runtime_env.working_dir}.
 */
public record PackageUploaded(
    @JsonProperty("uri") String uri,
    @JsonProperty("size") long size,
    @JsonProperty("already_present") boolean alreadyPresent) {}
