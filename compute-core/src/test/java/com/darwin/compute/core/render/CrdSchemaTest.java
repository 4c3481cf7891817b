package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RayCluster of the golden matrix validates against KubeRay's v1 CRD schema. Skipped, with
 * the reason, where the CRD file is not available ({@link CrdSchema#assumeAvailable()}).
 */
class CrdSchemaTest {

  @BeforeEach
  void needsTheCrdFile() {
    CrdSchema.assumeAvailable();
  }

  static Stream<GoldenCases.Case> cases() {
    return GoldenCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderedRayClusterValidatesAgainstTheCrdSchema(GoldenCases.Case c) {
    Set<ValidationMessage> problems = CrdSchema.validate(c.render().rayCluster());
    assertThat(problems).as(CrdSchema.describe(problems)).isEmpty();
  }

  /** The check can fail: a wrong type, a missing required field and an unknown field. */
  @Test
  @SuppressWarnings("unchecked")
  void theSchemaCheckCatchesWhatTheApiServerWouldRejectOrPrune() {
    GenericKubernetesResource rc = GoldenCases.named("cpu-fixed-size").render().rayCluster();
    Map<String, Object> spec = (Map<String, Object>) rc.getAdditionalProperties().get("spec");
    Map<String, Object> group = ((List<Map<String, Object>>) spec.get("workerGroupSpecs")).get(0);
    group.put("minReplicas", "one"); // wrong type
    group.remove("groupName"); // required
    spec.put("enableAutoscaling", true); // unknown: the API server would silently prune it

    String problems = CrdSchema.describe(CrdSchema.validate(rc));

    assertThat(problems)
        .contains("minReplicas")
        .contains("groupName")
        .contains("enableAutoscaling");
  }
}
