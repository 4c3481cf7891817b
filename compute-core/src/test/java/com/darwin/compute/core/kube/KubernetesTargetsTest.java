package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.KubernetesProperties;
import io.fabric8.kubernetes.client.Config;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a target named by its master URL is reached. */
class KubernetesTargetsTest {

  @Test
  void aMasterUrlTargetChecksTheServersCertificateAndSendsNoCredentials() {
    KubernetesTargets targets =
        new KubernetesTargets(
            new KubernetesProperties(
                "remote",
                Map.of(
                    "remote",
                    new KubernetesProperties.Target(
                        "https://k8s.example.invalid:6443", null, "ray")),
                KubernetesProperties.ApplyMode.SERVER_SIDE,
                "darwin-compute",
                Duration.ofMinutes(10),
                2));
    try {
      Config config = targets.get("remote").client().getConfiguration();

      assertThat(config.getMasterUrl()).startsWith("https://k8s.example.invalid:6443");
      assertThat(config.isTrustCerts()).as("every certificate trusted").isFalse();
      assertThat(config.getAutoOAuthToken()).isNull();
      assertThat(config.getOauthToken()).isNull();
      assertThat(targets.get("remote").namespace()).isEqualTo("ray");
    } finally {
      targets.destroy();
    }
  }
}
