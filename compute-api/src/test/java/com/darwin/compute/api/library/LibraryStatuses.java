package com.darwin.compute.api.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import java.time.Duration;

/** A library's status as its status route answers it, for the library ITs. */
public final class LibraryStatuses {

  private LibraryStatuses() {}

  public static String status(Api api, String clusterId, long libraryId) {
    Api.Response r = api.get("/cluster/" + clusterId + "/library/" + libraryId + "/status");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data().get("status").asString();
  }

  public static void awaitStatus(Api api, String clusterId, long libraryId, String expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(status(api, clusterId, libraryId)).isEqualTo(expected));
  }
}
