package com.darwin.compute.core.cluster;

import com.darwin.compute.core.store.ClusterEntity;

/**
 * What a create or an edit writes besides the cluster (the libraries its {@code packages} ask for),
 * in the cluster's own transaction: both are stored or neither, so a failure on the way never
 * leaves a cluster without what its request asked for.
 */
@FunctionalInterface
public interface WrittenAlong {

  /** Nothing besides the cluster. */
  WrittenAlong NOTHING = cluster -> {};

  /**
   * Runs first in the cluster's transaction, before its row is written (locks that must come before
   * the row's, such as the owner's for the caps); may run again when it is retried.
   *
   * @param owner the cluster's owner
   */
  default void before(String owner) {}

  /**
   * Writes, inside the cluster's transaction; may run again when that transaction is retried.
   *
   * @param cluster the cluster as it is about to be committed (its desired state settled)
   */
  void write(ClusterEntity cluster);
}
