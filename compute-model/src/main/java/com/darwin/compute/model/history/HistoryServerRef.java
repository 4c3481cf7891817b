package com.darwin.compute.model.history;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code data} of the Python service's create, stop and delete answers. */
public record HistoryServerRef(@JsonProperty("server_id") String serverId) {}
