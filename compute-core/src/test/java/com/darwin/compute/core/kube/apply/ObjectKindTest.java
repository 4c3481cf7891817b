package com.darwin.compute.core.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ObjectKindTest {

  private static Deployment deployment(Map<String, String> annotations) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("shs-x")
        .withLabels(Map.of("app", "x"))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .build();
  }

  private static String hash(Deployment deployment) {
    return ObjectHash.of(ObjectKind.DEPLOYMENT.ownedContent(deployment));
  }

  @Test
  void renderedAnnotationsArePartOfWhatIsOwned() {
    assertThat(hash(deployment(Map.of("darwin.io/started-at", "2026-12-05T10:00:00Z"))))
        .isNotEqualTo(hash(deployment(Map.of("darwin.io/started-at", "2026-12-05T11:00:00Z"))));
  }

  @Test
  void theStampedHashIsNotAndNoAnnotationsKeepTheHashFromBefore() {
    Deployment none = deployment(null);
    assertThat(hash(deployment(Map.of(ResourceNames.SPEC_HASH_ANNOTATION, "abc"))))
        .isEqualTo(hash(none));
    // What was hashed before annotations counted: labels, owners and spec, in that order.
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("labels", new TreeMap<>(none.getMetadata().getLabels()));
    before.put("owners", none.getMetadata().getOwnerReferences());
    before.put("spec", none.getSpec());
    assertThat(hash(none)).isEqualTo(ObjectHash.of(before));
  }
}
