package com.darwin.compute.core.library;

import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryStatus;
import com.darwin.compute.model.library.LibraryType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A library of a cluster, as validated ({@link LibrarySpec}), and its cluster-wide status. */
@Entity
@Table(name = "cluster_libraries")
public class LibraryEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('PYPI','MAVEN','S3','WORKSPACE')")
  private LibrarySource source;

  @Enumerated(EnumType.STRING)
  @Column(
      nullable = false,
      columnDefinition = "enum('JAR','WHL','ZIP','TAR','GZ','TXT','PYPI','MAVEN_JAR')")
  private LibraryType type;

  @Column(nullable = false)
  private String name;

  private String version;

  @Column(length = 1024)
  private String path;

  /** The Maven metadata as JSON, or null. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "json")
  private String metadata;

  @Column(name = "request_key", nullable = false, columnDefinition = "char(64)")
  private String requestKey;

  @Enumerated(EnumType.STRING)
  @Column(
      nullable = false,
      columnDefinition = "enum('CREATED','RUNNING','SUCCESS','FAILED','UNINSTALL_PENDING')")
  private LibraryStatus status;

  @Column(name = "execution_id", nullable = false, length = 64)
  private String executionId;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /**
   * Bumped by every write. The runner's settle writes a status only over the row as it read it
   * ({@link LibraryRepository#settle}); a request that loses to a settle is retried afresh.
   */
  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected LibraryEntity() {}

  LibraryEntity(
      String clusterId,
      LibrarySpec spec,
      String metadataJson,
      LibraryStatus status,
      String executionId,
      String createdBy,
      Instant now) {
    this.clusterId = clusterId;
    this.source = spec.source();
    this.type = spec.type();
    this.name = spec.name();
    this.version = spec.version();
    this.path = spec.path();
    this.metadata = metadataJson;
    this.requestKey = spec.key();
    this.status = status;
    this.executionId = executionId;
    this.createdBy = createdBy;
    this.createdAt = now;
    this.updatedAt = now;
  }

  void setStatus(LibraryStatus status, Instant now) {
    if (this.status != status) {
      this.status = status;
      this.updatedAt = now;
    }
  }

  void retry(String newExecutionId, LibraryStatus status, Instant now) {
    this.executionId = newExecutionId;
    this.status = status;
    this.updatedAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getClusterId() {
    return clusterId;
  }

  public LibrarySource getSource() {
    return source;
  }

  public LibraryType getType() {
    return type;
  }

  public String getName() {
    return name;
  }

  public String getVersion() {
    return version;
  }

  public String getPath() {
    return path;
  }

  public String getMetadata() {
    return metadata;
  }

  public String getRequestKey() {
    return requestKey;
  }

  public LibraryStatus getStatus() {
    return status;
  }

  public String getExecutionId() {
    return executionId;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public long getRowVersion() {
    return rowVersion;
  }
}
