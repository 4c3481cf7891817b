package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mock API server's CRUD dispatcher with a test knob: while a fault is set, writes (any method
 * but GET) to paths containing its fragment answer 500, as an overloaded or broken API server
 * would. Reads and watches keep working, so informers stay connected.
 */
final class FaultInjectingDispatcher extends KubernetesCrudDispatcher {

  private static final String FAILURE =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"message\":\"injected failure (sandbox fault)\",\"reason\":\"InternalError\",\"code\":500}";

  private final AtomicReference<String> failingPath = new AtomicReference<>();

  void failWrites(String pathFragment) {
    failingPath.set(pathFragment);
  }

  void clear() {
    failingPath.set(null);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String fragment = failingPath.get();
    if (fragment != null
        && !"GET".equals(request.getMethod())
        && request.getPath() != null
        && request.getPath().contains(fragment)) {
      return new MockResponse()
          .setResponseCode(500)
          .setHeader("Content-Type", "application/json")
          .setBody(FAILURE);
    }
    return super.dispatch(request);
  }
}
