package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.RuntimeProperties;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.render.jupyter.JupyterPodSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code compute.jupyter-pods} and turns it into the renderer's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JupyterPodProperties.class)
class JupyterPodConfiguration {

  @Bean
  JupyterPodSettings jupyterPodSettings(
      JupyterPodProperties properties, WorkspaceProperties workspace, RuntimeProperties runtimes) {
    // Workspaces turned off (a platform without shared storage) mount none here either.
    String claim =
        !workspace.enabled()
                || properties.workspaceClaim() == null
                || properties.workspaceClaim().isBlank()
            ? null
            : properties.workspaceClaim();
    return new JupyterPodSettings(
        // The default image is the CPU runtime's, built here and pushed to the runtimes' registry.
        runtimes.relocated(properties.image()),
        properties.cpu(),
        properties.memory(),
        properties.port(),
        claim,
        workspace.mountPath(),
        (int) Math.max(1, properties.readinessPeriod().toSeconds()),
        properties.readinessFailureThreshold(),
        properties.allowedFrom().stream()
            .map(p -> new JupyterPodSettings.Peer(p.namespaceLabels(), p.podLabels()))
            .toList(),
        properties.imagePullSecret());
  }
}
