package com.darwin.compute.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A Ray runtime: the image a cluster runs and the Ray version inside it. */
@Entity
@Table(name = "runtimes")
public class RuntimeEntity {

  @Id private Long id;

  @Column(nullable = false)
  private String runtime;

  @Column(name = "runtime_class", nullable = false, columnDefinition = "enum('CPU','GPU','CUSTOM')")
  private String runtimeClass;

  @Column(name = "runtime_type", length = 32)
  private String runtimeType;

  @Column(nullable = false, length = 512)
  private String image;

  @Column(name = "ray_version", nullable = false, length = 32)
  private String rayVersion;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "is_deleted", nullable = false)
  private boolean deleted;

  /** Null until first saved: tells Spring Data the entity is new despite its assigned id. */
  @Version private Long version;

  protected RuntimeEntity() {}

  public Long getId() {
    return id;
  }

  public String getRuntime() {
    return runtime;
  }

  public String getRuntimeClass() {
    return runtimeClass;
  }

  public String getRuntimeType() {
    return runtimeType;
  }

  public String getImage() {
    return image;
  }

  public String getRayVersion() {
    return rayVersion;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public boolean isDeleted() {
    return deleted;
  }
}
