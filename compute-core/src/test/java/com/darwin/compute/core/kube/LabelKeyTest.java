package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelKeyTest {

  private final LabelKey key = new LabelKey("darwin.io/cluster-id");
  private final List<String> told = new ArrayList<>();
  private final ResourceEventHandler<ConfigMap> handler = key.notifying(told::add);

  private static ConfigMap labelled(Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("x")
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  @Test
  void anUpdateTellsTheOwnerItHadWhenTheLabelWasRemovedOrChanged() {
    ConfigMap ofA = labelled(Map.of("darwin.io/cluster-id", "a"));
    handler.onUpdate(ofA, labelled(Map.of()));
    assertThat(told).containsExactly("a");

    told.clear();
    handler.onUpdate(ofA, labelled(Map.of("darwin.io/cluster-id", "b")));
    assertThat(told).containsExactly("b", "a");

    told.clear();
    handler.onUpdate(ofA, ofA);
    assertThat(told).containsExactly("a");
  }

  @Test
  void theResyncsUpdateOfAnUnchangedObjectTellsNoOne() {
    ConfigMap seen = atVersion(labelled(Map.of("darwin.io/cluster-id", "a")), "41");
    handler.onUpdate(seen, atVersion(labelled(Map.of("darwin.io/cluster-id", "a")), "41"));
    assertThat(told).isEmpty();

    handler.onUpdate(seen, atVersion(labelled(Map.of("darwin.io/cluster-id", "a")), "42"));
    assertThat(told).containsExactly("a");
  }

  private static ConfigMap atVersion(ConfigMap map, String resourceVersion) {
    map.getMetadata().setResourceVersion(resourceVersion);
    return map;
  }

  @Test
  void anObjectWithoutTheLabelIsItsOwnersByWhatElseNamesIt() {
    LabelKey byName = new LabelKey("darwin.io/cluster-id", o -> o.getMetadata().getName());
    assertThat(byName.index(labelled(Map.of()))).containsExactly("x");
    assertThat(byName.index(labelled(Map.of("darwin.io/cluster-id", "a")))).containsExactly("a");
    assertThat(key.index(labelled(Map.of()))).isEmpty();
  }
}
