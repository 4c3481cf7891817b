package com.darwin.compute.api.jupyter;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.cluster.ManifestController;
import com.darwin.compute.api.security.AdminRoute;
import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.Callers;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.jupyter.JupyterPodManifest;
import com.darwin.compute.core.jupyter.JupyterPodService;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.jupyter.JupyterLink;
import com.darwin.compute.model.jupyter.JupyterPodRequest;
import com.darwin.compute.model.jupyter.JupyterPodView;
import com.darwin.compute.model.jupyter.JupyterRestartRequest;
import com.darwin.compute.model.jupyter.JupyterRestarted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Standalone Jupyter pods: the Python service's three routes ({@code POST /jupyter-pod}, {@code
 * POST /jupyter/restart}, {@code GET /jupyter/path/{release}}) in its shapes, and the operators'
 * listing, status, deletion and manifests.
 */
@RestController
@Tag(name = "Jupyter pods", description = "A warm pool of Jupyter servers attached to consumers")
public class JupyterPodController {

  private final JupyterPodService jupyter;

  public JupyterPodController(JupyterPodService jupyter) {
    this.jupyter = jupyter;
  }

  @CallerRoute
  @PostMapping("/jupyter-pod")
  @Operation(
      summary =
          "The consumer's Jupyter pod: its own, else the oldest free pod of the pool (attached"
              + " atomically), else a new one (status creating: the link works once it is ready)")
  public ResponseEntity<Envelope<JupyterLink>> attach(
      @Valid @RequestBody JupyterPodRequest request, Caller caller) {
    JupyterPodService.Attached attached =
        jupyter.attach(request.consumerId(), Callers.identified(caller));
    return ok(attached.link(), attached.message());
  }

  @CallerRoute
  @PostMapping("/jupyter/restart")
  @Operation(
      summary =
          "Recreate a pod's Jupyter server under the same name and link (whoever attached it,"
              + " delegates, admins); the answer keeps the Python shape"
              + " {jupyterLink: {JupyterLink, Message, Err}}")
  public ResponseEntity<Envelope<JupyterRestarted>> restart(
      @Valid @RequestBody JupyterRestartRequest request, Caller caller) {
    return ok(
        jupyter.restart(request.releaseName(), request.cloudEnv(), Callers.identified(caller)),
        "Restarted Jupyter Client");
  }

  @CallerRoute
  @GetMapping("/jupyter/path/{releaseName}")
  @Operation(summary = "The link of a Jupyter pod (404 for an unknown one)")
  public ResponseEntity<Envelope<JupyterLink>> path(@PathVariable String releaseName) {
    return ok(jupyter.path(releaseName), "Jupyter path fetched successfully");
  }

  @AdminRoute
  @GetMapping("/jupyter/pods")
  @Operation(summary = "Every Jupyter pod (operators); deleted=true adds the deleted ones")
  public ResponseEntity<Envelope<List<JupyterPodView>>> list(
      @RequestParam(defaultValue = "false") boolean deleted) {
    return ok(jupyter.list(deleted), "Jupyter pods fetched successfully");
  }

  @CallerRoute
  @GetMapping("/jupyter/pods/{name}")
  @Operation(
      summary = "One Jupyter pod: status from the watches (creating, ready, failed), timeline")
  public ResponseEntity<Envelope<JupyterPodView>> get(@PathVariable String name) {
    return ok(jupyter.get(name), "Jupyter pod fetched successfully");
  }

  @AdminRoute
  @DeleteMapping("/jupyter/pods/{name}")
  @Operation(summary = "Delete a Jupyter pod (operators); its consumer gets a new one next time")
  public ResponseEntity<Envelope<JupyterPodView>> delete(@PathVariable String name, Caller caller) {
    return ok(jupyter.delete(name, Callers.identified(caller)), "Jupyter pod deleted");
  }

  @CallerRoute
  @GetMapping("/jupyter/pods/{name}/manifest")
  @Operation(
      summary = "The objects applied for a Jupyter pod (YAML; JSON with Accept: application/json)")
  public ResponseEntity<?> manifest(
      @PathVariable String name,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    return respond(jupyter.manifest(name), accept, "Manifest fetched successfully");
  }

  @CallerRoute
  @GetMapping("/jupyter/manifest")
  @Operation(
      summary =
          "Preview: the objects a new pod of the pool is made of (placeholder name; nothing is"
              + " created)")
  public ResponseEntity<?> preview(
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    JupyterPodManifest manifest = jupyter.preview();
    return respond(
        manifest,
        accept,
        "Manifest rendered; nothing was created (placeholder name " + manifest.podName() + ")");
  }

  private static ResponseEntity<?> respond(
      JupyterPodManifest manifest, String accept, String message) {
    if (ManifestController.wantsJson(accept)) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(Envelope.success(manifest.asMaps(), message));
    }
    return ResponseEntity.ok().contentType(ManifestController.YAML).body(manifest.yaml());
  }
}
