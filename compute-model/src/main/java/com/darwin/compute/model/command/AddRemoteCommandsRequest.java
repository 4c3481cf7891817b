package com.darwin.compute.model.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Commands to register: they run on every pod that starts from now on. */
public record AddRemoteCommandsRequest(
    @JsonProperty("remote_commands") List<RemoteCommandRequest> remoteCommands) {

  public AddRemoteCommandsRequest {
    remoteCommands = remoteCommands == null ? List.of() : remoteCommands;
  }
}
