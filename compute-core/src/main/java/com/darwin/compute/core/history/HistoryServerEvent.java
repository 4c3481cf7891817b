package com.darwin.compute.core.history;

/** What can happen to a history server, as its timeline shows it. */
public enum HistoryServerEvent {
  CREATED("Created"),
  STARTED("Started"),
  ACTIVE("Active"),
  STOPPED("Stopped"),
  EXPIRED("Expired"),
  EXTENDED("Extended"),
  FAILED("Failed");

  private final String label;

  HistoryServerEvent(String label) {
    this.label = label;
  }

  /** The name the timeline shows. */
  public String label() {
    return label;
  }
}
