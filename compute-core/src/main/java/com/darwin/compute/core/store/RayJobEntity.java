package com.darwin.compute.core.store;

import com.darwin.compute.model.job.Admission;
import com.darwin.compute.model.job.JobStatus;
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
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A Ray job submitted through the control plane: who submitted it, how it was admitted, and the
 * last status read from the cluster's Ray dashboard. {@code forwardedAt} is null until Ray has it.
 */
@Entity
@DynamicUpdate
@Table(name = "ray_jobs")
public class RayJobEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "cluster_id", nullable = false, length = 32)
  private String clusterId;

  @Column(name = "submission_id", nullable = false, length = 64)
  private String submissionId;

  @Column(nullable = false, columnDefinition = "text")
  private String entrypoint;

  /** The Ray Jobs API body, as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "json")
  private String request;

  @Column(name = "submitted_by", nullable = false)
  private String submittedBy;

  @Column(name = "run_id", length = 64)
  private String runId;

  @Enumerated(EnumType.STRING)
  @Column(
      nullable = false,
      columnDefinition = "enum('PENDING','RUNNING','STOPPED','SUCCEEDED','FAILED')")
  private JobStatus status;

  /**
   * In UTF-16 units: a TEXT column holds 65,535 bytes, and a unit is at most three of them in UTF-8
   * (a character outside the basic plane, two units, is four). Ray's failure message carries up to
   * 20,000 characters of the job's log: up to 80,000 bytes, whose write failed (strict mode), so
   * the job's status stopped being recorded at all.
   */
  static final int MESSAGE_LENGTH = 21_000;

  @Column(columnDefinition = "text")
  private String message;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, columnDefinition = "enum('FITS_NOW','FITS_AFTER_SCALING')")
  private Admission admission;

  @Column(name = "admission_message", length = 1024)
  private String admissionMessage;

  @Column(name = "driver_exit_code")
  private Integer driverExitCode;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "forwarded_at")
  private Instant forwardedAt;

  /** The cluster's restart generation when Ray took the job (null before it did). */
  @Column(name = "restart_generation")
  private Integer restartGeneration;

  @Column(name = "start_time")
  private Instant startTime;

  @Column(name = "end_time")
  private Instant endTime;

  @Version private Long version;

  protected RayJobEntity() {}

  public RayJobEntity(
      String clusterId,
      String submissionId,
      String entrypoint,
      String request,
      String submittedBy,
      String runId,
      Admission admission,
      String admissionMessage,
      Instant now) {
    this.clusterId = clusterId;
    this.submissionId = submissionId;
    this.entrypoint = entrypoint;
    this.request = request;
    this.submittedBy = submittedBy;
    this.runId = runId;
    this.status = JobStatus.PENDING;
    this.admission = admission;
    this.admissionMessage = admissionMessage;
    this.createdAt = now;
  }

  /**
   * Records that Ray has the job. Returns whether the job is still open: false when it ended here
   * while its submission was on its way (the caller then stops it on Ray). Ray has it either way,
   * so the mark is kept even then: deleting the ended job must reach Ray too.
   */
  public boolean markForwarded(Instant now, int clusterRestartGeneration) {
    if (forwardedAt == null) {
      this.forwardedAt = now;
      this.restartGeneration = clusterRestartGeneration;
    }
    return !status.isTerminal();
  }

  /**
   * Takes what Ray reports. Returns true when the job has just ended (the caller records it on the
   * timeline once).
   */
  public boolean observe(
      JobStatus newStatus, String newMessage, Instant start, Instant end, Integer exitCode) {
    boolean ended = !status.isTerminal() && newStatus.isTerminal();
    if (status.isTerminal()) {
      return false; // an ended job does not come back
    }
    if (status == JobStatus.RUNNING && newStatus == JobStatus.PENDING) {
      // An answer read before a newer one was written (a request's read racing the follower's):
      // a running job does not go back to pending, nor lose its start time.
      return false;
    }
    this.status = newStatus;
    this.message = asStored(newMessage);
    this.startTime = start;
    this.endTime = end;
    this.driverExitCode = exitCode;
    return ended;
  }

  /** A message as this row keeps it (cut in its middle to its column). */
  public static String asStored(String message) {
    return ColumnText.fittedKeepingBothEnds(message, MESSAGE_LENGTH);
  }

  /** Ends a job without Ray's word (its cluster was stopped, or it never reached Ray). */
  public boolean end(JobStatus finalStatus, String why, Instant now) {
    if (status.isTerminal()) {
      return false;
    }
    this.status = finalStatus;
    this.message = asStored(why);
    this.endTime = now;
    return true;
  }

  /**
   * Ends a job that has not reached Ray. False when Ray has it meanwhile (it must be stopped there
   * instead) or it has ended already.
   */
  public boolean endBeforeForwarding(JobStatus finalStatus, String why, Instant now) {
    return forwardedAt == null && end(finalStatus, why, now);
  }

  public Long getId() {
    return id;
  }

  public String getClusterId() {
    return clusterId;
  }

  public String getSubmissionId() {
    return submissionId;
  }

  public String getEntrypoint() {
    return entrypoint;
  }

  public String getRequest() {
    return request;
  }

  public String getSubmittedBy() {
    return submittedBy;
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }

  public JobStatus getStatus() {
    return status;
  }

  public String getMessage() {
    return message;
  }

  public Admission getAdmission() {
    return admission;
  }

  public String getAdmissionMessage() {
    return admissionMessage;
  }

  public Integer getDriverExitCode() {
    return driverExitCode;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getForwardedAt() {
    return forwardedAt;
  }

  public boolean isForwarded() {
    return forwardedAt != null;
  }

  /**
   * Whether Ray took the job before a restart of the cluster that recreated its head (and lost its
   * jobs with it); false when that is not known (taken before the generation was recorded).
   */
  public boolean takenBeforeRestart(int clusterRestartGeneration) {
    return restartGeneration != null && restartGeneration != clusterRestartGeneration;
  }

  /**
   * Ended here before it was recorded at Ray (stopped while on its way, then found at Ray): its end
   * is no later than its forwarding, where a job that ended at Ray ended after it (unless Ray's
   * clock, which stamps Ray's end times, runs behind this service's).
   */
  public boolean endedBeforeRayHadIt() {
    return status.isTerminal()
        && forwardedAt != null
        && endTime != null
        && !endTime.isAfter(forwardedAt);
  }

  public Instant getStartTime() {
    return startTime;
  }

  public Instant getEndTime() {
    return endTime;
  }

  public Long getVersion() {
    return version;
  }
}
