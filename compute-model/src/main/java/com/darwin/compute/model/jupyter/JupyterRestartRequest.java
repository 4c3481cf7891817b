package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /jupyter/restart}, the Python body: {@code release_name} is the pod; {@code
 * jupyter_path} (the in-cluster address the workspace service sends) is accepted and not used: the
 * pod's address is known here; {@code cloud_env}, when sent, must be the pod's.
 */
public record JupyterRestartRequest(
    @Size(max = 2048) @JsonProperty("jupyter_path") String jupyterPath,
    @NotNull
        @Pattern(regexp = JupyterPodNames.PATTERN, message = JupyterPodNames.MESSAGE)
        @JsonProperty("release_name")
        String releaseName,
    @Size(max = 64) @JsonProperty("cloud_env") String cloudEnv) {}
