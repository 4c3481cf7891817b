package com.darwin.compute.core.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where pods of a node group may run: node selector and tolerations. Placements combine (node pool
 * for the node type and capacity type, then the GPU shape's), later ones winning on the same
 * selector key.
 */
public record NodePlacement(Map<String, String> nodeSelector, List<TolerationRule> tolerations) {

  public static final NodePlacement NONE = new NodePlacement(Map.of(), List.of());

  public NodePlacement {
    // Sorted, so the rendered YAML does not depend on the map implementation configuration used.
    nodeSelector = nodeSelector == null ? Map.of() : new TreeMap<>(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
  }

  public NodePlacement and(NodePlacement more) {
    Map<String, String> selector = new TreeMap<>(nodeSelector);
    selector.putAll(more.nodeSelector);
    List<TolerationRule> all = new ArrayList<>(tolerations);
    more.tolerations.stream().filter(t -> !all.contains(t)).forEach(all::add);
    return new NodePlacement(selector, all);
  }
}
