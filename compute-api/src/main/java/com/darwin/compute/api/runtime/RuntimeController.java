package com.darwin.compute.api.runtime;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.Callers;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.RuntimeAccess;
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
import jakarta.servlet.http.HttpServletRequest;
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
 * {@code POST /custom-runtime}. ({@code GET /get-runtimes} stays with the other catalogues.) Reads
 * are open to identified callers; who may change what is {@link RuntimeAccess}'s: CPU and GPU
 * runtimes and class defaults are for admins, a CUSTOM runtime is its creator's.
 */
@CallerRoute
@RestController
@Tag(name = "Runtimes", description = "Register, list, edit and retire Ray runtimes")
public class RuntimeController {

  private final RuntimeRegistry registry;
  private final RuntimeAccess access;
  private final RuntimeCatalog catalog;

  public RuntimeController(RuntimeRegistry registry, RuntimeAccess access, RuntimeCatalog catalog) {
    this.registry = registry;
    this.access = access;
    this.catalog = catalog;
  }

  @CallerRoute(bodyUserMayIdentify = true)
  @PostMapping("/runtime/v2/create")
  @Operation(
      summary =
          "Register a runtime (a soft-deleted one of the same name comes back); the image tag must"
              + " agree with the Ray version",
      description =
          "user must be the caller unless the caller is an admin or a delegate (403). CPU and GPU"
              + " runtimes and set_as_default are for admins (403); anyone may register a CUSTOM"
              + " runtime.")
  public ResponseEntity<Envelope<RuntimeV2Details>> create(
      @Valid @RequestBody RuntimeV2Request request, Caller caller, HttpServletRequest http) {
    return ok(
        access.create(request, bodyUserIfAnonymous(caller, request.user(), http)),
        "Runtime created successfully");
  }

  @PostMapping("/runtime/v2/get-all")
  @Operation(
      summary =
          "Runtimes by class and type, a page per type, with each class's default; custom ones"
              + " split into created by me / by others (msd-user header)")
  public ResponseEntity<Envelope<List<RuntimesByClass>>> getAll(
      @Valid @RequestBody(required = false) GetRuntimesRequest request, Caller caller) {
    GetRuntimesRequest query = request == null ? GetRuntimesRequest.all() : request;
    // The user's, not the caller's signature: a delegate acting for a user shows that user's own
    // runtimes as theirs, as their creator is recorded.
    return ok(
        catalog.byClassAndType(query, Callers.identified(caller).user()),
        "Runtimes fetched successfully");
  }

  @GetMapping("/runtime/v2/get-details/{runtime}")
  @Operation(summary = "One runtime by name")
  public ResponseEntity<Envelope<RuntimeV2Details>> details(@PathVariable String runtime) {
    return ok(registry.details(runtime), "Runtime details fetched successfully");
  }

  @PostMapping("/runtime/v2/update")
  @Operation(
      summary = "Change a runtime's description (not its name); components are replaced",
      description =
          "A CUSTOM runtime by its creator or an admin, a CPU or GPU runtime by an admin (403"
              + " otherwise); user must be the caller unless the caller is an admin or a delegate")
  public ResponseEntity<Envelope<RuntimeV2Details>> update(
      @Valid @RequestBody RuntimeV2Request request, Caller caller) {
    return ok(access.update(request, Callers.identified(caller)), "Runtime updated successfully");
  }

  @DeleteMapping("/runtime/v2/soft-delete/{runtime}")
  @Operation(
      summary =
          "Retire a runtime: no longer offered, kept for the clusters that have it; 409 while a"
              + " running cluster uses it, 400 for a class's default; a CUSTOM runtime by its"
              + " creator or an admin, a CPU or GPU runtime by an admin (403 otherwise)")
  public ResponseEntity<Envelope<Object>> softDelete(@PathVariable String runtime, Caller caller) {
    access.softDelete(runtime, Callers.identified(caller));
    return ok(null, "Runtime soft deleted successfully");
  }

  @CallerRoute(bodyUserMayIdentify = true)
  @PostMapping("/custom-runtime")
  @Operation(
      summary =
          "v1 registration (type cpu, gpu or custom); answers [id, null] as the Python service."
              + " The Ray version is read from the image tag. created_by must be the caller"
              + " unless the caller is an admin or a delegate; types cpu and gpu are for admins")
  public ResponseEntity<Envelope<List<Object>>> custom(
      @Valid @RequestBody CustomRuntimeRequest request, Caller caller, HttpServletRequest http) {
    return ok(
        Arrays.asList(
            access.registerV1(request, bodyUserIfAnonymous(caller, request.createdBy(), http)),
            null),
        "Custom Runtime inserted successfully.");
  }

  /**
   * Only the sandbox lets an unidentified registration through: its body's user is the caller, as
   * for a cluster's create, with no standing of its own (an admin must send msd-user).
   */
  private static Caller bodyUserIfAnonymous(
      Caller caller, String bodyUser, HttpServletRequest http) {
    return caller != null ? caller : Caller.user(bodyUser, http.getRemoteAddr());
  }
}
