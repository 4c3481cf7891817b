package com.darwin.compute.core.command;

/** Remote commands are switched off in this deployment (403). */
public class CommandsDisabledException extends RuntimeException {

  public CommandsDisabledException() {
    super("Remote commands are disabled here (compute.commands.enabled is false)");
  }
}
