package com.darwin.compute.model.job;

/** Whether a job's entrypoint fits a node of the cluster as it is, or only once it has scaled. */
public enum Admission {
  /** A node present at the cluster's current size has room for the entrypoint. */
  FITS_NOW,
  /**
   * Some node shape of the cluster can hold the entrypoint, but none of the nodes running at {@code
   * min_pods} has room left: it waits for the autoscaler (or for running jobs to finish).
   */
  FITS_AFTER_SCALING
}
