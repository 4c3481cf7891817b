package com.darwin.compute.core.ray;

import com.darwin.compute.model.job.JobStatus;
import java.time.Instant;
import java.util.Map;

/**
 * One job as a Ray dashboard's Jobs API describes it ({@code JobDetails}): the fields the control
 * plane reads. Times are Ray's milliseconds since the epoch, converted.
 */
public record RayJobDetails(
    String submissionId,
    String type,
    String entrypoint,
    JobStatus status,
    String message,
    Instant startTime,
    Instant endTime,
    Integer driverExitCode,
    Double entrypointNumCpus,
    Double entrypointNumGpus,
    Long entrypointMemory,
    Map<String, Double> entrypointResources,
    Map<String, Object> runtimeEnv,
    Map<String, String> metadata) {}
