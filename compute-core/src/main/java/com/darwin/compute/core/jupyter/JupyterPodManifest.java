package com.darwin.compute.core.jupyter;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** The objects of a Jupyter pod, in apply order, as YAML documents or JSON maps. */
public record JupyterPodManifest(String podName, List<HasMetadata> objects) {

  public String yaml() {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      String doc = Serialization.asYaml(object);
      yaml.append(doc.startsWith("---") ? doc : "---\n" + doc);
      if (!doc.endsWith("\n")) {
        yaml.append('\n');
      }
    }
    return yaml.toString();
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> asMaps() {
    return objects.stream()
        .map(o -> (Map<String, Object>) Serialization.unmarshal(Serialization.asJson(o), Map.class))
        .toList();
  }
}
