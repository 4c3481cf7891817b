package com.darwin.compute.core.jupyter;

/** No Jupyter pod has this name (404). */
public class JupyterPodNotFoundException extends RuntimeException {
  public JupyterPodNotFoundException(String name) {
    super("Jupyter pod " + name + " not found");
  }
}
