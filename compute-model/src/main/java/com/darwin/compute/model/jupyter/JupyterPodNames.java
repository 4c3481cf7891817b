package com.darwin.compute.model.jupyter;

/** The form of a Jupyter pod's name ({@code jup-} and 16 lower-case letters or digits). */
public final class JupyterPodNames {

  public static final String PREFIX = "jup-";
  public static final String PATTERN = "^jup-[a-z0-9]{16}$";
  public static final String MESSAGE = "must be a Jupyter pod name: jup- and 16 letters or digits";

  private JupyterPodNames() {}

  public static boolean isValid(String name) {
    return name != null && name.matches(PATTERN);
  }
}
