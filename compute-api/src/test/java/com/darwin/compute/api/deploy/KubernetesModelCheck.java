package com.darwin.compute.api.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks Kubernetes objects against the API's schemas offline, through fabric8's model (generated
 * from the Kubernetes OpenAPI document): each document must be a kind the model knows, every field
 * must be one the schema of its type declares (fabric8 keeps unknown ones aside in {@code
 * additionalProperties}, found here at any depth), and reading it into the model and writing it
 * back must give the same JSON (a wrong type, such as a string where an integer belongs, does not
 * survive that).
 */
final class KubernetesModelCheck {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  private KubernetesModelCheck() {}

  /** The objects of a multi-document YAML stream, each checked; fails with every problem found. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      var parser = new YAMLMapper().createParser(yaml);
      for (JsonNode document : new YAMLMapper().readValues(parser, JsonNode.class).readAll()) {
        if (document == null || document.isEmpty()) {
          continue;
        }
        String where =
            document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
        KubernetesResource typed = SERIALIZATION.unmarshal(JSON.writeValueAsString(document));
        if (!(typed instanceof HasMetadata object) || typed instanceof GenericKubernetesResource) {
          problems.add(where + ": not a kind of the Kubernetes API model");
          continue;
        }
        unknownFields(typed, where, problems);
        JsonNode back = JSON.readTree(SERIALIZATION.asJson(typed));
        if (!back.equals(document)) {
          problems.add(
              where
                  + ": changed by a round trip through the model\n  was "
                  + document
                  + "\n  now "
                  + back);
        }
        objects.add(object);
      }
    } catch (java.io.IOException e) {
      throw new AssertionError("Not YAML: " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("Invalid Kubernetes objects:\n" + String.join("\n", problems));
    }
    return objects;
  }

  private static void unknownFields(Object value, String path, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object field;
      try {
        field = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(
              path
                  + ": fields not in the schema of "
                  + value.getClass().getSimpleName()
                  + ": "
                  + extra.keySet());
        }
      } else {
        String name = getter.getName().substring(3);
        unknownFields(
            field,
            path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1),
            problems);
      }
    }
  }
}
