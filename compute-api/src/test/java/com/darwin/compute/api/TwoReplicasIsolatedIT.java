package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.store.ClusterActionEntity;
import com.darwin.compute.core.store.ClusterActionRepository;
import com.darwin.compute.core.store.ClusterRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two replicas against one MySQL never both act on the same cluster. */
class TwoReplicasIsolatedIT {

  private static double applies(ComputeInstance instance, String outcome) {
    Counter counter =
        instance
            .bean(MeterRegistry.class)
            .find("darwin.reconciler.applies")
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void eachClusterIsReconciledByOneReplica() {
    String tag = Long.toString(System.nanoTime(), 36);
    try (ComputeInstance a = ComputeInstance.start("replica-a");
        ComputeInstance b = ComputeInstance.start("replica-b")) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Api api = i % 2 == 0 ? a.api : b.api;
        Api.Response r =
            api.post("/cluster", ClusterRequests.quickStart("replica-" + i + "-" + tag), Api.USER);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        ids.add(r.data().get("cluster_id").asString());
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  ids.stream()
                      .allMatch(
                          id ->
                              a.api
                                  .get("/cluster/" + id + "/metadata")
                                  .data()
                                  .get("status")
                                  .asString()
                                  .equals("active")));

      // Each RayCluster was created exactly once, by one replica, and never re-applied.
      assertThat(applies(a, "created") + applies(b, "created")).isEqualTo(ids.size());
      assertThat(applies(a, "patched") + applies(b, "patched")).isZero();

      ClusterActionRepository actions = a.bean(ClusterActionRepository.class);
      ClusterRepository clusters = a.bean(ClusterRepository.class);
      Set<String> owners = new java.util.HashSet<>();
      for (String id : ids) {
        List<ClusterActionEntity> rows = actions.findByClusterIdOrderByIdAsc(id);
        // Every observed transition was written once, by one replica: the lease holder.
        Set<String> observers =
            rows.stream()
                .map(ClusterActionEntity::getActor)
                .filter(actor -> actor.startsWith("reconciler@"))
                .collect(Collectors.toSet());
        String owner = clusters.leaseOwner(id);
        assertThat(observers).containsExactly("reconciler@" + owner);
        assertThat(rows.stream().filter(r -> r.getAction().equals("Head Node Up")).count())
            .isEqualTo(1);
        assertThat(rows.stream().filter(r -> r.getAction().equals("Running")).count()).isEqualTo(1);
        owners.add(owner);
      }
      assertThat(owners).isSubsetOf("replica-a", "replica-b");
    }
  }
}
