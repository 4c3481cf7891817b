package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code POST /jupyter-pod} and {@code GET /jupyter/path/{release}}: {@code
 * jupyterLink} as the Python service named it (the workspace service appends {@code /lab/tree/...}
 * to it, so it never ends with a slash), plus the pod and its status.
 */
public record JupyterLink(
    @JsonProperty("jupyterLink") String jupyterLink,
    @JsonProperty("pod_name") String podName,
    @JsonProperty("status") JupyterPodStatus status) {}
