package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /jupyter-pod}: the consumer a Jupyter pod is attached to. The workspace service sends
 * {@code "{project_id}-{codespace_id}"}; any short identifier of letters, digits and {@code -_.:@}
 * is accepted, nothing else (it is stored and shown, never interpreted).
 */
public record JupyterPodRequest(
    @NotNull
        @Pattern(
            regexp = CONSUMER_ID_PATTERN,
            message =
                "must be 1 to 128 characters of letters, digits and -_.:@, starting with a"
                    + " letter or digit")
        @JsonProperty("consumer_id")
        String consumerId) {

  public static final String CONSUMER_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$";
}
