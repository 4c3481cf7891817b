package com.darwin.compute.model.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A job submission: the Ray Jobs API's body ({@code POST /api/jobs/}), plus {@code start_cluster}
 * (Darwin's own: start a stopped cluster and submit once it is active). {@code entrypoint_memory}
 * is in bytes, as in Ray.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSubmitRequest(
    @NotBlank @Size(max = 16384) @JsonProperty("entrypoint") String entrypoint,
    @Size(min = 1, max = 64)
        @Pattern(
            regexp = SUBMISSION_ID_PATTERN,
            message =
                "may contain only [-_.A-Za-z0-9], and is not . or .. nor 8 lowercase hex digits"
                    + " (the shape of a Ray job id)")
        @JsonProperty("submission_id")
        String submissionId,
    @JsonProperty("runtime_env") Map<String, Object> runtimeEnv,
    @Size(max = 64) @JsonProperty("metadata")
        Map<@Size(max = 256) String, @NotNull @Size(max = 1024) String> metadata,
    @PositiveOrZero @JsonProperty("entrypoint_num_cpus") Double entrypointNumCpus,
    @PositiveOrZero @JsonProperty("entrypoint_num_gpus") Double entrypointNumGpus,
    @PositiveOrZero @JsonProperty("entrypoint_memory") Long entrypointMemory,
    @Size(max = 64) @JsonProperty("entrypoint_resources")
        Map<@NotBlank @Size(max = 128) String, @NotNull @PositiveOrZero Double> entrypointResources,
    @JsonProperty("start_cluster") Boolean startCluster) {

  /**
   * Not {@code .} nor {@code ..}: in the job's URLs, those path segments are normalised away. Nor 8
   * lowercase hex digits: Ray's dashboard looks an id up as a driver's job id first, so a stop, a
   * log or a delete under it could reach another job of the cluster.
   */
  public static final String SUBMISSION_ID_PATTERN =
      "^(?!\\.\\.?$)(?![0-9a-f]{8}$)[-_.A-Za-z0-9]+$";

  /** Just a command, with no resource demand. */
  public static JobSubmitRequest of(String entrypoint) {
    return new JobSubmitRequest(entrypoint, null, null, null, null, null, null, null, null);
  }

  public double cpus() {
    return entrypointNumCpus == null ? 0 : entrypointNumCpus;
  }

  public double gpus() {
    return entrypointNumGpus == null ? 0 : entrypointNumGpus;
  }

  public long memory() {
    return entrypointMemory == null ? 0 : entrypointMemory;
  }

  public Map<String, Double> resources() {
    return entrypointResources == null ? Map.of() : entrypointResources;
  }

  public boolean wantsStart() {
    return startCluster != null && startCluster;
  }

  public JobSubmitRequest withSubmissionId(String id) {
    return new JobSubmitRequest(
        entrypoint,
        id,
        runtimeEnv,
        metadata,
        entrypointNumCpus,
        entrypointNumGpus,
        entrypointMemory,
        entrypointResources,
        startCluster);
  }

  public JobSubmitRequest withRuntimeEnv(Map<String, Object> env) {
    return new JobSubmitRequest(
        entrypoint,
        submissionId,
        env,
        metadata,
        entrypointNumCpus,
        entrypointNumGpus,
        entrypointMemory,
        entrypointResources,
        startCluster);
  }

  public JobSubmitRequest withStartCluster(Boolean start) {
    return new JobSubmitRequest(
        entrypoint,
        submissionId,
        runtimeEnv,
        metadata,
        entrypointNumCpus,
        entrypointNumGpus,
        entrypointMemory,
        entrypointResources,
        start);
  }
}
