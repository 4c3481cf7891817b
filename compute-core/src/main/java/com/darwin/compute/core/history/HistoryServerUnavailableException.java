package com.darwin.compute.core.history;

import com.darwin.compute.core.kube.KubernetesErrors;

/**
 * The Kubernetes API did not take the server's objects: the server is marked failed, with nothing
 * of it left applied, and a new request starts it again. A 503 while the API may take them later; a
 * 502 when it refused them for good ({@link #refused()}), which only an operator can change.
 */
public class HistoryServerUnavailableException extends RuntimeException {

  private final boolean refused;

  public HistoryServerUnavailableException(String message, Throwable cause) {
    super(message, cause);
    this.refused = KubernetesErrors.refused(cause);
  }

  /** Whether the API server refused the objects for good (RBAC, an admission webhook, a schema). */
  public boolean refused() {
    return refused;
  }
}
