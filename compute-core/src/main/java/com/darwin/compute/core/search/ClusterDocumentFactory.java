package com.darwin.compute.core.search;

import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the search document of a cluster from its MySQL row. The document is derived data: it can
 * be rebuilt from MySQL at any time.
 */
@Component
public class ClusterDocumentFactory {

  private final JsonMapper mapper = JsonMapper.builder().build();

  public Map<String, Object> document(ClusterEntity cluster) {
    ClusterRequest spec = cluster.getSpec();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster_id", cluster.getClusterId());
    doc.put("name", cluster.getName());
    doc.put("tags", spec.tags());
    doc.put("labels", spec.labels());
    doc.put("labels_flat", new ArrayList<>(spec.labels().values()));
    doc.put("user", cluster.getOwner());
    doc.put("status", cluster.getStatus().wireName());
    doc.put("ui_status", cluster.getStatus().uiStatus().wireName());
    doc.put("runtime", cluster.getRuntime());
    doc.put("cloud_env", cluster.getCloudEnv());
    doc.put("is_job_cluster", cluster.isJobCluster());
    doc.put("inactive_time", cluster.getInactiveTime());
    doc.put("active_pods", cluster.getActivePods());
    doc.put("total_cores", spec.totalCores());
    doc.put("total_memory", spec.totalMemory());
    doc.put("active_run_id", cluster.getActiveRunId());
    // Shown as the Python service stored it, "min-max".
    doc.put(
        "estimated_cost",
        cluster.getEstimatedCost() == null ? null : cluster.getEstimatedCost().asRange());
    doc.put("created_on", cluster.getCreatedAt().toString());
    doc.put("last_used_on", cluster.getLastUsedAt().toString());
    doc.put("last_updated_on", cluster.getUpdatedAt().toString());
    doc.put("spec", mapper.convertValue(spec, new TypeReference<Map<String, Object>>() {}));
    return doc;
  }
}
