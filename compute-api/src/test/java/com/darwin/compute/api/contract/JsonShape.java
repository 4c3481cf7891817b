package com.darwin.compute.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads an answer the way a Python client does: {@code node["key"]} fails on a missing key, a typed
 * field (an {@code int} of a dataclass, a {@code str} of a pydantic model) fails on the wrong JSON
 * type or on null.
 */
final class JsonShape {

  private JsonShape() {}

  /** {@code node[key]}: the key must be there (its value may be null). */
  static JsonNode key(JsonNode node, String path, String key) {
    assertThat(node).as(path).isNotNull();
    assertThat(node.isObject()).as(path + " is an object").isTrue();
    assertThat(node.has(key)).as(path + "." + key + " is present in " + node).isTrue();
    return node.get(key);
  }

  static int integer(JsonNode node, String path, String key) {
    JsonNode value = key(node, path, key);
    assertThat(value.isIntegralNumber()).as(path + "." + key + " is an int: " + value).isTrue();
    return value.asInt();
  }

  static String string(JsonNode node, String path, String key) {
    JsonNode value = key(node, path, key);
    assertThat(value.isString()).as(path + "." + key + " is a str: " + value).isTrue();
    return value.asString();
  }

  static boolean bool(JsonNode node, String path, String key) {
    JsonNode value = key(node, path, key);
    assertThat(value.isBoolean()).as(path + "." + key + " is a bool: " + value).isTrue();
    return value.asBoolean();
  }

  static JsonNode object(JsonNode node, String path, String key) {
    JsonNode value = key(node, path, key);
    assertThat(value.isObject()).as(path + "." + key + " is a dict: " + value).isTrue();
    return value;
  }

  static JsonNode array(JsonNode node, String path, String key) {
    JsonNode value = key(node, path, key);
    assertThat(value.isArray()).as(path + "." + key + " is a list: " + value).isTrue();
    return value;
  }

  /** An object that must have exactly these keys: nothing a strict reader would not expect. */
  static void exactly(JsonNode node, String path, String... keys) {
    assertThat(node.isObject()).as(path + " is an object").isTrue();
    assertThat(Set.copyOf(node.propertyNames())).as(path + " keys").isEqualTo(Set.of(keys));
  }
}
