package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;

/**
 * Everything one cluster is rendered from. Rendering is a pure function of this value and the
 * {@link RenderSettings}.
 *
 * @param jupyterBasePath the path the Jupyter server is proxied under ({@code
 *     /{cloud_env}/{id}-jupyter})
 * @param sparkUiBasePath the path the Spark UI is proxied under ({@code spark.ui.proxyBase})
 */
public record RenderInput(
    String clusterId,
    ClusterRequest spec,
    RuntimeImage runtime,
    String namespace,
    String owner,
    String cloudEnv,
    String jupyterBasePath,
    String sparkUiBasePath) {

  /**
   * The container image of a runtime, the Ray version inside it, the Secret its image is pulled
   * with (null: the node's own credentials) and the runtime's Spark flags.
   */
  public record RuntimeImage(
      String image,
      String rayVersion,
      String imagePullSecret,
      boolean sparkConnect,
      boolean sparkAutoInit) {

    /** A public image without Spark flags. */
    public RuntimeImage(String image, String rayVersion) {
      this(image, rayVersion, null, false, false);
    }
  }
}
