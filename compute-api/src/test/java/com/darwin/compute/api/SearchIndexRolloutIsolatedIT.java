package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A rolling upgrade to a new search mapping, with two whole replicas on one MySQL and one
 * Elasticsearch: the new replica (a new index name) stays out of readiness while its new index
 * fills, the old one answers searches with every cluster meanwhile, and once the new replica is
 * ready its searches find every cluster too, and changes made while both run reach both indexes.
 * The indexer both share is held off by its lock until the test has seen the wait.
 */
class SearchIndexRolloutIsolatedIT {

  @Test
  void theNewReplicaIsReadyOnlyOnceItsNewIndexHoldsEveryCluster() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String newIndex = "darwin-compute-clusters-rollout-" + tag;
    try (ComputeInstance old = ComputeInstance.start("rollout-old")) {
      List<String> names = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String name = "rollout-" + i + "-" + tag;
        Api.Response created =
            old.api.post("/cluster", ClusterRequests.stoppedQuickStart(name), Api.USER);
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        names.add(name);
        ids.add(created.data().get("cluster_id").asString());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> findsAll(old, names, ids));

      SimpleLock indexer = IndexerLock.hold(old.bean(LockProvider.class));
      try (ComputeInstance upgraded =
          ComputeInstance.start("rollout-new", "compute.search.index=" + newIndex)) {
        try {
          // Started, alive, and out of the Service while its index fills.
          assertThat(upgraded.api.get("/livez").status()).isEqualTo(200);
          Api.Response readiness = upgraded.api.get("/actuator/health/readiness");
          assertThat(readiness.status()).as(readiness.raw()).isEqualTo(503);
          assertThat(
                  readiness
                      .body()
                      .get("components")
                      .get("searchIndexFill")
                      .get("status")
                      .asString())
              .isEqualTo("OUT_OF_SERVICE");
          assertThat(readiness.body().get("components").get("db").get("status").asString())
              .isEqualTo("UP");
          // What the load balancer keeps users from meanwhile, and where it sends them instead.
          assertThat(findsAny(upgraded, names, ids)).isFalse();
          assertThat(findsAll(old, names, ids)).isTrue();
        } finally {
          indexer.unlock();
        }

        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> upgraded.api.get("/readyz").status() == 200);
        // Ready means written; visible to searches after Elasticsearch's refresh (a second).
        await().atMost(Duration.ofSeconds(10)).until(() -> findsAll(upgraded, names, ids));

        // Both versions run: a change reaches both indexes, whichever version's indexer takes
        // it (each writes it into its own index and queues it again for the other's), in
        // seconds, not at the audit ten minutes after each replica's start.
        List<String> during = new ArrayList<>();
        List<String> duringIds = new ArrayList<>();
        for (ComputeInstance via : List.of(old, upgraded)) {
          String name = "rollout-during-" + during.size() + "-" + tag;
          Api.Response created =
              via.api.post("/cluster", ClusterRequests.stoppedQuickStart(name), Api.USER);
          assertThat(created.status()).as(created.raw()).isEqualTo(200);
          during.add(name);
          duringIds.add(created.data().get("cluster_id").asString());
        }
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> findsAll(old, during, duringIds) && findsAll(upgraded, during, duringIds));
      } finally {
        new ElasticsearchRequests(Sandbox.current().orElseThrow().elasticsearch().url())
            .send("DELETE", "/" + newIndex, null);
      }
    }
  }

  /** The clusters a search for each name finds. */
  private static List<String> found(ComputeInstance instance, List<String> names) {
    List<String> hits = new ArrayList<>();
    for (String name : names) {
      Api.Response found =
          instance.api.post("/cluster/search", "{\"query\": \"" + name + "\"}", Api.USER);
      assertThat(found.status()).as(found.raw()).isEqualTo(200);
      for (JsonNode hit : found.data().get("body")) {
        hits.add(hit.get("cluster_id").asString());
      }
    }
    return hits;
  }

  private static boolean findsAll(ComputeInstance instance, List<String> names, List<String> ids) {
    return found(instance, names).containsAll(ids);
  }

  private static boolean findsAny(ComputeInstance instance, List<String> names, List<String> ids) {
    List<String> hits = found(instance, names);
    return ids.stream().anyMatch(hits::contains);
  }
}
