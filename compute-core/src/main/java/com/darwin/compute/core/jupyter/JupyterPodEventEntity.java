package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.store.ColumnText;
import com.darwin.compute.model.jupyter.JupyterPodAction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of a Jupyter pod's timeline. */
@Entity
@Table(name = "jupyter_pod_events")
public class JupyterPodEventEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "pod_name", nullable = false, length = 63)
  private String podName;

  @Column(nullable = false)
  private Instant at;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private JupyterPodAction action;

  @Column(length = 1024)
  private String message;

  @Column(nullable = false, length = 512)
  private String actor;

  protected JupyterPodEventEntity() {}

  JupyterPodEventEntity(
      String podName, Instant at, JupyterPodAction action, String message, String actor) {
    this.podName = podName;
    this.at = at;
    this.action = action;
    this.message = ColumnText.fitted(message, 1024);
    this.actor = actor.length() <= 512 ? actor : actor.substring(0, 512);
  }

  public String getPodName() {
    return podName;
  }

  public Instant getAt() {
    return at;
  }

  public JupyterPodAction getAction() {
    return action;
  }

  public String getMessage() {
    return message;
  }

  public String getActor() {
    return actor;
  }
}
