package com.darwin.compute.model.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One entry of a history server's timeline: started, stopped, expired, extended, failed... */
public record HistoryServerAction(
    @JsonProperty("action") String action,
    @JsonProperty("message") String message,
    @JsonProperty("actor") String actor,
    @JsonProperty("created_at") Instant createdAt) {}
