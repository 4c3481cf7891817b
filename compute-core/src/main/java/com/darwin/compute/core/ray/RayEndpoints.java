package com.darwin.compute.core.ray;

import com.darwin.compute.core.config.RayProperties;
import com.darwin.compute.core.store.ClusterEntity;
import org.springframework.stereotype.Component;

/** Where a cluster's Ray dashboard and Jupyter server answer, from the configured templates. */
@Component
public class RayEndpoints {

  private final RayProperties properties;

  public RayEndpoints(RayProperties properties) {
    this.properties = properties;
  }

  public String dashboard(ClusterEntity cluster) {
    return fill(properties.dashboardUrl(), cluster);
  }

  public String jupyter(ClusterEntity cluster) {
    return fill(properties.jupyterUrl(), cluster);
  }

  private static String fill(String template, ClusterEntity cluster) {
    return template
        .replace("{cluster_id}", cluster.getClusterId())
        .replace("{namespace}", cluster.getNamespace())
        .replace("{cloud_env}", cluster.getCloudEnv());
  }
}
