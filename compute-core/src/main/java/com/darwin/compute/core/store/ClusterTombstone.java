package com.darwin.compute.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A cluster deleted through the API: its leftover Kubernetes objects may be removed. */
@Entity
@Table(name = "cluster_tombstones")
public class ClusterTombstone {

  @Id
  @Column(name = "cluster_id", length = 32)
  private String clusterId;

  @Column(name = "deleted_at", nullable = false)
  private Instant deletedAt;

  protected ClusterTombstone() {}

  public ClusterTombstone(String clusterId, Instant deletedAt) {
    this.clusterId = clusterId;
    this.deletedAt = deletedAt;
  }

  public String getClusterId() {
    return clusterId;
  }
}
