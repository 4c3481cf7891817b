package com.darwin.compute.api.settings;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.AdminRoute;
import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.settings.ClusterSettings;
import com.darwin.compute.model.catalogue.ClusterConfigEntry;
import com.darwin.compute.model.catalogue.ClusterConfigValue;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' key/value settings. Status codes are the Python service's: 201 with no data for a
 * create and for an update, 404 for an empty list; a duplicate key is a 409 (it was a 500).
 */
@CallerRoute
@RestController
@RequestMapping("/cluster-config")
@Tag(name = "Cluster config", description = "Operators' key/value settings")
public class ClusterConfigController {

  private final ClusterSettings settings;

  ClusterConfigController(ClusterSettings settings) {
    this.settings = settings;
  }

  @GetMapping
  @Operation(summary = "A page of settings ordered by key; 404 when there are none")
  public ResponseEntity<Envelope<List<ClusterConfigEntry>>> list(
      @RequestParam(defaultValue = "0") @Min(0) @Max(ClusterSettings.MAX_OFFSET) int offset,
      @RequestParam(defaultValue = "100") @Min(1) @Max(ClusterSettings.MAX_PAGE) int limit) {
    List<ClusterConfigEntry> page = settings.list(offset, limit);
    if (page.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Envelope.error(null, "Cluster configs not found"));
    }
    return ok(page, "Cluster configs fetched successfully");
  }

  @AdminRoute
  @PostMapping
  @Operation(summary = "Create a setting (201); 409 when the key exists")
  public ResponseEntity<Envelope<Object>> create(@Valid @RequestBody ClusterConfigEntry entry) {
    checkText(entry.value());
    settings.create(entry.key(), entry.value());
    return created("Cluster config created successfully");
  }

  @AdminRoute
  @PutMapping("/{key}")
  @Operation(summary = "Change a setting's value (201); 404 for an unknown key")
  public ResponseEntity<Envelope<Object>> update(
      @PathVariable @Size(max = 255) @Pattern(regexp = ClusterConfigEntry.KEY_PATTERN) String key,
      @Valid @RequestBody ClusterConfigValue value) {
    checkText(value.value());
    settings.update(key, value.value());
    return created("Cluster config updated successfully");
  }

  /**
   * A lone surrogate would be stored as '?', a control character break what reads the value (line
   * breaks and tabs are text: a value may be a JSON document).
   */
  private static void checkText(String value) {
    String problem = TextRules.problem(value, true);
    if (problem != null) {
      throw new InvalidRequestException("value", problem);
    }
  }

  @GetMapping("/{key}")
  @Operation(summary = "A setting's value")
  public ResponseEntity<Envelope<ClusterConfigValue>> get(
      @PathVariable @Size(max = 255) @Pattern(regexp = ClusterConfigEntry.KEY_PATTERN) String key) {
    return ok(new ClusterConfigValue(settings.get(key)), "Cluster config fetched successfully");
  }

  private static ResponseEntity<Envelope<Object>> created(String message) {
    return ResponseEntity.status(HttpStatus.CREATED).body(Envelope.success(null, message));
  }
}
