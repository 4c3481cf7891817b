package com.darwin.compute.sandbox;

import java.util.List;
import java.util.Map;

/** Null-tolerant reads from the nested maps of an untyped Kubernetes object. */
final class JsonMaps {

  private JsonMaps() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object parent, String key) {
    Object value = parent instanceof Map<?, ?> map ? map.get(key) : null;
    return value instanceof Map<?, ?> child ? (Map<String, Object>) child : null;
  }

  static List<?> list(Object parent, String key) {
    Object value = parent instanceof Map<?, ?> map ? map.get(key) : null;
    return value instanceof List<?> list ? list : List.of();
  }

  static String string(Object parent, String key) {
    Object value = parent instanceof Map<?, ?> map ? map.get(key) : null;
    return value == null ? null : value.toString();
  }

  static Integer integer(Object parent, String key) {
    Object value = parent instanceof Map<?, ?> map ? map.get(key) : null;
    if (value instanceof Number number) {
      return number.intValue();
    }
    if (value instanceof String text && !text.isBlank()) {
      try {
        return Integer.valueOf(text.trim());
      } catch (NumberFormatException ignored) {
        return null;
      }
    }
    return null;
  }

  static boolean isTrue(Object parent, String key) {
    Object value = parent instanceof Map<?, ?> map ? map.get(key) : null;
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }
}
