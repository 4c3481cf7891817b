package com.darwin.compute.core.search;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A cluster's search document, as the indexer writes it and a search reads it back. The JSON names
 * are the index paths of {@link ClusterDocumentField} (a unit test holds them equal) and the ones
 * documents already in a deployed index carry. A hit is read with its {@code _source} filtered to
 * {@link ClusterDocumentField#hitPaths()}: the other fields of a hit are null, empty, false or 0
 * (the numbers and the flag read absent as 0 and false, which Jackson would otherwise refuse).
 *
 * @param estimatedCost the hourly estimate as the Python service stored it, {@code "min-max"}
 * @param spec the request the cluster was made from; Elasticsearch keeps none of it (the mapping
 *     neither indexes it nor keeps it in {@code _source}), so hits never carry it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterDocument(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("name") String name,
    @JsonProperty("tags") List<String> tags,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("labels_flat") List<String> labelsFlat,
    @JsonProperty("user") String user,
    @JsonProperty("status") ClusterStatus status,
    @JsonProperty("ui_status") UiClusterStatus uiStatus,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("cloud_env") String cloudEnv,
    @JsonProperty("is_job_cluster") @JsonSetter(nulls = Nulls.AS_EMPTY) boolean jobCluster,
    @JsonProperty("inactive_time") @JsonSetter(nulls = Nulls.AS_EMPTY) int inactiveTime,
    @JsonProperty("active_pods") @JsonSetter(nulls = Nulls.AS_EMPTY) int activePods,
    @JsonProperty("total_cores") @JsonSetter(nulls = Nulls.AS_EMPTY) int totalCores,
    @JsonProperty("total_memory") @JsonSetter(nulls = Nulls.AS_EMPTY) int totalMemory,
    @JsonProperty("estimated_cost") String estimatedCost,
    @JsonProperty("active_run_id") String activeRunId,
    @JsonProperty("created_on") Instant createdOn,
    @JsonProperty("last_used_on") Instant lastUsedOn,
    @JsonProperty("last_updated_on") Instant lastUpdatedOn,
    @JsonProperty("spec") ClusterRequest spec) {

  /**
   * {@link ClusterDocumentField#NAME_SUFFIXES}: written with the document, never read back (the
   * mapping leaves it out of {@code _source}). Names are at most a few dozen characters, so a
   * document carries at most that many.
   */
  @JsonProperty(value = "name_suffixes", access = JsonProperty.Access.READ_ONLY)
  public List<String> nameSuffixes() {
    return NameSuffixes.of(name);
  }

  /** Absent collections (a hit without them, an older document) read as empty ones. */
  public ClusterDocument {
    tags = tags == null ? List.of() : tags;
    labels = labels == null ? Map.of() : labels;
    labelsFlat = labelsFlat == null ? List.of() : labelsFlat;
  }
}
