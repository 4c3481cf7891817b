package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One change of a Jupyter pod, with who (or which job) made it. */
public record JupyterPodEvent(
    @JsonProperty("at") Instant at,
    @JsonProperty("action") JupyterPodAction action,
    @JsonProperty("message") String message,
    @JsonProperty("actor") String actor) {}
