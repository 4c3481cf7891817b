package com.darwin.compute.sandbox;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Waits for the mock Kubernetes API to receive no request for a while (simulators settled). */
final class QuietApi {

  private QuietApi() {}

  /**
   * Returns once {@code quiet} has passed without a request to {@code api}, trying for at most 20
   * s: a test that counts requests starts after what earlier steps set off has died down.
   */
  static void waitFor(MockKubernetesApi api, Duration quiet) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              int seen = api.server().getRequestCount();
              Thread.sleep(quiet.toMillis());
              return api.server().getRequestCount() == seen;
            });
  }
}
