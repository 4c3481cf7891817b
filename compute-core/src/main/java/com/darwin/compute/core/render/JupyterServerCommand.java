package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How every Jupyter server the control plane runs is started and probed: the head pod's and the
 * standalone pods'. Checked against jupyter_server 2.x (JupyterLab 4.2.5 in the runtime images):
 *
 * <ul>
 *   <li>It is served under the proxy's route ({@code --ServerApp.base_url}); the Darwin proxy
 *       passes the browser's {@code Host} and {@code X-Forwarded-*} ({@code trust_xheaders}), so
 *       the browser, the proxy and the server agree on one origin and XSRF checks stay on.
 *   <li>No token ({@code IdentityProvider.token} empty): a token would be a prompt behind the
 *       proxy, which authenticates users itself. The server is therefore never published: it is
 *       reached through a ClusterIP Service, and a NetworkPolicy admits only the proxy and the
 *       control plane to its port (README, "Jupyter access").
 *   <li>The readiness probe asks {@code {base}/api}, which jupyter_server answers without
 *       authentication with its version only; {@code /api/status} needs an identified user and
 *       answers 403 to a kubelet whenever a token is set.
 * </ul>
 */
public final class JupyterServerCommand {

  private JupyterServerCommand() {}

  /**
   * @param rootDir the directory notebooks are served from, or null for the image's working
   *     directory
   */
  public static List<String> command(int port, String basePath, String rootDir) {
    List<String> command = new ArrayList<>();
    command.add("jupyter");
    command.add("lab");
    command.add("--ip=0.0.0.0");
    command.add("--port=" + port);
    command.add("--no-browser");
    command.add("--ServerApp.base_url=" + basePath);
    if (rootDir != null) {
      command.add("--ServerApp.root_dir=" + rootDir);
    }
    command.add("--IdentityProvider.token=");
    command.add("--ServerApp.trust_xheaders=True");
    command.add("--ServerApp.allow_remote_access=True");
    command.add("--ServerApp.quit_button=False");
    return command;
  }

  /**
   * The folder a Jupyter server beside a workspace serves: the one that holds the mount, not the
   * mount itself. Darwin's workspace service opens a codespace as {@code {jupyter
   * link}/lab/tree/fsx/workspace/{user}/{project}/{codespace}}, a path relative to {@code
   * /home/ray}, where the Python service's heads and pods started Jupyter with the workspace
   * mounted at {@code /home/ray/fsx}; served from the mount itself, every such link pointed at a
   * folder that does not exist.
   *
   * @param workspaceMountPath where the workspace is mounted, or null when it is not
   * @return the folder to serve, or null (the image's working directory) without a workspace
   */
  public static String rootDir(String workspaceMountPath) {
    if (workspaceMountPath == null) {
      return null;
    }
    Path parent = Path.of(workspaceMountPath).getParent();
    return parent == null ? workspaceMountPath : parent.toString();
  }

  /** The path a kubelet (or the control plane) may ask without being identified. */
  public static String probePath(String basePath) {
    return basePath + "/api";
  }

  public static Probe readiness(String basePath, int port, int periodSeconds, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(probePath(basePath))
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failures)
        .build();
  }
}
