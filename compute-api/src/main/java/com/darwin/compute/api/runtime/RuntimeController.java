package com.darwin.compute.api.runtime;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.web.MsdUser;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.runtime.RuntimeCatalog;
import com.darwin.compute.core.runtime.RuntimeRegistry;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.runtime.CustomRuntimeRequest;
import com.darwin.compute.model.runtime.GetRuntimesRequest;
import com.darwin.compute.model.runtime.RuntimeV2Details;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import com.darwin.compute.model.runtime.RuntimesByClass;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The runtime catalogue: the Python service's {@code /runtime/v2} routes and its v1 registration
 * {@code POST /custom-runtime}. ({@code GET /get-runtimes} stays with the other catalogues.)
 */
@CallerRoute
@RestController
@Tag(name = "Runtimes", description = "Register, list, edit and retire Ray runtimes")
public class RuntimeController {

  private final RuntimeRegistry registry;
  private final RuntimeCatalog catalog;

  public RuntimeController(RuntimeRegistry registry, RuntimeCatalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @PostMapping("/runtime/v2/create")
  @Operation(
      summary =
          "Register a runtime (a soft-deleted one of the same name comes back); the image tag must"
              + " agree with the Ray version")
  public ResponseEntity<Envelope<RuntimeV2Details>> create(
      @Valid @RequestBody RuntimeV2Request request) {
    return ok(registry.create(request), "Runtime created successfully");
  }

  @PostMapping("/runtime/v2/get-all")
  @Operation(
      summary =
          "Runtimes by class and type, a page per type, with each class's default; custom ones"
              + " split into created by me / by others (msd-user header)")
  public ResponseEntity<Envelope<List<RuntimesByClass>>> getAll(
      @Valid @RequestBody(required = false) GetRuntimesRequest request, @MsdUser Actor caller) {
    GetRuntimesRequest query = request == null ? GetRuntimesRequest.all() : request;
    return ok(catalog.byClassAndType(query, caller.name()), "Runtimes fetched successfully");
  }

  @GetMapping("/runtime/v2/get-details/{runtime}")
  @Operation(summary = "One runtime by name")
  public ResponseEntity<Envelope<RuntimeV2Details>> details(@PathVariable String runtime) {
    return ok(registry.details(runtime), "Runtime details fetched successfully");
  }

  @PostMapping("/runtime/v2/update")
  @Operation(summary = "Change a runtime's description (not its name); components are replaced")
  public ResponseEntity<Envelope<RuntimeV2Details>> update(
      @Valid @RequestBody RuntimeV2Request request) {
    return ok(registry.update(request), "Runtime updated successfully");
  }

  @DeleteMapping("/runtime/v2/soft-delete/{runtime}")
  @Operation(
      summary =
          "Retire a runtime: no longer offered, kept for the clusters that have it; 409 while a"
              + " running cluster uses it, 400 for a class's default")
  public ResponseEntity<Envelope<Object>> softDelete(@PathVariable String runtime) {
    registry.softDelete(runtime);
    return ok(null, "Runtime soft deleted successfully");
  }

  @PostMapping("/custom-runtime")
  @Operation(
      summary =
          "v1 registration (type cpu, gpu or custom); answers [id, null] as the Python service."
              + " The Ray version is read from the image tag")
  public ResponseEntity<Envelope<List<Object>>> custom(
      @Valid @RequestBody CustomRuntimeRequest request) {
    return ok(
        Arrays.asList(registry.registerV1(request), null), "Custom Runtime inserted successfully.");
  }
}
