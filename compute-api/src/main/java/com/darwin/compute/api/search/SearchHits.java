package com.darwin.compute.api.search;

import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.search.ClusterDocument;
import com.darwin.compute.model.search.ClusterSearchHit;
import com.darwin.compute.model.search.SearchV1Hit;
import org.springframework.stereotype.Component;

/** Maps search documents to the rows of both search endpoints. */
@Component
class SearchHits {

  /** What a row shows for a cluster the cost catalogue could not price. */
  private static final String NO_COST = "N/A";

  private final DashboardUrls dashboards;

  SearchHits(DashboardUrls dashboards) {
    this.dashboards = dashboards;
  }

  ClusterSearchHit v2(ClusterDocument doc) {
    return new ClusterSearchHit(
        text(doc.clusterId()),
        text(doc.name()),
        doc.uiStatus(),
        text(doc.runtime()),
        doc.tags(),
        doc.labels(),
        new ClusterSearchHit.ResourceUsage(null, doc.totalCores()),
        new ClusterSearchHit.ResourceUsage(null, doc.totalMemory()),
        cost(doc),
        text(doc.user()),
        doc.createdOn(),
        doc.lastUsedOn());
  }

  SearchV1Hit v1(ClusterDocument doc) {
    String jupyter = dashboards.jupyterLink(text(doc.clusterId()), text(doc.cloudEnv()));
    return new SearchV1Hit(
        text(doc.clusterId()),
        text(doc.name()),
        doc.tags(),
        doc.uiStatus(),
        text(doc.runtime()),
        doc.activePods(),
        doc.totalMemory(),
        doc.totalCores(),
        jupyter,
        doc.lastUsedOn(),
        text(doc.user()),
        doc.createdOn(),
        cost(doc));
  }

  private static String cost(ClusterDocument doc) {
    return doc.estimatedCost() == null ? NO_COST : doc.estimatedCost();
  }

  /** Rows show a missing text as empty, never null (as they always have). */
  private static String text(String value) {
    return value == null ? "" : value;
  }
}
