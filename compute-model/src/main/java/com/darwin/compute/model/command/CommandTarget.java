package com.darwin.compute.model.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which pods of a cluster a remote command runs on. */
public enum CommandTarget {
  HEAD,
  WORKER,
  CLUSTER;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static CommandTarget fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** Whether a pod of this KubeRay node type ({@code head} or {@code worker}) is targeted. */
  public boolean includes(String nodeType) {
    return this == CLUSTER || wireName().equals(nodeType);
  }
}
