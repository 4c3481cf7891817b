package com.darwin.compute.api.maven;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.maven.MavenSearch;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.maven.MavenArtifacts;
import com.darwin.compute.model.maven.MavenLibrary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Maven artifact search, for picking a Maven library (the Python service's {@code /maven}). */
@CallerRoute
@RestController
@RequestMapping("/maven")
@Tag(name = "Maven search", description = "Artifacts and versions from the Maven search service")
public class MavenController {

  private final MavenSearch maven;

  public MavenController(MavenSearch maven) {
    this.maven = maven;
  }

  @GetMapping("/package")
  @Operation(
      summary =
          "Search artifacts (repository CENTRAL); 503 when the search service cannot be reached")
  public ResponseEntity<Envelope<MavenLibrary>> search(
      @RequestParam String repository,
      @RequestParam String search,
      @RequestParam(name = "page_size") int pageSize,
      @RequestParam int offset) {
    return ok(
        maven.search(repository, search, pageSize, offset), "Maven libraries fetched successfully");
  }

  @GetMapping("/package/group/{groupId}/artifact/{artifactId}")
  @Operation(summary = "Every version of an artifact")
  public ResponseEntity<Envelope<MavenArtifacts>> versions(
      @PathVariable String groupId, @PathVariable String artifactId) {
    return ok(maven.versions(groupId, artifactId), "Maven artifact versions fetched successfully");
  }
}
