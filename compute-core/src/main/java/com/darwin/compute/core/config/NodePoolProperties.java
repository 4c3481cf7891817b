package com.darwin.compute.core.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where pods go: per node type ({@code general}, {@code compute}, {@code memory}, {@code disk},
 * {@code gpu}) and capacity type ({@code ondemand}, {@code spot}), a node selector and tolerations;
 * plus what every GPU pod gets. A node type without an entry uses {@code default-type}'s. Label
 * keys contain dots and slashes, so in YAML they are written in brackets: {@code
 * "[karpenter.sh/capacity-type]": spot}.
 */
@ConfigurationProperties("compute.node-pools")
public record NodePoolProperties(
    @DefaultValue("general") String defaultType, Map<String, Pool> types, @DefaultValue Gpu gpu) {

  public NodePoolProperties {
    types = types == null ? Map.of() : Map.copyOf(types);
  }

  public record Pool(@DefaultValue Placement ondemand, @DefaultValue Placement spot) {}

  public record Placement(Map<String, String> nodeSelector, List<Toleration> tolerations) {}

  public record Toleration(
      String key, @DefaultValue("Equal") String operator, String value, String effect) {}

  /**
   * @param resourceName the extended resource in the container limits
   * @param instanceFamilyLabel node label selecting a GPU shape's instance family (from {@code
   *     compute.gpu.catalogue}); empty for none
   * @param tolerations what every GPU pod tolerates (the GPU nodes' taint)
   */
  public record Gpu(
      @DefaultValue("nvidia.com/gpu") String resourceName,
      @DefaultValue("karpenter.k8s.aws/instance-family") String instanceFamilyLabel,
      List<Toleration> tolerations) {}
}
