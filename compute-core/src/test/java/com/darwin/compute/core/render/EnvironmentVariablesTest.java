package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvironmentVariablesTest {

  @Test
  void parsesLinesSkippingBlanksAndComments() {
    assertThat(EnvironmentVariables.parse("A=1\n\n# c\nB = two=2 \r\n"))
        .containsExactly(java.util.Map.entry("A", "1"), java.util.Map.entry("B", "two=2"));
  }

  @Test
  void rejectsLinesWithoutEqualsAndBadNames() {
    assertThatThrownBy(() -> EnvironmentVariables.parse("A=1\nnope"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> EnvironmentVariables.parse("1A=x"))
        .hasMessageContaining("not a valid");
  }

  @Test
  void refusesToOverrideMandatoryVariables() {
    assertThatThrownBy(() -> EnvironmentVariables.parse("CLUSTER_ID=mine"))
        .hasMessageContaining("cannot be overridden");
  }

  @Test
  void refusesVariablesKubeRaySets() {
    assertThatThrownBy(() -> EnvironmentVariables.parse("A=1\nRAY_ADDRESS=elsewhere:6379"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("set by KubeRay");
  }

  @Test
  void renderingSkipsWhatRequestValidationWouldRefuse() {
    assertThat(EnvironmentVariables.parseValid("A=1\nCLUSTER_ID=x\nnope\nRAY_ADDRESS=y\nB=2"))
        .containsExactly(java.util.Map.entry("A", "1"), java.util.Map.entry("B", "2"));
  }
}
