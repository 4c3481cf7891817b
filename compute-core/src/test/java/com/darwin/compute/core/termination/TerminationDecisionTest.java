package com.darwin.compute.core.termination;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.store.ClusterEntity;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

/** The auto-termination sweep's decisions: activity, due, what is written and alerted. */
class TerminationDecisionTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final IdlenessCheck.Endpoints WHERE =
      new IdlenessCheck.Endpoints("http://head:8265", "http://head:8888/jupyter");

  /** A running cluster last used {@code idleFor} ago, with {@code inactiveTime} minutes. */
  private static ClusterEntity cluster(String id, int inactiveTime, Duration idleFor) {
    ClusterEntity cluster =
        new ClusterEntity(
            id, id, "u@example.com", "0.0", "sandbox", "ray", null, false, inactiveTime, NOW);
    cluster.markStarting("run-" + id, NOW.minus(Duration.ofDays(1)));
    cluster.touchUsed(NOW.minus(idleFor));
    return cluster;
  }

  /** Probes of this cluster have been failing since {@code since} (the column the sweep sets). */
  private static ClusterEntity failingSince(ClusterEntity cluster, Instant since) {
    ReflectionTestUtils.setField(cluster, "probeFailingSince", since);
    return cluster;
  }

  private static IdlenessCheck sees(String reason, List<String> asked) {
    return (where, now) -> {
      asked.add(reason == null ? "nothing" : reason);
      return reason;
    };
  }

  private static IdlenessCheck fails(String message, List<String> asked) {
    return (where, now) -> {
      asked.add("failed");
      throw new IOException(message);
    };
  }

  // --- activity -----------------------------------------------------------------------------

  @Test
  void theFirstCheckThatSeesUseDecidesAndTheRestAreNotAsked() {
    List<String> asked = new ArrayList<>();

    Activity activity =
        TerminationDecision.activity(
            List.of(sees(null, asked), sees("a Ray job is running", asked), sees("x", asked)),
            WHERE,
            NOW);

    assertThat(activity).isEqualTo(Activity.inUse("a Ray job is running"));
    assertThat(asked).containsExactly("nothing", "a Ray job is running");
  }

  @Test
  void useSeenByOneCheckWinsOverAnotherChecksFailure() {
    List<String> asked = new ArrayList<>();

    Activity activity =
        TerminationDecision.activity(
            List.of(fails("dashboard down", asked), sees("a kernel is busy", asked)), WHERE, NOW);

    assertThat(activity.state()).isEqualTo(Activity.State.IN_USE);
  }

  @Test
  void aFailedCheckWithNoUseSeenIsUnknownNeverIdle() {
    List<String> asked = new ArrayList<>();

    Activity activity =
        TerminationDecision.activity(
            List.of(sees(null, asked), fails("http://head:8265 answered 503", asked)), WHERE, NOW);

    assertThat(activity).isEqualTo(Activity.unknown("http://head:8265 answered 503"));
  }

  @Test
  void aFailureWithoutAMessageIsStillNamed() {
    IdlenessCheck broken =
        (where, now) -> {
          throw new IllegalStateException();
        };

    Activity activity = TerminationDecision.activity(List.of(broken), WHERE, NOW);

    assertThat(activity.state()).isEqualTo(Activity.State.UNKNOWN);
    assertThat(activity.detail()).contains("IllegalStateException");
  }

  @Test
  void everyCheckAnsweringNoUseIsIdleAndSoIsHavingNoChecks() {
    List<String> asked = new ArrayList<>();

    assertThat(
            TerminationDecision.activity(List.of(sees(null, asked), sees(null, asked)), WHERE, NOW))
        .isEqualTo(Activity.idle());
    assertThat(asked).hasSize(2);
    assertThat(TerminationDecision.activity(List.of(), WHERE, NOW)).isEqualTo(Activity.idle());
  }

  // --- due ----------------------------------------------------------------------------------

  @Test
  void aClusterIsDueExactlyAtItsInactiveTimeAndNotAMomentBefore() {
    Instant lastUsed = NOW.minus(Duration.ofMinutes(30));

    assertThat(TerminationDecision.idleTooLong(lastUsed, 30, NOW)).isTrue();
    assertThat(TerminationDecision.idleTooLong(lastUsed, 30, NOW.minusMillis(1))).isFalse();
    assertThat(TerminationDecision.idleTooLong(lastUsed, 31, NOW)).isFalse();
    assertThat(TerminationDecision.idleTooLong(lastUsed.minusSeconds(3600), 30, NOW)).isTrue();
  }

  @Test
  void aClusterThatIsNeverAutoTerminatedIsNeverDueNorWatched() {
    ClusterEntity forever = cluster("forever", -1, Duration.ofDays(365));

    assertThat(TerminationDecision.idleTooLong(NOW.minus(Duration.ofDays(365)), -1, NOW)).isFalse();
    assertThat(TerminationDecision.watched(forever)).isFalse();
    assertThat(TerminationDecision.stops(forever, Activity.idle(), NOW)).isFalse();
    assertThat(TerminationDecision.watched(cluster("normal", 30, Duration.ZERO))).isTrue();
  }

  @Test
  void onlyAnIdleClusterPastItsInactiveTimeIsStopped() {
    ClusterEntity longIdle = cluster("long-idle", 30, Duration.ofMinutes(45));
    ClusterEntity justUsed = cluster("just-used", 30, Duration.ofMinutes(29));

    assertThat(TerminationDecision.stops(longIdle, Activity.idle(), NOW)).isTrue();
    assertThat(TerminationDecision.stops(justUsed, Activity.idle(), NOW)).isFalse();
    // Use seen now, or probes that failed, never stop a cluster however long it looks idle.
    assertThat(TerminationDecision.stops(longIdle, Activity.inUse("a kernel is busy"), NOW))
        .isFalse();
    assertThat(TerminationDecision.stops(longIdle, Activity.unknown("timeout"), NOW)).isFalse();
  }

  // --- writes and alerts --------------------------------------------------------------------

  @Test
  void aSweepWritesOnlyWhatChanged() {
    ClusterEntity used = cluster("used", 30, Duration.ofMinutes(5));
    ClusterEntity idle = cluster("idle", 30, Duration.ofMinutes(5));
    ClusterEntity newlyFailing = cluster("newly-failing", 30, Duration.ofMinutes(5));
    ClusterEntity stillFailing =
        failingSince(cluster("still-failing", 30, Duration.ofMinutes(5)), NOW.minusSeconds(600));
    ClusterEntity recoveredIdle =
        failingSince(cluster("recovered-idle", 30, Duration.ofMinutes(5)), NOW.minusSeconds(600));
    ClusterEntity recoveredUsed =
        failingSince(cluster("recovered-used", 30, Duration.ofMinutes(5)), NOW.minusSeconds(600));
    Map<ClusterEntity, Activity> verdicts = new LinkedHashMap<>();
    verdicts.put(used, Activity.inUse("a Ray job is running"));
    verdicts.put(idle, Activity.idle());
    verdicts.put(newlyFailing, Activity.unknown("timeout"));
    verdicts.put(stillFailing, Activity.unknown("timeout"));
    verdicts.put(recoveredIdle, Activity.idle());
    verdicts.put(recoveredUsed, Activity.inUse("a kernel is busy"));

    TerminationDecision.Writes writes = TerminationDecision.writes(verdicts);

    assertThat(writes.inUse()).containsExactly("used", "recovered-used");
    assertThat(writes.startFailing()).containsExactly("newly-failing");
    assertThat(writes.recovered()).containsExactly("recovered-idle", "recovered-used");
  }

  @Test
  void aFailingStreakIsAlertedWhenItStartsOnly() {
    ClusterEntity fresh = cluster("fresh", 30, Duration.ZERO);
    ClusterEntity ongoing =
        failingSince(cluster("ongoing", 30, Duration.ZERO), NOW.minusSeconds(60));

    assertThat(TerminationDecision.startsFailing(fresh, Activity.unknown("503"))).isTrue();
    assertThat(TerminationDecision.startsFailing(ongoing, Activity.unknown("503"))).isFalse();
    assertThat(TerminationDecision.startsFailing(fresh, Activity.idle())).isFalse();
  }

  @Test
  void nothingProbedWritesNothing() {
    TerminationDecision.Writes writes = TerminationDecision.writes(Map.of());

    assertThat(writes.inUse()).isEmpty();
    assertThat(writes.startFailing()).isEmpty();
    assertThat(writes.recovered()).isEmpty();
  }
}
