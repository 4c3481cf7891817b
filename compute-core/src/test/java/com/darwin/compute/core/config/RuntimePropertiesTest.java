package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuntimePropertiesTest {

  private static RuntimeProperties pushedTo(String registry) {
    return new RuntimeProperties(null, true, null, null, registry);
  }

  @Test
  void theImagesBuiltHereAreTakenFromTheRegistryTheyWerePushedTo() {
    RuntimeProperties ecr = pushedTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml");
    assertThat(ecr.relocated("localhost:5000/darwin-runtime:2.37.0-py310-cpu"))
        .isEqualTo(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/darwin-runtime:2.37.0-py310-cpu");
    // Any other image is someone's choice: left as it is.
    assertThat(ecr.relocated("rayproject/ray:2.37.0")).isEqualTo("rayproject/ray:2.37.0");
    assertThat(ecr.relocated("localhost:5001/mine:1")).isEqualTo("localhost:5001/mine:1");
    // Unset: the repository's own (a local registry), as before.
    assertThat(pushedTo(null).relocated("localhost:5000/darwin-runtime:x"))
        .isEqualTo("localhost:5000/darwin-runtime:x");
  }

  @Test
  void aRegistryAnImageCannotNameStopsTheStart() {
    assertThat(pushedTo("registry.example.com:5000/ml").relocated("localhost:5000/r:1"))
        .isEqualTo("registry.example.com:5000/ml/r:1");
    for (String bad :
        new String[] {
          "",
          "https://registry.example.com",
          "registry.example.com/",
          "a b",
          "registry.example.com/ML",
          "registry.example.com/ml:v1"
        }) {
      assertThatThrownBy(() -> pushedTo(bad))
          .as(bad)
          .hasMessageContaining("compute.runtimes.image-registry");
    }
  }
}
