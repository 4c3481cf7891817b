package com.darwin.compute.api.cluster;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.ManifestService;
import com.darwin.compute.core.manifest.ClusterManifest;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a cluster is in Kubernetes: every object, as multi-document YAML ({@code kubectl apply -f}
 * ready) or, with {@code Accept: application/json}, as JSON objects in the usual envelope.
 */
@RestController
@RequestMapping("/cluster")
@Tag(name = "Manifests", description = "The Kubernetes objects a cluster is rendered to")
public class ManifestController {

  public static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final ManifestService manifests;
  private final ClusterService clusters;

  public ManifestController(ManifestService manifests, ClusterService clusters) {
    this.manifests = manifests;
    this.clusters = clusters;
  }

  @CallerRoute(readOnly = true)
  @PostMapping("/manifest")
  @Operation(
      summary = "Preview the objects creating this cluster would apply; nothing is created",
      description =
          "Validated like POST /cluster (400 with per-field errors). Names use the placeholder"
              + " cluster id "
              + ResourceNames.PREVIEW_CLUSTER_ID
              + ". YAML by default; JSON with Accept: application/json.")
  public ResponseEntity<?> preview(
      @Valid @RequestBody ClusterRequest request,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    return respond(
        manifests.preview(request),
        accept,
        "Manifest rendered; nothing was created (names use the placeholder cluster id "
            + ResourceNames.PREVIEW_CLUSTER_ID
            + ")");
  }

  @CallerRoute
  @GetMapping("/{clusterId}/manifest")
  @Operation(
      summary = "The objects applied for a cluster (for a stopped one: what starting it applies)",
      description = "YAML by default; JSON with Accept: application/json.")
  public ResponseEntity<?> applied(
      @PathVariable String clusterId,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
      Caller caller) {
    ClusterManifest manifest = manifests.applied(clusterId);
    if (caller == null || !clusters.get(clusterId).getOwner().equals(caller.user())) {
      manifest = manifest.maskingCredentials();
    }
    return respond(manifest, accept, "Manifest fetched successfully");
  }

  /** The objects as YAML, or as JSON in the envelope when the client prefers it. */
  public static ResponseEntity<?> respond(ClusterManifest manifest, String accept, String message) {
    if (wantsJson(accept)) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(Envelope.success(manifest.asMaps(), message));
    }
    return ResponseEntity.ok().contentType(YAML).body(manifest.yaml());
  }

  /**
   * JSON only when the client prefers it: the first acceptable type by quality that names JSON or
   * YAML decides, and a bare wildcard (curl's default) means YAML.
   */
  public static boolean wantsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> types;
    try {
      types = MediaType.parseMediaTypes(accept);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
    List<MediaType> byQuality =
        types.stream()
            .sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed())
            .toList();
    for (MediaType type : byQuality) {
      if (type.isWildcardType() || type.getSubtype().contains("yaml")) {
        return false;
      }
      if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
        return true;
      }
    }
    return false;
  }
}
