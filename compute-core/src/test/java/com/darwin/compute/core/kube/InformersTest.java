package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class InformersTest {

  @Test
  void aFailedFirstListIsRetriedWhateverTheApiServerAnswered() {
    assertThat(
            Informers.RETRY_UNTIL_LISTED.retryAfterException(
                false, new KubernetesClientException("boom", new ConnectException("refused"))))
        .isTrue();
    assertThat(
            Informers.RETRY_UNTIL_LISTED.retryAfterException(
                false, new KubernetesClientException("Forbidden", 403, null)))
        .isTrue();
  }

  @Test
  void aListThatCannotBeReadIsNotRetried() {
    // What fabric8 reports for an object it cannot map: a ClassCastException or Jackson's, wrapped.
    assertThat(
            Informers.RETRY_UNTIL_LISTED.retryAfterException(
                false, new KubernetesClientException("unreadable", new ClassCastException("x"))))
        .isFalse();
  }

  @Test
  void aStartedInformerKeepsTheDefaultRule() {
    assertThat(Informers.RETRY_UNTIL_LISTED.retryAfterException(true, new IOException("reset")))
        .isTrue();
    assertThat(
            Informers.RETRY_UNTIL_LISTED.retryAfterException(true, new WatcherException("too old")))
        .isFalse();
  }
}
