package com.darwin.compute.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A page of events; {@code next_page_token} is null on the last page. */
public record ClusterEventPage(
    @JsonProperty("events") List<ClusterEvent> events,
    @JsonProperty("next_page_token") String nextPageToken) {}
