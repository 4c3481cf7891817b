package com.darwin.compute.model.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** {@code GET /running-clusters/{minutes}}: clusters running longer than that (Python shape). */
public record RunningClusters(
    @JsonProperty("clusters") List<Entry> clusters, @JsonProperty("running_time") int runningTime) {

  public record Entry(
      @JsonProperty("cluster_id") String clusterId,
      @JsonProperty("cluster_runid") String clusterRunid,
      @JsonProperty("last_started_at") Instant lastStartedAt,
      @JsonProperty("user") String user) {}
}
