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
}
