package com.darwin.compute.model.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One job of a cluster: Ray's job details (status, message, times, exit code) and what the control
 * plane knows besides (who submitted it, how it was admitted, whether it still waits for the
 * cluster to become active). {@code submitted_by} is null for a job submitted to Ray directly.
 */
public record JobView(
    @JsonProperty("submission_id") String submissionId,
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("entrypoint") String entrypoint,
    @JsonProperty("status") JobStatus status,
    @JsonProperty("message") String message,
    @JsonProperty("submitted_by") String submittedBy,
    @JsonProperty("admission") Admission admission,
    @JsonProperty("admission_message") String admissionMessage,
    @JsonProperty("waiting_for_cluster") boolean waitingForCluster,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("start_time") Instant startTime,
    @JsonProperty("end_time") Instant endTime,
    @JsonProperty("driver_exit_code") Integer driverExitCode,
    @JsonProperty("entrypoint_num_cpus") Double entrypointNumCpus,
    @JsonProperty("entrypoint_num_gpus") Double entrypointNumGpus,
    @JsonProperty("entrypoint_memory") Long entrypointMemory,
    @JsonProperty("entrypoint_resources") Map<String, Double> entrypointResources,
    @JsonProperty("runtime_env") Map<String, Object> runtimeEnv,
    @JsonProperty("metadata") Map<String, String> metadata) {}
