package com.darwin.compute.core.catalogue;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.config.DiskProperties;
import com.darwin.compute.core.config.InstanceRoleProperties;
import com.darwin.compute.core.config.TerminationProperties;
import com.darwin.compute.model.catalogue.AvailabilityZoneOption;
import com.darwin.compute.model.catalogue.EventTypeOption;
import com.darwin.compute.model.catalogue.InstanceRoleOption;
import com.darwin.compute.model.catalogue.NodeTypeOption;
import com.darwin.compute.model.event.ClusterEventType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The option lists and bounds the Darwin UI builds its create form and event log from. Everything
 * comes from configuration, and the bounds are the ones requests are validated against, so the form
 * cannot offer what the service then refuses.
 */
@Service
public class UiCatalogue {

  private final CatalogueProperties catalogue;
  private final DiskProperties disks;
  private final InstanceRoleProperties roles;
  private final ClusterLimitsProperties limits;
  private final TerminationProperties termination;

  public UiCatalogue(
      CatalogueProperties catalogue,
      DiskProperties disks,
      InstanceRoleProperties roles,
      ClusterLimitsProperties limits,
      TerminationProperties termination) {
    this.catalogue = catalogue;
    this.disks = disks;
    this.roles = roles;
    this.limits = limits;
    this.termination = termination;
  }

  /** The {@code disk_setting.disk_type}s accepted, sorted. */
  public List<String> diskTypes() {
    return disks.storageClasses().keySet().stream().sorted().toList();
  }

  public List<InstanceRoleOption> instanceRoles() {
    return roles.roles().stream()
        .map(r -> new InstanceRoleOption(r.id(), r.displayName(), r.serviceAccountName()))
        .toList();
  }

  public List<AvailabilityZoneOption> availabilityZones() {
    return catalogue.availabilityZones().stream()
        .map(z -> new AvailabilityZoneOption(z.id(), z.displayName()))
        .toList();
  }

  public List<NodeTypeOption> nodeTypes() {
    return catalogue.nodeTypes().stream().map(t -> new NodeTypeOption(t.id(), t.label())).toList();
  }

  /**
   * Every event type this service records (the types {@code GET /cluster/{id}/events?types=}
   * accepts), each marked whether the event log shows it by default.
   */
  public List<EventTypeOption> eventTypes() {
    return Arrays.stream(ClusterEventType.values())
        .map(t -> new EventTypeOption(t.name(), catalogue.defaultEvents().contains(t.name())))
        .toList();
  }

  /**
   * The Python service's {@code /get-limits} shape. Bounds are inclusive (the Python service gave
   * exclusive maxima, 90 and 736, for the same rule).
   */
  public Map<String, Object> limits() {
    Map<String, Object> cores = range(limits.minCores(), limits.maxCores());
    Map<String, Object> memory = range(limits.minMemoryGb(), limits.maxMemoryGb());
    Map<String, Object> worker = new LinkedHashMap<>();
    worker.put("cores", cores);
    worker.put("memory", memory);
    worker.put("pods", range(0, limits.maxPodsPerGroup()));
    worker.put("groups", Map.of("max", limits.maxWorkerGroups()));
    CatalogueProperties.AutoTerminationForm form = catalogue.autoTermination();
    Map<String, Object> jupyter = new LinkedHashMap<>();
    jupyter.put("kernel_activity", form.kernelActivity());
    jupyter.put("terminal_activity", form.terminalActivity());
    jupyter.put("expiry_time", form.expiryTime());
    Map<String, Object> policies = new LinkedHashMap<>();
    policies.put("time", form.time());
    policies.put("head_node_threshold", form.headNodeThreshold());
    policies.put(
        "head_node_without_worker_group_threshold", form.headNodeWithoutWorkerGroupThreshold());
    policies.put("worker_group_threshold", form.workerGroupThreshold());
    policies.put("active_ray_job", form.activeRayJob());
    policies.put("jupyter_activity", jupyter);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("head_node_limits", Map.of("cores", cores, "memory", memory));
    data.put("worker_node_limits", worker);
    data.put("inactive_time_limits", Map.of("min", termination.minInactiveMinutes()));
    data.put("auto_termination_policy_default_settings", policies);
    return data;
  }

  private static Map<String, Object> range(int min, int max) {
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("min", min);
    range.put("max", max);
    return range;
  }
}
