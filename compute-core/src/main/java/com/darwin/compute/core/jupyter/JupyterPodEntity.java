package com.darwin.compute.core.jupyter;

import com.darwin.compute.model.jupyter.JupyterPodStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/** One standalone Jupyter pod: where it runs, whom it serves, what the watches last saw. */
@Entity
@DynamicUpdate
@Table(name = "jupyter_pods")
public class JupyterPodEntity {

  @Id
  @Column(length = 63)
  private String name;

  @Column(name = "cloud_env", nullable = false, length = 64)
  private String cloudEnv;

  @Column(nullable = false, length = 63)
  private String namespace;

  @Column(name = "consumer_id", length = 128)
  private String consumerId;

  @Column(name = "attached_by")
  private String attachedBy;

  @Convert(converter = JupyterPodStatusConverter.class)
  @Column(nullable = false, columnDefinition = "enum('creating','ready','failed','deleted')")
  private JupyterPodStatus status;

  @Column(name = "status_message", length = 1024)
  private String statusMessage;

  @Column(nullable = false)
  private int restarts;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "attached_at")
  private Instant attachedAt;

  @Column(name = "ready_at")
  private Instant readyAt;

  @Column(name = "last_activity", nullable = false)
  private Instant lastActivity;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "failed_probes", nullable = false)
  private int failedProbes;

  @Column(name = "deleted_at")
  private Instant deletedAt;

  @Version private long version;

  protected JupyterPodEntity() {}

  JupyterPodEntity(String name, String cloudEnv, String namespace, Instant now) {
    this.name = name;
    this.cloudEnv = cloudEnv;
    this.namespace = namespace;
    this.status = JupyterPodStatus.CREATING;
    this.createdAt = now;
    this.lastActivity = now;
    this.startedAt = now;
  }

  void attach(String consumer, String by, Instant now) {
    this.consumerId = consumer;
    this.attachedBy = by;
    this.attachedAt = now;
    this.lastActivity = now;
  }

  void observed(JupyterPodStatus newStatus, String message, Instant now) {
    if (newStatus == JupyterPodStatus.READY && status != JupyterPodStatus.READY) {
      readyAt = now;
      failedProbes = 0;
    }
    if (newStatus == JupyterPodStatus.CREATING && status == JupyterPodStatus.READY) {
      // Kubernetes is starting its server again: the start deadline counts from now.
      startedAt = now;
      readyAt = null;
    }
    status = newStatus;
    statusMessage = message;
  }

  /**
   * A new pod generation: restart or replacement.
   *
   * @param asked a restart someone asked for (a fresh session: its idle time starts now), not the
   *     replacement of a server that failed or never started, which nobody used meanwhile: counted
   *     as use, it kept an abandoned pod whose server never comes up restarting for good, never
   *     idle long enough to be reaped
   */
  void restart(Instant now, String message, boolean asked) {
    restarts++;
    status = JupyterPodStatus.CREATING;
    statusMessage = message;
    startedAt = now;
    failedProbes = 0;
    readyAt = null;
    if (asked) {
      active(now);
    }
  }

  void delete(Instant now, String message) {
    status = JupyterPodStatus.DELETED;
    statusMessage = message;
    consumerId = null;
    deletedAt = now;
  }

  /**
   * Activity its server reported. Not its own start, which the server reports as its last activity
   * until it is used and which comes before the generation turned ready: counted, every replacement
   * of a server that crashes soon after it starts renewed the idle time of a pod nobody used.
   */
  void used(Instant when) {
    if (when != null && (readyAt == null || when.isAfter(readyAt))) {
      active(when);
    }
  }

  void active(Instant when) {
    if (when != null && when.isAfter(lastActivity)) {
      lastActivity = when;
    }
  }

  int probeFailed() {
    return ++failedProbes;
  }

  void probeAnswered() {
    failedProbes = 0;
  }

  public String getName() {
    return name;
  }

  public String getCloudEnv() {
    return cloudEnv;
  }

  public String getNamespace() {
    return namespace;
  }

  public String getConsumerId() {
    return consumerId;
  }

  public String getAttachedBy() {
    return attachedBy;
  }

  public JupyterPodStatus getStatus() {
    return status;
  }

  public String getStatusMessage() {
    return statusMessage;
  }

  public int getRestarts() {
    return restarts;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getAttachedAt() {
    return attachedAt;
  }

  public Instant getReadyAt() {
    return readyAt;
  }

  public Instant getLastActivity() {
    return lastActivity;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public int getFailedProbes() {
    return failedProbes;
  }

  public Instant getDeletedAt() {
    return deletedAt;
  }

  public boolean isAttached() {
    return consumerId != null;
  }
}
