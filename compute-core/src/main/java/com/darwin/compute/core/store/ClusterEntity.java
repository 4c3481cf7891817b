package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.cost.CostEstimate;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One cluster: its spec, what the user wants, and what was last observed. Updates write only the
 * columns that changed, so a batched {@code last_used_at} update by the auto-termination sweep is
 * not overwritten by a concurrent status write.
 */
@Entity
@DynamicUpdate
@Table(name = "clusters")
public class ClusterEntity {

  // Fields are package-private (not private) for ClusterRows, which fills them from a plain JDBC
  // row on the read routes; everything else goes through the methods below.

  @Id
  @Column(name = "cluster_id", length = 32)
  String clusterId;

  @Column(nullable = false)
  String name;

  @Column(nullable = false)
  String owner;

  @Column(nullable = false)
  String runtime;

  @Column(name = "cloud_env", nullable = false, length = 64)
  String cloudEnv;

  @Column(nullable = false, length = 63)
  String namespace;

  /** The normalised request, stored as JSON; see {@link ClusterSpecConverter}. */
  @Convert(converter = ClusterSpecConverter.class)
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "json")
  ClusterRequest spec;

  @Column(name = "spec_version", nullable = false)
  int specVersion;

  @Enumerated(EnumType.STRING)
  @Column(name = "desired_state", nullable = false, columnDefinition = "enum('RUNNING','STOPPED')")
  DesiredState desiredState;

  @Convert(converter = ClusterStatusConverter.class)
  @Column(
      nullable = false,
      columnDefinition =
          "enum('inactive','creating','head_node_up','jupyter_up','active','worker_nodes_scaled',"
              + "'worker_nodes_died','head_node_died','cluster_died')")
  ClusterStatus status;

  @Column(name = "status_message", length = 1024)
  String statusMessage;

  @Column(name = "active_run_id", length = 64)
  String activeRunId;

  @Column(name = "restart_generation", nullable = false)
  int restartGeneration;

  @Column(name = "active_pods", nullable = false)
  int activePods;

  @Column(name = "available_memory", nullable = false)
  int availableMemory;

  @Column(name = "is_job_cluster", nullable = false)
  boolean jobCluster;

  @Column(name = "inactive_time", nullable = false)
  int inactiveTime;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  Instant updatedAt;

  @Column(name = "status_changed_at", nullable = false)
  Instant statusChangedAt;

  @Column(name = "last_used_at", nullable = false)
  Instant lastUsedAt;

  @Column(name = "last_started_at")
  Instant lastStartedAt;

  @Column(name = "not_active_since")
  Instant notActiveSince;

  // The hourly estimate (USD) as numbers; null when the catalogue could not price a pod.
  @Column(name = "estimated_min_cost")
  Double estimatedMinCost;

  @Column(name = "estimated_max_cost")
  Double estimatedMaxCost;

  @Column(name = "probe_failing_since")
  Instant probeFailingSince;

  // The reconciler's lease (ClusterLeases writes it in SQL): mapped to be read in queries only.
  @Column(name = "lease_owner", insertable = false, updatable = false)
  String leaseOwner;

  @Column(name = "lease_until", insertable = false, updatable = false)
  Instant leaseUntil;

  /** Null until first saved: tells Spring Data the entity is new despite its assigned id. */
  @Version Long version;

  protected ClusterEntity() {}

  public ClusterEntity(
      String clusterId,
      String name,
      String owner,
      String runtime,
      String cloudEnv,
      String namespace,
      ClusterRequest spec,
      boolean jobCluster,
      int inactiveTime,
      Instant now) {
    this.clusterId = clusterId;
    this.name = name;
    this.owner = owner;
    this.runtime = runtime;
    this.cloudEnv = cloudEnv;
    this.namespace = namespace;
    this.spec = spec;
    this.specVersion = 1;
    this.desiredState = DesiredState.STOPPED;
    this.status = ClusterStatus.INACTIVE;
    this.jobCluster = jobCluster;
    this.inactiveTime = inactiveTime;
    this.createdAt = now;
    this.updatedAt = now;
    this.statusChangedAt = now;
    this.lastUsedAt = now;
  }

  /**
   * Marks the cluster wanted running under a new run id. A new run is also a new restart
   * generation: a reconciler that sees the stop and this start together (another replica held the
   * lease through both, or the start committed before the stop's pass read the row) still deletes
   * the old run's RayCluster rather than taking it for this run's, so its pods (and Ray's jobs, the
   * libraries and commands on them) start fresh.
   */
  public void markStarting(String runId, Instant now) {
    this.restartGeneration++;
    this.desiredState = DesiredState.RUNNING;
    this.activeRunId = runId;
    this.lastStartedAt = now;
    this.lastUsedAt = now;
    changeStatus(ClusterStatus.CREATING, null, now);
  }

  /** Marks the cluster wanted stopped; pods and counters are cleared at once. */
  public void markStopped(Instant now) {
    this.desiredState = DesiredState.STOPPED;
    this.probeFailingSince = null;
    this.activePods = 0;
    this.availableMemory = 0;
    changeStatus(ClusterStatus.INACTIVE, null, now);
  }

  /** The width of {@code status_message}. */
  public static final int STATUS_MESSAGE_LENGTH = 1024;

  /**
   * @param message cut to its column (a spec KubeRay rejects comes with Kubernetes' own message, up
   *     to the same width, after a prefix)
   */
  public void changeStatus(ClusterStatus newStatus, String message, Instant now) {
    message = ColumnText.fitted(message, STATUS_MESSAGE_LENGTH);
    if (newStatus != this.status) {
      this.statusChangedAt = now;
    }
    // Coming up counts as use: idleness is measured from when the cluster became usable.
    if (newStatus.uiStatus() == UiClusterStatus.ACTIVE
        && this.status.uiStatus() != UiClusterStatus.ACTIVE) {
      this.lastUsedAt = now;
    }
    // The creation timeout counts from the moment the cluster stopped being active (or started).
    switch (newStatus.uiStatus()) {
      case ACTIVE, INACTIVE -> this.notActiveSince = null;
      case CREATING -> {
        if (this.notActiveSince == null) {
          this.notActiveSince = now;
        }
      }
    }
    this.status = newStatus;
    this.statusMessage = message;
    this.updatedAt = now;
  }

  public void observePods(int pods, int memory) {
    this.activePods = pods;
    this.availableMemory = memory;
  }

  public void replaceSpec(
      String name,
      String runtime,
      ClusterRequest spec,
      boolean jobCluster,
      int inactiveTime,
      Instant now) {
    this.name = name;
    this.runtime = runtime;
    this.spec = spec;
    this.jobCluster = jobCluster;
    this.inactiveTime = inactiveTime;
    this.specVersion++;
    this.updatedAt = now;
  }

  /** A new owner (spec and column together); the pods get it at their next start. */
  public void changeOwner(String newOwner, ClusterRequest newSpec, Instant now) {
    this.owner = newOwner;
    this.spec = newSpec;
    this.specVersion++;
    this.updatedAt = now;
  }

  /** Moves a stopped cluster to another Kubernetes target; it starts there next time. */
  public void moveTo(String newCloudEnv, String newNamespace, ClusterRequest newSpec, Instant now) {
    this.cloudEnv = newCloudEnv;
    this.namespace = newNamespace;
    this.spec = newSpec;
    this.specVersion++;
    this.updatedAt = now;
  }

  /**
   * A new spec version with the same spec: the reconciler renders the cluster again with the
   * current configuration (the Python service's forced re-render after a platform rollout).
   */
  public void bumpSpecVersion(Instant now) {
    this.specVersion++;
    this.updatedAt = now;
  }

  /** Asks the reconciler to recreate the cluster's pods under the same run id. */
  public void markRestarting(Instant now) {
    this.restartGeneration++;
    this.notActiveSince = now;
    this.lastUsedAt = now;
    this.activePods = 0;
    changeStatus(ClusterStatus.CREATING, null, now);
  }

  public int getRestartGeneration() {
    return restartGeneration;
  }

  public void touchUsed(Instant now) {
    this.lastUsedAt = now;
  }

  public String getClusterId() {
    return clusterId;
  }

  public String getName() {
    return name;
  }

  public String getOwner() {
    return owner;
  }

  public String getRuntime() {
    return runtime;
  }

  public String getCloudEnv() {
    return cloudEnv;
  }

  public String getNamespace() {
    return namespace;
  }

  public ClusterRequest getSpec() {
    return spec;
  }

  public int getSpecVersion() {
    return specVersion;
  }

  public DesiredState getDesiredState() {
    return desiredState;
  }

  public ClusterStatus getStatus() {
    return status;
  }

  public String getStatusMessage() {
    return statusMessage;
  }

  public String getActiveRunId() {
    return activeRunId;
  }

  public int getActivePods() {
    return activePods;
  }

  public int getAvailableMemory() {
    return availableMemory;
  }

  public boolean isJobCluster() {
    return jobCluster;
  }

  public int getInactiveTime() {
    return inactiveTime;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public Instant getStatusChangedAt() {
    return statusChangedAt;
  }

  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  /** The hourly cost estimate, or null when the catalogue could not price a pod. */
  public CostEstimate getEstimatedCost() {
    return estimatedMinCost == null || estimatedMaxCost == null
        ? null
        : new CostEstimate(estimatedMinCost, estimatedMaxCost);
  }

  public void setEstimatedCost(CostEstimate estimate) {
    this.estimatedMinCost = estimate == null ? null : estimate.minCost();
    this.estimatedMaxCost = estimate == null ? null : estimate.maxCost();
  }

  public Instant getProbeFailingSince() {
    return probeFailingSince;
  }

  public Instant getNotActiveSince() {
    return notActiveSince;
  }

  public Instant getLastStartedAt() {
    return lastStartedAt;
  }

  public Long getVersion() {
    return version;
  }

  /** The Python service's artifact id, {@code {cluster_id}-v{n}}, kept for the metadata view. */
  public String artifactId() {
    return artifactId(clusterId, specVersion);
  }

  /** The artifact id of a spec version of a cluster. */
  public static String artifactId(String clusterId, int specVersion) {
    return clusterId + "-v" + specVersion;
  }
}
