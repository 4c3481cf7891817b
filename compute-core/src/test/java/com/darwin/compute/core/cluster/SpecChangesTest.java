package com.darwin.compute.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecChangesTest {

  @Test
  void changingOnlyWorkerCountsNeedsNoRestart() {
    var before = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 2)));
    var after = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 2, 5)));
    assertThat(SpecChanges.needsRestart(before, after)).isFalse();
  }

  @Test
  void changingPodSizesOrGroupsNeedsARestart() {
    var before = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 2)));
    assertThat(
            SpecChanges.needsRestart(
                before, TestSpecs.readmeCluster(List.of(TestSpecs.worker(4, 4, 1, 2)))))
        .isTrue();
    assertThat(
            SpecChanges.needsRestart(
                before,
                TestSpecs.readmeCluster(
                    List.of(TestSpecs.worker(2, 4, 1, 2), TestSpecs.worker(2, 4, 1, 2)))))
        .isTrue();
  }

  /** KubeRay adds the autoscaler's sidecar when it creates the head, not on a template edit. */
  @Test
  void countsThatTurnTheAutoscalerOnOrOffNeedARestart() {
    var fixed = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 2, 2)));
    var scaling = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 6)));
    assertThat(SpecChanges.needsRestart(fixed, scaling)).isTrue();
    assertThat(SpecChanges.needsRestart(scaling, fixed)).isTrue();
    var larger = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 3, 3)));
    assertThat(SpecChanges.needsRestart(fixed, larger)).isFalse();
  }
}
