package com.darwin.compute.core.history;

import com.darwin.compute.core.store.ColumnText;
import com.darwin.compute.model.history.HistoryFilesystem;
import com.darwin.compute.model.history.HistoryServerStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A Spark History Server: one per resource. Started again under the same id after a stop, with what
 * the new request says.
 */
@Entity
@DynamicUpdate
@Table(name = "spark_history_servers")
public class HistoryServerEntity {

  @Id
  @Column(length = 32)
  private String id;

  @Column(nullable = false)
  private String resource;

  @Column(name = "user_name", nullable = false)
  private String user;

  @Column(nullable = false)
  private int ttl;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('S3','EFS')")
  private HistoryFilesystem filesystem;

  @Column(name = "events_path", nullable = false, length = 1024)
  private String eventsPath;

  @Column(name = "cloud_env", nullable = false, length = 64)
  private String cloudEnv;

  @Column(nullable = false, length = 63)
  private String namespace;

  @Column(name = "claim_name", length = 253)
  private String claimName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('CREATED','ACTIVE','INACTIVE','FAILED')")
  private HistoryServerStatus status;

  @Column(name = "status_message", length = MESSAGE_LENGTH)
  private String statusMessage;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "stopped_at")
  private Instant stoppedAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private long version;

  protected HistoryServerEntity() {}

  /** The width of {@code status_message} and of a timeline entry's message. */
  static final int MESSAGE_LENGTH = 1024;

  /**
   * A message as it fits its column: what Kubernetes says of a failed Deployment (an admission
   * webhook's list of violations) can be longer, and a longer one would fail the whole write.
   */
  static String fitted(String message) {
    return ColumnText.fitted(message, MESSAGE_LENGTH);
  }

  public HistoryServerEntity(String id, String resource, Instant createdAt) {
    this.id = id;
    this.resource = resource;
    this.createdAt = createdAt;
  }

  /** (Re)starts the server with a plan: status created, its time to live running from now. */
  void start(HistoryServerPlan plan, Instant now, Duration ttlUnit) {
    this.user = plan.user();
    this.ttl = plan.ttlMinutes();
    this.filesystem = plan.filesystem();
    this.eventsPath = plan.eventsPath();
    this.cloudEnv = plan.cloudEnv();
    this.namespace = plan.namespace();
    this.claimName = plan.claimName();
    this.status = HistoryServerStatus.CREATED;
    this.statusMessage = null;
    this.startedAt = now;
    this.expiresAt = now.plus(ttlUnit.multipliedBy(plan.ttlMinutes()));
    this.stoppedAt = null;
  }

  public String getId() {
    return id;
  }

  public String getResource() {
    return resource;
  }

  public String getUser() {
    return user;
  }

  public int getTtl() {
    return ttl;
  }

  public HistoryFilesystem getFilesystem() {
    return filesystem;
  }

  public String getEventsPath() {
    return eventsPath;
  }

  public String getCloudEnv() {
    return cloudEnv;
  }

  public String getNamespace() {
    return namespace;
  }

  public String getClaimName() {
    return claimName;
  }

  public HistoryServerStatus getStatus() {
    return status;
  }

  public String getStatusMessage() {
    return statusMessage;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getStoppedAt() {
    return stoppedAt;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public long getVersion() {
    return version;
  }
}
