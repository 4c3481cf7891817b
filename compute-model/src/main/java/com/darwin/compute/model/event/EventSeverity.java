package com.darwin.compute.model.event;

public enum EventSeverity {
  INFO,
  WARNING,
  ERROR
}
