package com.darwin.compute.core.podexec;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One pod's attempt at a library or a command. Written by {@link PodTaskStore} only. */
@Entity
@Table(name = "pod_tasks")
public class PodTaskEntity {

  /**
   * How a detached task's {@code ref} starts: one of a removed item that was still running on its
   * pod when it was removed. No item's ref has it (library ids are numbers, execution ids are
   * {@code [-_.A-Za-z0-9]}), so the item's id is free again and no work matches the task.
   */
  static final String DETACHED = "~";

  @Id private Long id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('LIBRARY','COMMAND')")
  private PodTaskKind kind;

  @Column(nullable = false, length = 64)
  private String ref;

  @Column(name = "pod_uid", nullable = false, length = 64)
  private String podUid;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  @Column(name = "pod_name", nullable = false, length = 253)
  private String podName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('RUNNING','SUCCESS','FAILED')")
  private PodTaskStatus status;

  @Column(name = "exit_code")
  private Integer exitCode;

  @Column(columnDefinition = "mediumtext")
  private String log;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(nullable = false)
  private Instant deadline;

  @Column(name = "finished_at")
  private Instant finishedAt;

  protected PodTaskEntity() {}

  public Long getId() {
    return id;
  }

  public PodTaskKind getKind() {
    return kind;
  }

  public String getRef() {
    return ref;
  }

  public String getPodUid() {
    return podUid;
  }

  public String getClusterId() {
    return clusterId;
  }

  public String getPodName() {
    return podName;
  }

  public PodTaskStatus getStatus() {
    return status;
  }

  public Integer getExitCode() {
    return exitCode;
  }

  public String getLog() {
    return log;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getDeadline() {
    return deadline;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }
}
