package com.darwin.compute.api.history;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.cluster.ManifestController;
import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.Callers;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.history.HistoryServerService;
import com.darwin.compute.core.manifest.ClusterManifest;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.history.HistoryServerAction;
import com.darwin.compute.model.history.HistoryServerExtendRequest;
import com.darwin.compute.model.history.HistoryServerRef;
import com.darwin.compute.model.history.HistoryServerRequest;
import com.darwin.compute.model.history.HistoryServerView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Python service's {@code /spark-history-server} routes, with its messages and shapes, plus
 * extending the time to live, the timeline and the manifest. Changes check the caller in the
 * service: the server's user, admins, delegates, or whoever may attach to the cluster it reads.
 */
@RestController
@RequestMapping("/spark-history-server")
@Tag(name = "Spark History Servers")
public class SparkHistoryServerController {

  private final HistoryServerService servers;

  public SparkHistoryServerController(HistoryServerService servers) {
    this.servers = servers;
  }

  @CallerRoute
  @GetMapping
  @Operation(summary = "Every history server, oldest first (limit 1-1000, offset)")
  public ResponseEntity<Envelope<List<HistoryServerView>>> list(
      @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
    return ok(
        servers.list(limit, offset, false),
        "All Spark History Servers from "
            + offset
            + " to "
            + (limit + offset)
            + " Fetched Successfully");
  }

  @CallerRoute
  @GetMapping("/active")
  @Operation(summary = "The running (created or active) history servers")
  public ResponseEntity<Envelope<List<HistoryServerView>>> active(
      @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
    return ok(
        servers.list(limit, offset, true), "All Active Spark History Servers Fetched Successfully");
  }

  @CallerRoute
  @GetMapping("/{id}")
  @Operation(summary = "One history server; its status comes from the watch of its Deployment")
  public ResponseEntity<Envelope<HistoryServerView>> get(@PathVariable String id) {
    return ok(servers.get(id), "Spark History Server Fetched Successfully");
  }

  @CallerRoute
  @GetMapping("/resource/{resource}")
  @Operation(summary = "The history server of a resource (a cluster id or project)")
  public ResponseEntity<Envelope<HistoryServerView>> byResource(@PathVariable String resource) {
    return ok(servers.byResource(resource), "Spark History Server Fetched Successfully");
  }

  @CallerRoute
  @PostMapping
  @Operation(
      summary =
          "Start the history server of a resource: one per resource; a running one is returned"
              + " (Already Exists), a stopped one is started again (Updated)")
  public ResponseEntity<Envelope<HistoryServerRef>> create(
      @Valid @RequestBody HistoryServerRequest request, Caller caller) {
    HistoryServerService.Created created = servers.create(request, Callers.identified(caller));
    String message =
        switch (created.outcome()) {
          case EXISTS -> "Spark History Server Already Exists";
          case RESTARTED -> "Spark History Server Updated Successfully";
          case CREATED -> "Spark History Server Created Successfully";
        };
    return ok(new HistoryServerRef(created.serverId()), message);
  }

  @CallerRoute
  @PutMapping("/stop")
  @Operation(summary = "Stop a running history server (409 when it is not running)")
  public ResponseEntity<Envelope<HistoryServerRef>> stop(
      @RequestParam("spark_history_server_id") String id, Caller caller) {
    servers.stop(id, Callers.identified(caller));
    return ok(new HistoryServerRef(id), "Spark History Server Stopped Successfully");
  }

  @CallerRoute
  @PutMapping("/{id}/ttl")
  @Operation(
      summary =
          "Extend a running server: it now stops ttl minutes from now (at most"
              + " compute.history.max-ttl)")
  public ResponseEntity<Envelope<HistoryServerView>> extend(
      @PathVariable String id,
      @Valid @RequestBody HistoryServerExtendRequest request,
      Caller caller) {
    return ok(
        servers.extend(id, request.ttl(), Callers.identified(caller)),
        "Spark History Server Extended Successfully");
  }

  @CallerRoute
  @DeleteMapping("/{id}")
  @Operation(summary = "Delete a stopped history server (409 while it runs)")
  public ResponseEntity<Envelope<HistoryServerRef>> delete(@PathVariable String id, Caller caller) {
    servers.delete(id, Callers.identified(caller));
    return ok(new HistoryServerRef(id), "Spark History Server Deleted Successfully");
  }

  @CallerRoute
  @GetMapping("/{id}/timeline")
  @Operation(summary = "What happened to a server: started, active, extended, stopped, expired")
  public ResponseEntity<Envelope<List<HistoryServerAction>>> timeline(@PathVariable String id) {
    return ok(servers.timeline(id), "Spark History Server Timeline Fetched Successfully");
  }

  @CallerRoute
  @GetMapping("/{id}/manifest")
  @Operation(summary = "The Deployment and Service applied for a server (YAML; JSON with Accept)")
  public ResponseEntity<?> manifest(
      @PathVariable String id,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    return ManifestController.respond(
        new ClusterManifest(null, servers.manifest(id).objects()),
        accept,
        "Manifest fetched successfully");
  }

  @CallerRoute
  @PostMapping("/manifest")
  @Operation(
      summary =
          "Preview the objects creating this history server would apply; validated like a"
              + " create, nothing is created (the id is "
              + HistoryServerService.PREVIEW_ID
              + ")")
  public ResponseEntity<?> preview(
      @Valid @RequestBody HistoryServerRequest request,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
      Caller caller) {
    return ManifestController.respond(
        new ClusterManifest(null, servers.preview(request, Callers.identified(caller)).objects()),
        accept,
        "Manifest rendered; nothing was created");
  }
}
