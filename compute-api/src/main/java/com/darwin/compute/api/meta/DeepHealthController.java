package com.darwin.compute.api.meta;

import com.darwin.compute.api.health.DeepHealthChecks;
import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.model.catalogue.DeepHealth;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every dependency pinged once, for operators (liveness stays {@code GET /health}). */
@CallerRoute
@RestController
@Tag(name = "Platform")
public class DeepHealthController {

  private final DeepHealthChecks check;

  DeepHealthController(DeepHealthChecks check) {
    this.check = check;
  }

  @GetMapping("/health/deep")
  @Operation(
      summary =
          "MySQL, Elasticsearch and every Kubernetes target, at once: 200 when all answer within"
              + " compute.health's deadlines, 503 (same data) otherwise")
  public ResponseEntity<Envelope<DeepHealth>> deep() {
    DeepHealth health = check.check();
    if (health.healthy()) {
      return ResponseEntity.ok(Envelope.success(health, "Successful deep healthcheck"));
    }
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(Envelope.error(health, "A dependency is unavailable"));
  }
}
