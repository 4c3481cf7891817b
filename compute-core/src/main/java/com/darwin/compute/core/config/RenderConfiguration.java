package com.darwin.compute.core.config;

import com.darwin.compute.core.render.ClusterNetworkSettings;
import com.darwin.compute.core.render.GpuSettings;
import com.darwin.compute.core.render.NodePlacement;
import com.darwin.compute.core.render.NodePools;
import com.darwin.compute.core.render.PodSettings;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.TolerationRule;
import com.darwin.compute.core.render.WorkspaceSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Turns the rendering-related {@code compute.*} properties into the plain {@link RenderSettings}
 * value the (Spring-free) renderer takes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  NodePoolProperties.class,
  WorkspaceProperties.class,
  InitScriptProperties.class,
  JupyterProperties.class,
  ProbeProperties.class,
  DiskProperties.class,
  InstanceRoleProperties.class,
  ClusterNetworkProperties.class
})
public class RenderConfiguration {

  @Bean
  RenderSettings renderSettings(
      NodePoolProperties pools,
      GpuCatalogProperties gpus,
      WorkspaceProperties workspace,
      InitScriptProperties initScript,
      JupyterProperties jupyter,
      ProbeProperties probes,
      DiskProperties disks,
      InstanceRoleProperties roles,
      ClusterNetworkProperties network) {
    return new RenderSettings(
        nodePools(pools),
        gpu(pools.gpu(), gpus),
        workspace(workspace),
        pods(initScript, jupyter, probes, disks, roles),
        network(network));
  }

  static ClusterNetworkSettings network(ClusterNetworkProperties network) {
    return new ClusterNetworkSettings(
        network.isolation(),
        network.allowedFrom().stream()
            .map(p -> new ClusterNetworkSettings.Peer(p.namespaceLabels(), p.podLabels()))
            .toList());
  }

  static NodePools nodePools(NodePoolProperties pools) {
    Map<String, NodePools.CapacityPlacements> byType = new LinkedHashMap<>();
    pools
        .types()
        .forEach(
            (type, pool) ->
                byType.put(
                    type,
                    new NodePools.CapacityPlacements(
                        placement(pool.ondemand()), placement(pool.spot()))));
    return new NodePools(byType, pools.defaultType());
  }

  static GpuSettings gpu(NodePoolProperties.Gpu gpu, GpuCatalogProperties catalogue) {
    Map<String, String> families = new LinkedHashMap<>();
    catalogue
        .catalogue()
        .forEach(
            s -> {
              if (s.instanceFamily() != null) {
                families.put(s.name(), s.instanceFamily());
              }
            });
    String label =
        gpu.instanceFamilyLabel() == null || gpu.instanceFamilyLabel().isBlank()
            ? null
            : gpu.instanceFamilyLabel();
    return new GpuSettings(gpu.resourceName(), label, families, tolerations(gpu.tolerations()));
  }

  static WorkspaceSettings workspace(WorkspaceProperties w) {
    return new WorkspaceSettings(
        w.enabled(),
        w.mountPath(),
        w.scope(),
        w.projectLabel(),
        w.claimPrefix(),
        w.provisionClaims(),
        w.storageClass() == null || w.storageClass().isBlank() ? null : w.storageClass(),
        quantity(w.size()),
        w.accessModes(),
        w.sharedLabel(),
        w.sharedValue());
  }

  static PodSettings pods(
      InitScriptProperties initScript,
      JupyterProperties jupyter,
      ProbeProperties probes,
      DiskProperties disks,
      InstanceRoleProperties roles) {
    return new PodSettings(
        new PodSettings.ProbeSettings(
            seconds(probes.readinessInitialDelay()),
            seconds(probes.readinessPeriod()),
            probes.readinessFailureThreshold(),
            seconds(probes.livenessInitialDelay()),
            seconds(probes.livenessPeriod()),
            probes.livenessFailureThreshold(),
            seconds(probes.headTimeout()),
            seconds(probes.workerTimeout())),
        new PodSettings.JupyterSettings(
            jupyter.port(),
            jupyter.cpu(),
            quantity(jupyter.memory()),
            seconds(jupyter.readinessPeriod()),
            jupyter.readinessFailureThreshold()),
        initScript.timeout(),
        disks.storageClasses(),
        disks.mountPath(),
        roles.roles().stream()
            .map(
                r ->
                    new PodSettings.InstanceRoleSetting(
                        r.id(), r.displayName(), r.serviceAccountName()))
            .toList(),
        roles.defaultRole());
  }

  private static NodePlacement placement(NodePoolProperties.Placement placement) {
    return placement == null
        ? NodePlacement.NONE
        : new NodePlacement(placement.nodeSelector(), tolerations(placement.tolerations()));
  }

  private static List<TolerationRule> tolerations(List<NodePoolProperties.Toleration> list) {
    return list == null
        ? List.of()
        : list.stream()
            .map(t -> new TolerationRule(t.key(), t.operator(), t.value(), t.effect()))
            .toList();
  }

  /** A Kubernetes quantity: whole GiB or MiB when exact, else bytes. */
  static String quantity(DataSize size) {
    long bytes = size.toBytes();
    long gib = 1024L * 1024 * 1024;
    long mib = 1024L * 1024;
    if (bytes % gib == 0) {
      return bytes / gib + "Gi";
    }
    if (bytes % mib == 0) {
      return bytes / mib + "Mi";
    }
    return Long.toString(bytes);
  }

  private static int seconds(Duration d) {
    return (int) d.toSeconds();
  }
}
