package com.darwin.compute.api.meta;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.PublicRoute;
import com.darwin.compute.core.config.GpuCatalogProperties;
import com.darwin.compute.core.runtime.RuntimeCatalog;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.runtime.RuntimeSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Health and the static catalogues the UI reads. */
@RestController
@Tag(name = "Platform", description = "Health and catalogues")
public class MetaController {

  private final RuntimeCatalog runtimes;
  private final GpuCatalogProperties gpus;

  MetaController(RuntimeCatalog runtimes, GpuCatalogProperties gpus) {
    this.runtimes = runtimes;
    this.gpus = gpus;
  }

  @PublicRoute
  @GetMapping("/health")
  @Operation(summary = "Liveness")
  public ResponseEntity<Envelope<Object>> health() {
    return ok(null, "Healthy");
  }

  @CallerRoute
  @GetMapping("/get-runtimes")
  @Operation(summary = "Ray runtimes by class (cpu, gpu, custom)")
  public ResponseEntity<Envelope<Map<String, List<RuntimeSummary>>>> runtimes() {
    return ok(runtimes.byClass(), "Runtimes fetched successfully");
  }

  @CallerRoute
  @GetMapping("/gpu-pods")
  @Operation(summary = "The GPU pod shapes clusters may use")
  public ResponseEntity<Envelope<List<Map<String, Object>>>> gpuPods() {
    return ok(
        gpus.catalogue().stream()
            .map(
                s ->
                    Map.<String, Object>of(
                        "name", s.name(),
                        "cores", s.cores(),
                        "memory", s.memory(),
                        "gpu_count", s.gpuCount(),
                        "g_ram_memory", s.gRamMemory(),
                        "g_ram_type", s.gRamType()))
            .toList(),
        "GPU pods fetched successfully");
  }
}
