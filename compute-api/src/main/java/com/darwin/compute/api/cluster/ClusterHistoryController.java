package com.darwin.compute.api.cluster;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.cluster.ClusterInspector;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.event.ClusterEventService;
import com.darwin.compute.core.jobs.RayUnavailableException;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.event.ActionGroup;
import com.darwin.compute.model.event.ClusterEventPage;
import com.darwin.compute.model.event.PodView;
import com.darwin.compute.model.event.ResourceUsageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A cluster's history (runs, actions, events) and live views (pods, resource usage). */
@RestController
@RequestMapping("/cluster")
@CallerRoute
@Tag(name = "Cluster history and live state")
public class ClusterHistoryController {

  private static final Logger log = LoggerFactory.getLogger(ClusterHistoryController.class);

  private final ClusterEventService history;
  private final ClusterInspector inspector;

  public ClusterHistoryController(ClusterEventService history, ClusterInspector inspector) {
    this.history = history;
    this.inspector = inspector;
  }

  @GetMapping("/get-action-groups/{clusterId}")
  @Operation(summary = "Runs of a cluster, each with its first and last action")
  public ResponseEntity<Envelope<List<ActionGroup>>> actionGroups(
      @PathVariable String clusterId,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(name = "page_size", defaultValue = "10") int pageSize,
      @RequestParam(name = "sort_order", defaultValue = "desc") String sortOrder) {
    return ok(
        history.actionGroups(clusterId, offset, pageSize, ascending("sort_order", sortOrder)),
        "Action groups fetched successfully");
  }

  @GetMapping("/get-action-group-details/{runId}")
  @Operation(summary = "Every action of one run")
  public ResponseEntity<Envelope<List<ActionGroup.Action>>> actionGroupDetails(
      @PathVariable String runId,
      @RequestParam(name = "sort_order", defaultValue = "asc") String sortOrder) {
    return ok(
        history.actionsOfRun(runId, ascending("sort_order", sortOrder)),
        "Actions fetched successfully");
  }

  @GetMapping("/{clusterId}/events")
  @Operation(
      summary = "Typed, paginated events of a cluster, including its Kubernetes events",
      description =
          "types: comma-separated event types; from/to: ISO-8601 instants; order: asc|desc;"
              + " page_token: from the previous page")
  public ResponseEntity<Envelope<ClusterEventPage>> events(
      @PathVariable String clusterId,
      @RequestParam(required = false) String types,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "desc") String order,
      @RequestParam(name = "page_size", defaultValue = "50") int pageSize,
      @RequestParam(name = "page_token", required = false) String pageToken) {
    List<String> typeList =
        types == null || types.isBlank()
            ? List.of()
            : Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    return ok(
        history.events(
            clusterId,
            new ClusterEventService.EventQuery(
                typeList,
                instant("from", from),
                instant("to", to),
                ascending("order", order),
                pageSize,
                pageToken)),
        "Events fetched successfully");
  }

  @GetMapping("/{clusterId}/pods")
  @Operation(summary = "The cluster's pods: name, group, phase, readiness, reason")
  public ResponseEntity<Envelope<Map<String, Object>>> pods(@PathVariable String clusterId) {
    List<PodView> pods = inspector.pods(clusterId);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("pods", pods);
    // The Python service's shape, kept for existing readers.
    data.put(
        "Resources",
        pods.stream()
            .map(
                p ->
                    Map.of(
                        "Name",
                        p.name(),
                        "Type",
                        "pod",
                        "Status",
                        p.ready() || p.phase() == null ? String.valueOf(p.phase()) : "Pending",
                        "Message",
                        p.reason() == null ? "" : p.reason()))
            .toList());
    return ok(data, "Pods fetched successfully");
  }

  @GetMapping("/{clusterId}/resources")
  @Operation(summary = "CPU and memory in use, from the cluster's Ray dashboard")
  public ResponseEntity<Envelope<ResourceUsageView>> resources(@PathVariable String clusterId) {
    try {
      return inspector
          .resources(clusterId)
          .map(r -> ok(r, "Resources fetched successfully"))
          .orElseGet(() -> ok(null, "Cluster is not active"));
    } catch (IOException e) {
      // The dashboard's address and the client's words are for the log; the answer is the
      // advice's 502 RAY_UNAVAILABLE, as for a job's call to the same dashboard.
      log.warn("The Ray dashboard of cluster {} did not answer: {}", clusterId, e.toString());
      throw new RayUnavailableException(
          "The Ray dashboard of cluster " + clusterId + " did not answer; try again", e);
    }
  }

  /** The order a parameter asks for; {@code name} is the parameter's, for its refusal. */
  private static boolean ascending(String name, String order) {
    if ("asc".equalsIgnoreCase(order)) {
      return true;
    }
    if ("desc".equalsIgnoreCase(order)) {
      return false;
    }
    throw new InvalidRequestException(name, "must be asc or desc");
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }
}
