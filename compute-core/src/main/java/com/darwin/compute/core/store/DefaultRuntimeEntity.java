package com.darwin.compute.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The runtime the UI preselects for a class (CPU or GPU). */
@Entity
@Table(name = "default_runtimes")
public class DefaultRuntimeEntity {

  @Id
  @Column(name = "runtime_class", columnDefinition = "enum('CPU','GPU')")
  private String runtimeClass;

  @Column(name = "runtime_id")
  private Long runtimeId;

  protected DefaultRuntimeEntity() {}

  public DefaultRuntimeEntity(String runtimeClass, Long runtimeId) {
    this.runtimeClass = runtimeClass;
    this.runtimeId = runtimeId;
  }

  public String getRuntimeClass() {
    return runtimeClass;
  }

  public Long getRuntimeId() {
    return runtimeId;
  }

  public void setRuntimeId(Long runtimeId) {
    this.runtimeId = runtimeId;
  }
}
