package com.darwin.compute.model.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One pod's run of a command, with its output once it ended (the end of it when long); the command
 * list leaves the output out ({@code log} null): the status route has it.
 */
public record CommandPodRun(
    @JsonProperty("pod_name") String podName,
    @JsonProperty("status") CommandStatus status,
    @JsonProperty("exit_code") Integer exitCode,
    @JsonProperty("log") String log,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt) {}
