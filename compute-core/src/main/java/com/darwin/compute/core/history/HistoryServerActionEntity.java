package com.darwin.compute.core.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One timeline entry of a history server. */
@Entity
@Table(name = "spark_history_server_actions")
public class HistoryServerActionEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "server_id", nullable = false, length = 32)
  private String serverId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private HistoryServerEvent action;

  @Column(nullable = false, length = 1024)
  private String message;

  @Column(nullable = false)
  private String actor;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected HistoryServerActionEntity() {}

  public HistoryServerActionEntity(
      String serverId, HistoryServerEvent action, String message, String actor, Instant at) {
    this.serverId = serverId;
    this.action = action;
    this.message = HistoryServerEntity.fitted(message);
    this.actor = actor;
    this.createdAt = at;
  }

  public String getServerId() {
    return serverId;
  }

  public HistoryServerEvent getAction() {
    return action;
  }

  public String getMessage() {
    return message;
  }

  public String getActor() {
    return actor;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
