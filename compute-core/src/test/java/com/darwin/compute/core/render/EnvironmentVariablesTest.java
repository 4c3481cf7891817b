package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentVariablesTest {

  @Test
  void parsesLinesSkippingBlanksAndComments() {
    assertThat(EnvironmentVariables.parse("A=1\n\n# c\nB = two=2 \r\n"))
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "two=2"));
  }

  @Test
  void rejectsLinesWithoutEqualsAndBadNames() {
    assertThatThrownBy(() -> EnvironmentVariables.parse("A=1\nnope"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> EnvironmentVariables.parse("1A=x"))
        .hasMessageContaining("not a variable name");
  }

  /**
   * A refused edit's message goes on the cluster's timeline, which every signed-in caller reads.
   */
  @Test
  void aBadLineIsNamedByItsNumberNotItsText() {
    assertThatThrownBy(() -> EnvironmentVariables.parse("A=1\nGITHUB_TOKEN: ghp_s3cr3tv4lu3"))
        .hasMessageContaining("line 2")
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("GITHUB_TOKEN");
    // Base64 padding taken for the '=' of a line written with a colon.
    assertThatThrownBy(() -> EnvironmentVariables.parse("TOKEN: c2VjcmV0dG9rZW4x=="))
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("c2VjcmV0");
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
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
  }

  @Test
  void secretReferencesAreCheckedAndRecognised() {
    assertThat(EnvironmentVariables.secretRef("secret:gh-creds/token"))
        .contains(new EnvironmentVariables.SecretRef("gh-creds", "token"));
    assertThat(EnvironmentVariables.secretRef("plain")).isEmpty();
    assertThatThrownBy(() -> EnvironmentVariables.parse("A=1\nGH_TOKEN=secret:Bad_Name"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("secret:NAME/KEY");
  }

  /** What Kubernetes refuses in a pod's secretKeyRef is refused here, not by every pod create. */
  @Test
  void secretReferencesKubernetesWouldRefuseAreRefused() {
    for (String value :
        List.of(
            "secret:a..b/k",
            "secret:a.-b/k",
            "secret:a-.b/k",
            "secret:db/.",
            "secret:db/..",
            "secret:db/..x")) {
      assertThatThrownBy(() -> EnvironmentVariables.parse("X=" + value))
          .as(value)
          .hasMessageContaining("secret:NAME/KEY");
    }
    assertThat(EnvironmentVariables.parse("X=secret:team-ml.db/.env.x_1"))
        .containsEntry("X", "secret:team-ml.db/.env.x_1");
  }

  @Test
  void credentialLookingPlainValuesAreMaskedAndNothingElse() {
    assertThat(EnvironmentVariables.looksLikeCredential("GITHUB_TOKEN")).isTrue();
    assertThat(EnvironmentVariables.looksLikeCredential("AWS_SECRET_ACCESS_KEY")).isTrue();
    assertThat(EnvironmentVariables.looksLikeCredential("DB_PASSWORD")).isTrue();
    assertThat(EnvironmentVariables.looksLikeCredential("API_KEY")).isTrue();
    assertThat(EnvironmentVariables.looksLikeCredential("TOKENIZERS_PARALLELISM")).isTrue();
    assertThat(EnvironmentVariables.looksLikeCredential("TEAM")).isFalse();
    assertThat(EnvironmentVariables.looksLikeCredential("KEYBOARD")).isFalse();
    assertThat(
            EnvironmentVariables.maskCredentials(
                "TEAM=ml\r\nAPI_TOKEN=abc\n# DB_PASSWORD=old\nDB_PASSWORD = pw\n"
                    + "GH_TOKEN=secret:gh/token\nEMPTY_KEY="))
        .isEqualTo(
            "TEAM=ml\r\nAPI_TOKEN=****\n# DB_PASSWORD=old\nDB_PASSWORD =****\n"
                + "GH_TOKEN=secret:gh/token\nEMPTY_KEY=");
  }

  @Test
  void maskedValuesSentBackAreTheStoredOnes() {
    String stored = "TEAM=ml\nAPI_TOKEN=abc\nDB_PASSWORD = pw\nGH_TOKEN=secret:gh/token";

    assertThat(
            EnvironmentVariables.restoreMasked(
                EnvironmentVariables.maskCredentials(stored), stored))
        .isEqualTo("TEAM=ml\nAPI_TOKEN=abc\nDB_PASSWORD =pw\nGH_TOKEN=secret:gh/token");
    // A new value, a new masked name, a mask on a name that is no credential: as sent.
    assertThat(
            EnvironmentVariables.restoreMasked(
                "API_TOKEN=new\r\nNEW_TOKEN=****\nTEAM=****", stored))
        .isEqualTo("API_TOKEN=new\r\nNEW_TOKEN=****\nTEAM=****");
    assertThat(EnvironmentVariables.restoreMasked("GH_TOKEN=****", stored))
        .isEqualTo("GH_TOKEN=****");
    assertThat(EnvironmentVariables.restoreMasked("", stored)).isEmpty();
  }
}
