package com.darwin.compute.core.catalogue;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The option lists of the Darwin UI's create form and event log that no other setting already holds
 * (GPU shapes, instance roles, disk types and limits have their own groups).
 *
 * @param nodeTypes the node types users may pick ({@code node_type}), with their labels
 * @param availabilityZones the zones offered for {@code advance_config.availability_zone}
 * @param defaultEvents the event types the event log shows before the user picks any
 * @param autoTermination the defaults the UI pre-fills in its auto-termination form
 */
@ConfigurationProperties("compute.catalogue")
public record CatalogueProperties(
    List<NodeType> nodeTypes,
    List<AvailabilityZone> availabilityZones,
    Set<String> defaultEvents,
    @DefaultValue AutoTerminationForm autoTermination) {

  public CatalogueProperties {
    nodeTypes = nodeTypes == null ? List.of() : List.copyOf(nodeTypes);
    availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    defaultEvents = defaultEvents == null ? Set.of() : Set.copyOf(defaultEvents);
  }

  public record NodeType(String id, String label) {}

  public record AvailabilityZone(String id, String displayName) {}

  /** The Python service's {@code auto_termination_policy_default_settings}, key for key. */
  public record AutoTerminationForm(
      @DefaultValue("30") int time,
      @DefaultValue("100") int headNodeThreshold,
      @DefaultValue("10") int headNodeWithoutWorkerGroupThreshold,
      @DefaultValue("5") int workerGroupThreshold,
      @DefaultValue("true") boolean activeRayJob,
      @DefaultValue("true") boolean kernelActivity,
      @DefaultValue("false") boolean terminalActivity,
      @DefaultValue("5") int expiryTime) {}
}
