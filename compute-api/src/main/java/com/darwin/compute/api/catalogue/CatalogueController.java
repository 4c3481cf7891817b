package com.darwin.compute.api.catalogue;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.catalogue.UiCatalogue;
import com.darwin.compute.core.search.ClusterFacets;
import com.darwin.compute.model.catalogue.AvailabilityZoneOption;
import com.darwin.compute.model.catalogue.ClusterFilterOptions;
import com.darwin.compute.model.catalogue.EventTypeOption;
import com.darwin.compute.model.catalogue.InstanceRoleOption;
import com.darwin.compute.model.catalogue.NodeTypeOption;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The option lists of the Darwin UI's create form, cluster list filters and event log. */
@CallerRoute
@RestController
@Tag(name = "Catalogues", description = "Options and bounds for the UI's forms and filters")
public class CatalogueController {

  private final UiCatalogue catalogue;
  private final ClusterFacets facets;

  CatalogueController(UiCatalogue catalogue, ClusterFacets facets) {
    this.catalogue = catalogue;
    this.facets = facets;
  }

  @GetMapping("/get-disk-types")
  @Operation(summary = "The disk types disk_setting accepts (compute.disks.storage-classes)")
  public ResponseEntity<Envelope<List<String>>> diskTypes() {
    return ok(catalogue.diskTypes(), "Disk types fetched successfully");
  }

  @GetMapping("/get-instance-role")
  @Operation(summary = "The instance roles advance_config.instance_role accepts")
  public ResponseEntity<Envelope<List<InstanceRoleOption>>> instanceRoles() {
    return ok(catalogue.instanceRoles(), "Instance roles fetched successfully");
  }

  @GetMapping("/get-az")
  @Operation(summary = "The availability zones offered (compute.catalogue.availability-zones)")
  public ResponseEntity<Envelope<List<AvailabilityZoneOption>>> availabilityZones() {
    return ok(catalogue.availabilityZones(), "AZs fetched successfully");
  }

  @GetMapping("/node-types")
  @Operation(summary = "The node types (node_type) and their labels")
  public ResponseEntity<Envelope<List<NodeTypeOption>>> nodeTypes() {
    return ok(catalogue.nodeTypes(), "Node Types fetched successfully");
  }

  @GetMapping("/get-limits")
  @Operation(
      summary = "Node, pod and inactive-time bounds (inclusive) and the UI's policy defaults")
  public ResponseEntity<Envelope<Map<String, Object>>> limits() {
    return ok(catalogue.limits(), "Limits Fetched Successfully");
  }

  @GetMapping("/get-tags")
  @Operation(summary = "Every tag used by a cluster, sorted")
  public ResponseEntity<Envelope<List<String>>> tags() {
    return ok(facets.tags(), "Tags Fetched Successfully");
  }

  @GetMapping("/filters")
  @Operation(summary = "The values the cluster list filters on: UI statuses and cluster owners")
  public ResponseEntity<Envelope<ClusterFilterOptions>> filters() {
    return ok(
        new ClusterFilterOptions(
            Arrays.stream(UiClusterStatus.values()).map(UiClusterStatus::wireName).toList(),
            facets.owners()),
        "Filter values fetched successfully");
  }

  @GetMapping("/events/default-logs")
  @Operation(summary = "Every event type, marked whether the event log shows it by default")
  public ResponseEntity<Envelope<List<EventTypeOption>>> defaultEvents() {
    return ok(catalogue.eventTypes(), "Default events fetched successfully");
  }
}
