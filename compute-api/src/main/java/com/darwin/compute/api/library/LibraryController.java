package com.darwin.compute.api.library;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.api.web.MsdUser;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.library.LibraryService;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.library.InstallBatchRequest;
import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibrariesRemoved;
import com.darwin.compute.model.library.LibraryBatch;
import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.model.library.LibraryList;
import com.darwin.compute.model.library.LibraryStatusView;
import com.darwin.compute.model.library.LibraryView;
import com.darwin.compute.model.library.UninstallRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Libraries of a cluster, in the Python service's shapes: installed now on a running cluster (every
 * ready pod), at the next start on a stopped one, and on every pod that starts later.
 */
@CallerRoute
@RestController
@RequestMapping("/cluster/{clusterId}/library")
@Tag(name = "Libraries", description = "PyPI, Maven, S3 and workspace libraries of a cluster")
public class LibraryController {

  private final LibraryService libraries;

  public LibraryController(LibraryService libraries) {
    this.libraries = libraries;
  }

  @GetMapping
  @Operation(
      summary = "The cluster's libraries, a page at a time",
      description =
          "key filters on name or path (a literal substring); sort_by id, name, version, type,"
              + " source, status, created_at or updated_at; sort_order asc or desc")
  public ResponseEntity<Envelope<LibraryList>> list(
      @PathVariable String clusterId,
      @RequestParam(required = false) String key,
      @RequestParam(name = "sort_by", required = false) String sortBy,
      @RequestParam(name = "sort_order", required = false) String sortOrder,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(name = "page_size", defaultValue = "10") int pageSize) {
    return ok(
        libraries.list(clusterId, key, sortBy, sortOrder, offset, pageSize),
        "Libraries fetched successfully");
  }

  @GetMapping("/{libraryId}")
  @Operation(
      summary = "One library, with each pod's attempt; a failed one has the failing pod's log")
  public ResponseEntity<Envelope<LibraryDetails>> details(
      @PathVariable String clusterId, @PathVariable String libraryId) {
    return ok(libraries.details(clusterId, libraryId), "Library details fetched successfully");
  }

  @ClusterRoute(ClusterOperation.INSTALL_LIBRARIES)
  @PostMapping("/install")
  @Operation(
      summary = "Install a library (the same library again answers the existing one)",
      description =
          "source pypi (body.name PEP 508, body.version, body.path an index URL), maven"
              + " (body.name group:artifact[:version], body.version, body.metadata.repository"
              + " maven|spark|https URL, body.metadata.exclusions), s3 (body.path"
              + " s3://bucket/key.whl|.txt|.jar|.zip|.tar|.tar.gz) or workspace (body.path relative"
              + " to the workspace volume). A value that does not parse is a 400 naming it.")
  public ResponseEntity<Envelope<LibraryView>> install(
      @PathVariable String clusterId,
      @RequestBody(required = false) InstallRequest request,
      @MsdUser Actor actor) {
    if (request == null) {
      throw new InvalidRequestException("request", "is required: {source, body}");
    }
    return ok(libraries.install(clusterId, request, actor), "Library installed successfully");
  }

  @ClusterRoute(ClusterOperation.INSTALL_LIBRARIES)
  @PostMapping("/install/batch")
  @Operation(summary = "Install several libraries; one invalid library and none is installed")
  public ResponseEntity<Envelope<LibraryBatch>> installBatch(
      @PathVariable String clusterId,
      @RequestBody(required = false) InstallBatchRequest request,
      @MsdUser Actor actor) {
    if (request == null) {
      throw new InvalidRequestException("packages", "is required");
    }
    return ok(
        libraries.installBatch(clusterId, request.packages(), actor),
        "Batch library installation successful");
  }

  @GetMapping("/{libraryId}/status")
  @Operation(summary = "A library's status")
  public ResponseEntity<Envelope<LibraryStatusView>> status(
      @PathVariable String clusterId, @PathVariable String libraryId) {
    return ok(libraries.status(clusterId, libraryId), "Library status fetched successfully");
  }

  @ClusterRoute(ClusterOperation.INSTALL_LIBRARIES)
  @PutMapping("/uninstall")
  @Operation(
      summary =
          "Remove libraries: now on a stopped cluster; on a running one they become"
              + " uninstall_pending and are gone after its next stop or restart")
  public ResponseEntity<Envelope<LibrariesRemoved>> uninstall(
      @PathVariable String clusterId,
      @RequestBody(required = false) UninstallRequest request,
      @MsdUser Actor actor) {
    if (request == null) {
      throw new InvalidRequestException("id", "is required: a list of library ids");
    }
    return ok(libraries.uninstall(clusterId, request.id()), "Library Uninstallation Successful");
  }

  @ClusterRoute(ClusterOperation.INSTALL_LIBRARIES)
  @PatchMapping("/{libraryId}/install/retry")
  @Operation(summary = "Install a library again on every pod")
  public ResponseEntity<Envelope<LibraryView>> retry(
      @PathVariable String clusterId, @PathVariable String libraryId, @MsdUser Actor actor) {
    return ok(libraries.retry(clusterId, libraryId), "Library installation retried successfully");
  }
}
