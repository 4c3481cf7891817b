package com.darwin.compute.core.command;

import com.darwin.compute.model.command.CommandStatus;
import com.darwin.compute.model.command.CommandTarget;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A remote command of a cluster and its cluster-wide status. */
@Entity
@Table(name = "remote_commands")
public class RemoteCommandEntity {

  @Id
  @Column(name = "execution_id", length = 64)
  private String executionId;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  /** The lines, a JSON array of strings. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "json")
  private String command;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('HEAD','WORKER','CLUSTER')")
  private CommandTarget target;

  @Column(name = "timeout_seconds", nullable = false)
  private int timeoutSeconds;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('CREATED','RUNNING','SUCCESS','FAILED')")
  private CommandStatus status;

  @Column(name = "not_before")
  private Instant notBefore;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected RemoteCommandEntity() {}

  RemoteCommandEntity(
      String executionId,
      String clusterId,
      String commandJson,
      CommandTarget target,
      int timeoutSeconds,
      CommandStatus status,
      Instant notBefore,
      String createdBy,
      Instant now) {
    this.executionId = executionId;
    this.clusterId = clusterId;
    this.command = commandJson;
    this.target = target;
    this.timeoutSeconds = timeoutSeconds;
    this.status = status;
    this.notBefore = notBefore;
    this.createdBy = createdBy;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** When its status last changed. */
  Instant getUpdatedAt() {
    return updatedAt;
  }

  void setStatus(CommandStatus status, Instant now) {
    if (this.status != status) {
      this.status = status;
      this.updatedAt = now;
    }
  }

  public String getExecutionId() {
    return executionId;
  }

  public String getClusterId() {
    return clusterId;
  }

  public String getCommand() {
    return command;
  }

  public CommandTarget getTarget() {
    return target;
  }

  public int getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public CommandStatus getStatus() {
    return status;
  }

  public Instant getNotBefore() {
    return notBefore;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
