package com.darwin.compute.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One run of a cluster in {@code GET /cluster/get-action-groups/{id}} (the Python shape). */
public record ActionGroup(
    @JsonProperty("cluster_runtime_id") String clusterRuntimeId,
    @JsonProperty("count_of_events") long countOfEvents,
    @JsonProperty("first_event") Action firstEvent,
    @JsonProperty("last_event") Action lastEvent) {

  /** One action row: when, what, and the message (who is in {@code actor}). */
  public record Action(
      @JsonProperty("timestamp") Instant timestamp,
      @JsonProperty("event_name") String eventName,
      @JsonProperty("event_description") String eventDescription,
      @JsonProperty("actor") String actor) {}
}
