package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.CapacityType;
import java.util.Map;

/**
 * The node-pool mapping: for each node type ({@code general}, {@code compute}, {@code memory},
 * {@code disk}, {@code gpu}) and capacity type, the node selector and tolerations that put a pod on
 * the right nodes. A node type without an entry uses {@code defaultNodeType}'s.
 */
public record NodePools(Map<String, CapacityPlacements> byNodeType, String defaultNodeType) {

  public NodePools {
    byNodeType = byNodeType == null ? Map.of() : Map.copyOf(byNodeType);
    defaultNodeType = defaultNodeType == null ? "general" : defaultNodeType;
  }

  /** The placement of a pod of this node type on this capacity type. */
  public NodePlacement placement(String nodeType, CapacityType capacity) {
    CapacityPlacements pools = byNodeType.get(nodeType == null ? defaultNodeType : nodeType);
    if (pools == null) {
      pools = byNodeType.get(defaultNodeType);
    }
    if (pools == null) {
      return NodePlacement.NONE;
    }
    return capacity == CapacityType.SPOT ? pools.spot() : pools.ondemand();
  }

  /** One node type's placements per capacity type. */
  public record CapacityPlacements(NodePlacement ondemand, NodePlacement spot) {
    public CapacityPlacements {
      ondemand = ondemand == null ? NodePlacement.NONE : ondemand;
      spot = spot == null ? NodePlacement.NONE : spot;
    }
  }
}
