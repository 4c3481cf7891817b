package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class KubernetesErrorsTest {

  /** As fabric8 words a refused request: the address, the path and the whole Status. */
  private static KubernetesClientException answered(int code, String message) {
    Status status = new StatusBuilder().withCode(code).withMessage(message).build();
    return new KubernetesClientException(
        "Failure executing: POST at: https://10.0.0.1:443/apis/apps/v1/namespaces/darwin/deployments."
            + " Message: "
            + message
            + ". Received status: "
            + status,
        code,
        status);
  }

  @Test
  void aSummaryHasTheCodeAndTheApiServersWordsButNotItsAddress() {
    RuntimeException wrapped =
        new IllegalStateException(
            "apply",
            answered(
                403,
                "deployments.apps is forbidden: User \"system:serviceaccount:darwin:compute\""
                    + " cannot create resource \"deployments\""));
    String summary = KubernetesErrors.summary(wrapped);
    assertThat(summary)
        .isEqualTo(
            "Kubernetes answered 403: deployments.apps is forbidden: User"
                + " \"system:serviceaccount:darwin:compute\" cannot create resource"
                + " \"deployments\"");
    assertThat(summary).doesNotContain("10.0.0.1", "Failure executing", "Received status");
  }

  @Test
  void longWordsAreCutAndMissingOnesLeaveTheCode() {
    assertThat(KubernetesErrors.summary(answered(422, "x".repeat(1000))))
        .hasSize("Kubernetes answered 422: ".length() + KubernetesErrors.LONGEST + 3)
        .endsWith("...");
    assertThat(KubernetesErrors.summary(answered(500, null))).isEqualTo("Kubernetes answered 500");
  }

  @Test
  void noAnswerAndOtherErrorsAreNamedByTheirKindOnly() {
    KubernetesClientException unreachable =
        new KubernetesClientException(
            "Operation: [create] for kind: [Deployment] with name: [x] in namespace: [darwin]"
                + " failed.",
            new ConnectException("Connection refused: api.internal/10.0.0.1:443"));
    assertThat(KubernetesErrors.summary(unreachable))
        .isEqualTo("Kubernetes did not answer (ConnectException)");
    assertThat(KubernetesErrors.summary(new NullPointerException("spec.template")))
        .isEqualTo("an error in the control plane (NullPointerException)");
  }

  @Test
  void aWebhooksAddressesAreNotRepeated() {
    String webhook =
        "admission webhook \"validate.policy.example\" denied the request: failed calling webhook:"
            + " Post \"https://policy-svc.policy.svc:443/validate?timeout=10s\": dial tcp"
            + " 10.96.12.7:443: connect: connection refused";
    assertThat(KubernetesErrors.summary(answered(500, webhook)))
        .isEqualTo(
            "Kubernetes answered 500: admission webhook \"validate.policy.example\" denied the"
                + " request: failed calling webhook: Post \"<url>\": dial tcp <address>: connect:"
                + " connection refused")
        .doesNotContain("10.96", "policy-svc");
    // A field path's indexes are not addresses; a bracketed IPv6 address is.
    assertThat(
            KubernetesErrors.summary(
                answered(
                    422,
                    "RayCluster.ray.io \"c\" is invalid: spec.workerGroupSpecs[0].template.spec"
                        + ".containers[1].image: Required value; dial [fd00::1]:443")))
        .endsWith(
            "spec.workerGroupSpecs[0].template.spec.containers[1].image: Required value; dial"
                + " <address>");
  }

  @Test
  void onlyA4xxThatWillNotPassIsARefusal() {
    // A quota used up, a namespace on its way out: forbidden for now, not for good.
    assertThat(
            KubernetesErrors.refused(
                answered(
                    403,
                    "deployments.apps \"x\" is forbidden: exceeded quota: compute, requested:"
                        + " cpu=2")))
        .isFalse();
    assertThat(
            KubernetesErrors.refused(
                answered(
                    403,
                    "unable to create new content in namespace ray because it is being"
                        + " terminated")))
        .isFalse();
    assertThat(KubernetesErrors.refused(answered(403, "forbidden"))).isTrue();
    assertThat(KubernetesErrors.refused(new RuntimeException(answered(422, "invalid")))).isTrue();
    assertThat(KubernetesErrors.refused(answered(404, "namespaces \"x\" not found"))).isTrue();
    for (int passing : new int[] {408, 409, 429, 500, 503}) {
      assertThat(KubernetesErrors.refused(answered(passing, "later"))).as("%d", passing).isFalse();
    }
    assertThat(KubernetesErrors.refused(new KubernetesClientException("no answer"))).isFalse();
    assertThat(KubernetesErrors.fromKubernetes(new RuntimeException(answered(500, "x")))).isTrue();
    assertThat(KubernetesErrors.fromKubernetes(new IllegalStateException("bug"))).isFalse();
    assertThat(KubernetesErrors.refused(new IllegalStateException("bug"))).isFalse();
  }
}
