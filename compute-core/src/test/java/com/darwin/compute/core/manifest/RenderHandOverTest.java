package com.darwin.compute.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.store.ClusterEntity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request's render handed to the reconciler: used once, for its spec version only. */
class RenderHandOverTest {

  private final RenderHandOver handOver = new RenderHandOver(2);

  private static RenderedCluster rendered() {
    return new RenderedCluster(
        new GenericKubernetesResource(), null, List.of(), false, List.of(), List.of());
  }

  @Test
  void aRenderIsTakenOnceForItsSpecVersion() {
    RenderedCluster r = rendered();
    handOver.offer("id-a", 1, r);

    assertThat(handOver.take("id-a", 1)).containsSame(r);
    assertThat(handOver.take("id-a", 1)).as("used once").isEmpty();
  }

  @Test
  void aRenderOfAnotherSpecVersionIsDroppedNotUsed() {
    handOver.offer("id-a", 1, rendered());

    // The spec changed between the request and the pass: the pass renders itself ...
    assertThat(handOver.take("id-a", 2)).isEmpty();
    // ... and the stale render is gone, not kept for later.
    assertThat(handOver.take("id-a", 1)).isEmpty();
    assertThat(handOver.size()).isZero();
  }

  @Test
  void nothingHandedOverMeansTheCallerRenders() {
    assertThat(handOver.take("id-unknown", 1)).isEmpty();
  }

  @Test
  void aNewerOfferReplacesTheOlderAndADropForgetsIt() {
    RenderedCluster newer = rendered();
    handOver.offer("id-a", 1, rendered());
    handOver.offer("id-a", 2, newer);
    assertThat(handOver.take("id-a", 2)).containsSame(newer);

    handOver.offer("id-b", 1, rendered());
    handOver.drop("id-b");
    assertThat(handOver.take("id-b", 1)).isEmpty();
  }

  @Test
  void itIsBoundedTheEldestGoesFirst() {
    handOver.offer("id-a", 1, rendered());
    handOver.offer("id-b", 1, rendered());
    handOver.offer("id-c", 1, rendered());

    assertThat(handOver.size()).isEqualTo(2);
    assertThat(handOver.take("id-a", 1)).as("evicted: rendered again").isEmpty();
    assertThat(handOver.take("id-b", 1)).isPresent();
    assertThat(handOver.take("id-c", 1)).isPresent();
  }

  @Test
  void theCommittedRowIsHandedOutOnceAndLeavesTheRenderInPlace() {
    RenderedCluster r = rendered();
    ClusterEntity row = committedRow("id-a");
    handOver.offer("id-a", 1, r, row);

    assertThat(handOver.takeCommitted("id-a")).containsSame(row);
    assertThat(handOver.takeCommitted("id-a")).as("handed out once: later passes read").isEmpty();
    assertThat(handOver.take("id-a", 1)).containsSame(r);
  }

  @Test
  void noRowIsHandedOutWithoutOneOfferedOrAfterADrop() {
    handOver.offer("id-a", 1, rendered());
    assertThat(handOver.takeCommitted("id-a")).isEmpty();
    assertThat(handOver.takeCommitted("id-unknown")).isEmpty();

    handOver.offer("id-b", 1, rendered(), committedRow("id-b"));
    handOver.drop("id-b");
    assertThat(handOver.takeCommitted("id-b")).as("rolled back").isEmpty();
  }

  /** A row as a create commits it (no spec needed here: the hand-over does not read it). */
  private static ClusterEntity committedRow(String id) {
    return new ClusterEntity(
        id,
        "name-" + id,
        "user@example.com",
        "0.0",
        "sandbox",
        "ray",
        null,
        false,
        30,
        Instant.EPOCH);
  }
}
