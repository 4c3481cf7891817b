package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One pod's attempt at a library or a command: its status and, once it ended, its exit code and
 * output (the end of it when long).
 */
public record PodInstall(
    @JsonProperty("pod_name") String podName,
    @JsonProperty("status") LibraryStatus status,
    @JsonProperty("exit_code") Integer exitCode,
    @JsonProperty("log") String log,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt) {}
