package com.darwin.compute.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One operator setting of {@code /cluster-config}: a key and its text value. */
@Entity
@Table(name = "cluster_configs")
public class ClusterConfigEntity {

  @Id
  @Column(name = "config_key", length = 255)
  private String key;

  @Column(nullable = false, columnDefinition = "mediumtext")
  private String value;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected ClusterConfigEntity() {}

  public ClusterConfigEntity(String key, String value, Instant now) {
    this.key = key;
    this.value = value;
    this.updatedAt = now;
  }

  public void changeValue(String newValue, Instant now) {
    this.value = newValue;
    this.updatedAt = now;
  }

  public String getKey() {
    return key;
  }

  public String getValue() {
    return value;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
