package com.darwin.compute.model.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A remote command: the Python service's {@code RemoteCommandRequest}. {@code command} lines run
 * one after the other in a shell of each targeted pod, within {@code timeout} seconds (300 by
 * default); {@code execution_id} is generated when absent.
 */
public record RemoteCommandRequest(
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("command") List<String> command,
    @JsonProperty("target") CommandTarget target,
    @JsonProperty("timeout") Integer timeout) {

  public static RemoteCommandRequest of(CommandTarget target, String... lines) {
    return new RemoteCommandRequest(null, List.of(lines), target, null);
  }
}
