package com.darwin.compute.api.search;

import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.search.ClusterSearchHit;
import com.darwin.compute.model.search.SearchV1Hit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Maps search documents to the rows of both search endpoints. */
@Component
class SearchHits {

  private final DashboardUrls dashboards;

  SearchHits(DashboardUrls dashboards) {
    this.dashboards = dashboards;
  }

  ClusterSearchHit v2(Map<String, Object> doc) {
    return new ClusterSearchHit(
        str(doc, "cluster_id"),
        str(doc, "name"),
        uiStatus(doc),
        str(doc, "runtime"),
        strings(doc, "tags"),
        labels(doc),
        new ClusterSearchHit.ResourceUsage(null, num(doc, "total_cores")),
        new ClusterSearchHit.ResourceUsage(null, num(doc, "total_memory")),
        doc.get("estimated_cost") == null ? "N/A" : str(doc, "estimated_cost"),
        str(doc, "user"),
        instant(doc, "created_on"),
        instant(doc, "last_used_on"));
  }

  SearchV1Hit v1(Map<String, Object> doc) {
    String jupyter = dashboards.jupyterLink(str(doc, "cluster_id"), str(doc, "cloud_env"));
    return new SearchV1Hit(
        str(doc, "cluster_id"),
        str(doc, "name"),
        strings(doc, "tags"),
        uiStatus(doc),
        str(doc, "runtime"),
        num(doc, "active_pods"),
        num(doc, "total_memory"),
        num(doc, "total_cores"),
        jupyter,
        instant(doc, "last_used_on"),
        str(doc, "user"),
        instant(doc, "created_on"),
        doc.get("estimated_cost") == null ? "N/A" : str(doc, "estimated_cost"));
  }

  private static UiClusterStatus uiStatus(Map<String, Object> doc) {
    Object status = doc.get("ui_status");
    return status == null ? null : UiClusterStatus.fromWire(status.toString());
  }

  private static String str(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    return v == null ? "" : v.toString();
  }

  private static int num(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    return v instanceof Number n ? n.intValue() : 0;
  }

  private static Instant instant(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    return v == null ? null : Instant.parse(v.toString());
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labels(Map<String, Object> doc) {
    Object v = doc.get("labels");
    if (!(v instanceof Map<?, ?> m)) {
      return Map.of();
    }
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    m.forEach((k, val) -> labels.put(String.valueOf(k), String.valueOf(val)));
    return labels;
  }
}
