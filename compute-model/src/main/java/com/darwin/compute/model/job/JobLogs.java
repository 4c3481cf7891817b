package com.darwin.compute.model.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A job's driver log (the last {@code tail} lines when asked), and its status when it was read. */
public record JobLogs(
    @JsonProperty("submission_id") String submissionId,
    @JsonProperty("status") JobStatus status,
    @JsonProperty("logs") String logs) {}
