package com.darwin.compute.model.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A command of a cluster: the Python service's list row ({@code execution_id, command, target,
 * status, timeout}, {@code command} the lines joined with {@code " ; "}), plus who created it and
 * each pod's run.
 */
public record RemoteCommandView(
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("command") String command,
    @JsonProperty("target") CommandTarget target,
    @JsonProperty("status") CommandStatus status,
    @JsonProperty("timeout") int timeout,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("pods") List<CommandPodRun> pods) {}
