package com.darwin.compute.model.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /cluster/{id}/command/{execution_id}/status}, with each pod's run. */
public record CommandStatusView(
    @JsonProperty("status") CommandStatus status,
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("pods") List<CommandPodRun> pods) {}
