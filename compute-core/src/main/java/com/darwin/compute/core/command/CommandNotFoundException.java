package com.darwin.compute.core.command;

/** No such command on this cluster (404). */
public class CommandNotFoundException extends RuntimeException {

  public CommandNotFoundException(String clusterId, String executionId) {
    super("Remote command " + executionId + " not found on cluster " + clusterId);
  }
}
