package com.darwin.compute.core.domain;

/** No cluster has this id (404). */
public class ClusterNotFoundException extends RuntimeException {
  public ClusterNotFoundException(String clusterId) {
    super("Cluster " + clusterId + " not found");
  }
}
