package com.darwin.compute.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mutable list of {@code metav1.Condition} maps, keyed by type, with Kubernetes' rule that {@code
 * lastTransitionTime} only moves when {@code status} changes.
 */
final class Conditions {

  private final List<Map<String, Object>> items = new ArrayList<>();

  private Conditions() {}

  static Conditions from(Map<String, Object> status) {
    Conditions conditions = new Conditions();
    for (Object item : JsonMaps.list(status, "conditions")) {
      if (item instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        conditions.items.add(copy);
      }
    }
    return conditions;
  }

  static boolean isTrue(Map<String, Object> status, String type) {
    return from(status).find(type).map(c -> "True".equals(c.get("status"))).orElse(false);
  }

  Optional<Map<String, Object>> find(String type) {
    return items.stream().filter(c -> type.equals(c.get("type"))).findFirst();
  }

  boolean has(String type) {
    return find(type).isPresent();
  }

  void set(
      String type,
      boolean status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    String statusText = status ? "True" : "False";
    Map<String, Object> condition = find(type).orElse(null);
    if (condition == null) {
      condition = new LinkedHashMap<>();
      condition.put("type", type);
      items.add(condition);
    }
    if (!statusText.equals(condition.get("status"))
        || condition.get("lastTransitionTime") == null) {
      condition.put("lastTransitionTime", SimulatedKubelet.time(now));
    }
    condition.put("status", statusText);
    condition.put("reason", reason);
    condition.put("message", message == null ? "" : message);
    if (observedGeneration != null) {
      condition.put("observedGeneration", observedGeneration);
    } else {
      condition.remove("observedGeneration");
    }
  }

  List<Map<String, Object>> toList() {
    return items;
  }
}
