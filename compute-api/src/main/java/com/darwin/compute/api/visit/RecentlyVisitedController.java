package com.darwin.compute.api.visit;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.visit.RecentVisits;
import com.darwin.compute.model.catalogue.RecentVisitRequest;
import com.darwin.compute.model.catalogue.RecentlyVisitedCluster;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's recently visited clusters (the {@code msd-user} header names the caller; a delegate
 * acting for a user records and reads that user's list, not one of its own per user).
 */
@CallerRoute
@RestController
@RequestMapping("/recently-visited")
@Tag(name = "Recently visited", description = "The clusters a user opened last")
public class RecentlyVisitedController {

  private final RecentVisits visits;

  RecentlyVisitedController(RecentVisits visits) {
    this.visits = visits;
  }

  @PostMapping
  @Operation(summary = "Record that the caller opened a cluster")
  public ResponseEntity<Envelope<Map<String, Integer>>> visit(
      @Valid @RequestBody RecentVisitRequest request, Caller caller) {
    return ok(
        Map.of("updatedCount", visits.visit(caller.user(), request.clusterId())),
        "Successfully added to recently visited");
  }

  @GetMapping
  @Operation(summary = "The caller's last three visited clusters that still exist, newest first")
  public ResponseEntity<Envelope<List<RecentlyVisitedCluster>>> recent(Caller caller) {
    return ok(visits.recent(caller.user()), "Recently visited data");
  }
}
