package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** New request ids are random UUIDs in randomUUID's shape, distinct across threads. */
class RequestIdsTest {

  @Test
  void isAVersion4UuidInCanonicalForm() {
    for (int i = 0; i < 1_000; i++) {
      String id = RequestIds.next();
      assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      UUID parsed = UUID.fromString(id);
      assertThat(parsed.version()).isEqualTo(4);
      assertThat(parsed.variant()).isEqualTo(2);
      assertThat(parsed.toString()).isEqualTo(id);
      // What the filter accepts back from a caller: the id a client echoes is kept.
      assertThat(id).matches("[A-Za-z0-9._:@/+=-]{1,128}");
    }
  }

  @Test
  void threadsDrawDistinctIds() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    seen.add(RequestIds.next());
                  }
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(80_000);
  }
}
