package com.darwin.compute.core.render;

/**
 * The ports Ray listens on in every head pod, named once: the rendered pods declare them, the
 * probes call them, and the dashboard URLs point at them.
 */
public final class RayPorts {

  public static final int GCS_SERVER = 6379;
  public static final int DASHBOARD = 8265;
  public static final int DASHBOARD_AGENT = 52365;
  public static final int CLIENT = 10001;
  public static final int SERVE = 8000;
  public static final int METRICS = 8080;
  public static final int SPARK_UI = 4040;

  private RayPorts() {}
}
