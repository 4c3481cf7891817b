package com.darwin.compute.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's last visit of a cluster's page: one row per user and cluster (written by an upsert in
 * {@link ClusterVisitRepository}).
 */
@Entity
@Table(name = "user_cluster_visits")
public class ClusterVisitEntity {

  @EmbeddedId private Key key;

  @Column(name = "visited_at", nullable = false)
  private Instant visitedAt;

  protected ClusterVisitEntity() {}

  public ClusterVisitEntity(String userId, String clusterId, Instant visitedAt) {
    this.key = new Key(userId, clusterId);
    this.visitedAt = visitedAt;
  }

  public String getUserId() {
    return key.userId;
  }

  public String getClusterId() {
    return key.clusterId;
  }

  public Instant getVisitedAt() {
    return visitedAt;
  }

  /** User and cluster. */
  @Embeddable
  public static class Key implements Serializable {

    @Column(name = "user_id", length = 255)
    private String userId;

    @Column(name = "cluster_id", length = 32)
    private String clusterId;

    protected Key() {}

    public Key(String userId, String clusterId) {
      this.userId = userId;
      this.clusterId = clusterId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(userId, k.userId)
          && Objects.equals(clusterId, k.clusterId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(userId, clusterId);
    }
  }
}
