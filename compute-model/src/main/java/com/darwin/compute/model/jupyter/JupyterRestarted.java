package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code POST /jupyter/restart}: the Python service wrapped the answer of its
 * deployment manager, {@code {"jupyterLink": {"JupyterLink", "Message", "Err"}}}; kept as is.
 */
public record JupyterRestarted(@JsonProperty("jupyterLink") Result jupyterLink) {

  public record Result(
      @JsonProperty("JupyterLink") String jupyterLink,
      @JsonProperty("Message") String message,
      @JsonProperty("Err") String err) {}
}
