package com.darwin.compute.core.domain;

/**
 * A cluster's row changed (published inside the transaction, acted on after commit).
 *
 * @param observation true when only what the reconciler observed was written (status, pod count):
 *     the reconciler does not wake itself for it
 */
public record ClusterChanged(String clusterId, boolean observation) {

  public ClusterChanged(String clusterId) {
    this(clusterId, false);
  }
}
