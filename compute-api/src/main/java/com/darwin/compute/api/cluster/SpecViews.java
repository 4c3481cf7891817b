package com.darwin.compute.api.cluster;

import com.darwin.compute.core.config.InstanceRoleProperties;
import com.darwin.compute.core.render.EnvironmentVariables;
import com.darwin.compute.core.render.RayStartValues;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.AvailabilityZone;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.InstanceRole;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The parts of the full view ({@code GET /cluster/{id}}) that follow from the spec alone: the head,
 * the worker groups and the advanced settings (catalogue role, zone, Ray start values, masked
 * environment). Issue 21: they were rebuilt on every read of the same cluster although the spec
 * never changes in place (a new version is a new instance).
 *
 * <p>Keyed by the spec <em>instance</em>, weakly: {@code ClusterSpecConverter} hands out one
 * instance per distinct spec JSON, so every read of an unchanged cluster hits, and a changed or
 * another spec is another instance and never finds these parts (identity, so no deep hash or equals
 * of the spec per read either). Two clusters share an entry only when their specs are the same
 * instance, that is the same JSON, and then their parts are equal anyway. An entry lasts as long as
 * its spec is held (by the converter's cache or a request), so the two caches empty together; a
 * size bound caps it besides.
 */
@Component
public class SpecViews {

  static final int CAPACITY = 4096;

  private final Cache<ClusterRequest, Parts> cache =
      Caffeine.newBuilder().weakKeys().maximumSize(CAPACITY).executor(Runnable::run).build();
  private final InstanceRoleProperties roles;

  public SpecViews(InstanceRoleProperties roles) {
    this.roles = roles;
  }

  /**
   * The spec's view parts, in both forms of {@code advance_config}.
   *
   * @param masked the advanced settings with credential-looking plain values masked (what anyone
   *     but the owner reads); the same instance as {@code advanced} when nothing needs masking
   */
  public record Parts(
      ClusterDetails.Head head,
      List<ClusterDetails.WorkerGroup> workers,
      ClusterDetails.Advanced advanced,
      ClusterDetails.Advanced masked,
      ClusterDetails.Disk headDisk) {

    public ClusterDetails.Advanced advanced(boolean maskCredentials) {
      return maskCredentials ? masked : advanced;
    }
  }

  public Parts of(ClusterRequest spec) {
    return cache.get(spec, this::build);
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private Parts build(ClusterRequest spec) {
    HeadNodeConfig head = spec.headNodeConfig();
    AdvanceConfig a = spec.advanceConfig();
    ClusterDetails.Advanced advanced = advanced(spec, a.environmentVariables());
    String maskedEnv = EnvironmentVariables.maskCredentials(a.environmentVariables());
    return new Parts(
        new ClusterDetails.Head(
            head.effectiveCores(),
            head.effectiveMemory(),
            head.isGpu() ? "gpu" : head.nodeType(),
            head.nodeCapacityType(),
            head.gpuPod()),
        spec.workerNodeConfigs().stream().map(SpecViews::workerGroup).toList(),
        advanced,
        Objects.equals(maskedEnv, a.environmentVariables()) ? advanced : advanced(spec, maskedEnv),
        disk(head.diskSetting()));
  }

  private static ClusterDetails.WorkerGroup workerGroup(WorkerNodeConfig w) {
    return new ClusterDetails.WorkerGroup(
        w.effectiveCores(),
        w.effectiveMemory(),
        w.minPods(),
        w.maxPods(),
        disk(w.diskSetting()),
        w.isGpu() ? "gpu" : w.nodeType(),
        w.nodeCapacityType(),
        w.gpuPod());
  }

  private static ClusterDetails.Disk disk(DiskSetting d) {
    return d == null ? null : new ClusterDetails.Disk(d.diskType(), d.storageSize());
  }

  private ClusterDetails.Advanced advanced(ClusterRequest spec, String environmentVariables) {
    AdvanceConfig a = spec.advanceConfig();
    AvailabilityZone az = a.availabilityZone();
    return new ClusterDetails.Advanced(
        environmentVariables,
        a.logPath(),
        a.initScript(),
        role(a.instanceRole()),
        az == null || az.id() == null || az.id().isBlank()
            ? null
            : new ClusterDetails.Zone(az.id(), az.displayName()),
        new ClusterDetails.RayStartParams(
            RayStartValues.objectStorePercent(spec),
            RayStartValues.cpusOnHead(spec),
            RayStartValues.gpusOnHead(spec)),
        a.sparkConfig());
  }

  /**
   * The catalogue entry of the cluster's instance role, found by id or display name as the request
   * may name it; the default role when it names none; null when the catalogue has no such role.
   */
  private ClusterDetails.Role role(InstanceRole requested) {
    String id = requested == null ? null : blankToNull(requested.id());
    String name = requested == null ? null : blankToNull(requested.displayName());
    if (id == null && name == null) {
      id = roles.defaultRole();
    }
    for (InstanceRoleProperties.Role known : roles.roles()) {
      if ((id != null && id.equals(known.id()))
          || (id == null && name != null && name.equals(known.displayName()))) {
        return new ClusterDetails.Role(known.id(), known.displayName(), known.serviceAccountName());
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
