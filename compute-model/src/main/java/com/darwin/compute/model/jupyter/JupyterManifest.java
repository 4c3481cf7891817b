package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The Kubernetes objects of a Jupyter pod, in the order they are applied (JSON answers). */
public record JupyterManifest(
    @JsonProperty("pod_name") String podName,
    @JsonProperty("objects") List<Map<String, Object>> objects) {}
