package com.darwin.compute.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.model.cluster.ClusterRequest;
import org.junit.jupiter.api.Test;

class ClusterNamesTest {

  private static final String ID = "id-abcdefghijkmnpqr";

  @Test
  void aTakenNameGetsTheClusterIdAppended() {
    assertThat(ClusterNames.derived("nightly-job", ID)).isEqualTo("nightly-job_" + ID);
  }

  @Test
  void aLongNameIsShortenedToStayAValidName() {
    String requested = "a".repeat(50) + "-b" + "c".repeat(11);
    String derived = ClusterNames.derived(requested, ID);
    assertThat(derived).hasSizeLessThanOrEqualTo(63).endsWith("_" + ID);
    assertThat(derived).matches(ClusterRequest.NAME_PATTERN);
  }

  @Test
  void aCutThatEndsOnASeparatorDropsIt() {
    // 43 characters are kept before "_id-..."; here the 43rd is a '-'.
    String requested = "x".repeat(42) + "-tail";
    String derived = ClusterNames.derived(requested, ID);
    assertThat(derived).isEqualTo("x".repeat(42) + "_" + ID);
    assertThat(derived).matches(ClusterRequest.NAME_PATTERN);
  }
}
