package com.darwin.compute.api.catalogue;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.catalogue.LabelCatalogue;
import com.darwin.compute.model.catalogue.LabelSearchResult;
import com.darwin.compute.model.catalogue.LabelValues;
import com.darwin.compute.model.catalogue.LabelValuesRequest;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The label filters of the cluster list. */
@CallerRoute
@RestController
@RequestMapping("/cluster/label/value")
@Tag(name = "Catalogues")
public class LabelController {

  private final LabelCatalogue labels;

  LabelController(LabelCatalogue labels) {
    this.labels = labels;
  }

  @GetMapping
  @Operation(
      summary =
          "Label values containing the query (any key), paged; an empty query browses them all"
              + " (page_size at most 50, offset at most 1000)")
  public ResponseEntity<Envelope<LabelSearchResult>> search(
      @RequestParam(defaultValue = "") String query,
      @RequestParam(name = "page_size", defaultValue = "20") int pageSize,
      @RequestParam(defaultValue = "0") int offset) {
    return ok(labels.search(query, pageSize, offset), "Labels search completed successfully");
  }

  @CallerRoute(readOnly = true)
  @PostMapping
  @Operation(summary = "The distinct values of each of the given label keys (1 to 20 keys)")
  public ResponseEntity<Envelope<LabelValues>> values(
      @Valid @RequestBody LabelValuesRequest request) {
    return ok(labels.valuesOf(request.keys()), "Label values retrieved successfully");
  }
}
