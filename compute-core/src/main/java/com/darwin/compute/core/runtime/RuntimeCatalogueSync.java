package com.darwin.compute.core.runtime;

import com.darwin.compute.core.config.RuntimeProperties;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Keeps the database in step with the catalogue file at start-up: entries are added or updated;
 * runtimes that left the file stay (clusters may use them) and are named in a warning, so removing
 * one is a decision someone takes through {@code DELETE /runtime/v2/soft-delete/{runtime}}. An
 * entry that cannot be registered is logged and skipped: the service still starts.
 */
@Component
public class RuntimeCatalogueSync implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(RuntimeCatalogueSync.class);

  private final RuntimeProperties properties;
  private final RuntimeRegistry registry;
  private final ResourceLoader resources;
  private final Validator validator;

  public RuntimeCatalogueSync(
      RuntimeProperties properties,
      RuntimeRegistry registry,
      ResourceLoader resources,
      Validator validator) {
    this.properties = properties;
    this.registry = registry;
    this.resources = resources;
    this.validator = validator;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (properties.syncCatalogue()) {
      sync();
    }
  }

  /**
   * Loads the catalogue file into the database.
   *
   * @return what happened to each entry, by runtime name
   */
  public Map<String, RuntimeRegistry.CatalogueOutcome> sync() {
    Resource file = resources.getResource(properties.catalogue());
    if (!file.exists()) {
      log.warn("Runtime catalogue {} not found; runtimes are not synchronised", file);
      return Map.of();
    }
    RuntimeCatalogueFile catalogue;
    try (InputStream in = file.getInputStream()) {
      catalogue = RuntimeCatalogueFile.read(in);
    } catch (IOException | RuntimeException e) {
      log.error("Runtime catalogue {} cannot be read; runtimes are not synchronised", file, e);
      return Map.of();
    }
    Map<String, RuntimeRegistry.CatalogueOutcome> outcomes = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (RuntimeCatalogueFile.Entry entry : catalogue.runtimes()) {
      names.add(entry.runtime());
      RuntimeV2Request request = entry.request(properties::relocated);
      Set<ConstraintViolation<RuntimeV2Request>> violations = validator.validate(request);
      if (!violations.isEmpty()) {
        log.error(
            "Runtime catalogue entry '{}' skipped: {}",
            entry.runtime(),
            violations.stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .collect(Collectors.joining("; ")));
        continue;
      }
      try {
        var outcome = registry.syncFromCatalogue(request, entry.isDefault());
        outcomes.put(entry.runtime(), outcome);
        if (outcome == RuntimeRegistry.CatalogueOutcome.KEPT_DELETED) {
          log.info(
              "Runtime catalogue entry '{}' was soft-deleted through the API; it stays deleted",
              entry.runtime());
        } else if (outcome != RuntimeRegistry.CatalogueOutcome.SAME) {
          log.info("Runtime catalogue entry '{}': {}", entry.runtime(), outcome);
        }
      } catch (InvalidRequestException | ClusterConflictException | DataAccessException e) {
        // Another replica starting at the same time may have registered it first.
        log.error("Runtime catalogue entry '{}' skipped: {}", entry.runtime(), e.getMessage());
      }
    }
    List<String> gone = registry.catalogueRuntimesNotIn(names);
    if (!gone.isEmpty()) {
      log.warn(
          "Runtimes {} are no longer in the catalogue file; they are kept (clusters may use"
              + " them): soft-delete them through the API to retire them",
          gone);
    }
    return outcomes;
  }
}
