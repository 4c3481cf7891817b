package com.darwin.compute.core.store;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Ray runtime: the image a cluster runs, the Ray version inside it, and what the catalogue says
 * about it (class, type, components, Spark flags, the image pull secret).
 */
@Entity
@Table(name = "runtimes")
public class RuntimeEntity {

  /** The length of {@code runtimes.ray_version}; registration checks it before the insert. */
  public static final int RAY_VERSION_LENGTH = 32;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String runtime;

  @Column(name = "runtime_class", nullable = false, columnDefinition = "enum('CPU','GPU','CUSTOM')")
  private String runtimeClass;

  @Column(name = "runtime_type", length = 32)
  private String runtimeType;

  @Column(nullable = false, length = 512)
  private String image;

  @Column(name = "ray_version", nullable = false, length = RAY_VERSION_LENGTH)
  private String rayVersion;

  @Column(name = "reference_link", length = 1024)
  private String referenceLink;

  @Column(name = "spark_connect", nullable = false)
  private boolean sparkConnect;

  @Column(name = "spark_auto_init", nullable = false)
  private boolean sparkAutoInit;

  @Column(name = "image_pull_secret", length = 253)
  private String imagePullSecret;

  @Column(name = "from_catalogue", nullable = false)
  private boolean fromCatalogue;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "last_updated_by", nullable = false)
  private String lastUpdatedBy;

  @Column(name = "last_updated_at", nullable = false)
  private Instant lastUpdatedAt;

  @Column(name = "is_deleted", nullable = false)
  private boolean deleted;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "runtime_components", joinColumns = @JoinColumn(name = "runtime_id"))
  @OrderBy("name")
  private List<Component> components = new ArrayList<>();

  @Version private Long version;

  protected RuntimeEntity() {}

  public RuntimeEntity(String runtime, String createdBy, Instant now) {
    this.runtime = runtime;
    this.createdBy = createdBy;
    this.createdAt = now;
    this.lastUpdatedBy = createdBy;
    this.lastUpdatedAt = now;
  }

  /** One versioned part of a runtime (Ray, Spark, Python, ...). */
  @Embeddable
  public record Component(
      @Column(name = "name", nullable = false, length = 32) String name,
      @Column(name = "version", nullable = false, length = 50) String version) {}

  /** Everything a registration or an edit sets; the name and the creator never change. */
  public void describe(
      String runtimeClass,
      String runtimeType,
      String image,
      String rayVersion,
      String referenceLink,
      boolean sparkConnect,
      boolean sparkAutoInit,
      String imagePullSecret) {
    this.runtimeClass = runtimeClass;
    this.runtimeType = runtimeType;
    this.image = image;
    this.rayVersion = rayVersion;
    this.referenceLink = referenceLink;
    this.sparkConnect = sparkConnect;
    this.sparkAutoInit = sparkAutoInit;
    this.imagePullSecret = imagePullSecret;
  }

  public void replaceComponents(List<Component> components) {
    this.components.clear();
    this.components.addAll(components);
  }

  public void touched(String by, Instant at) {
    this.lastUpdatedBy = by;
    this.lastUpdatedAt = at;
  }

  public void setDeleted(boolean deleted) {
    this.deleted = deleted;
  }

  public void setFromCatalogue(boolean fromCatalogue) {
    this.fromCatalogue = fromCatalogue;
  }

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

  public String getReferenceLink() {
    return referenceLink;
  }

  public boolean isSparkConnect() {
    return sparkConnect;
  }

  public boolean isSparkAutoInit() {
    return sparkAutoInit;
  }

  public String getImagePullSecret() {
    return imagePullSecret;
  }

  public boolean isFromCatalogue() {
    return fromCatalogue;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public String getLastUpdatedBy() {
    return lastUpdatedBy;
  }

  public Instant getLastUpdatedAt() {
    return lastUpdatedAt;
  }

  public boolean isDeleted() {
    return deleted;
  }

  public List<Component> getComponents() {
    return List.copyOf(components);
  }
}
