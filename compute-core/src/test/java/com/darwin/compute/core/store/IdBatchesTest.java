package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdBatchesTest {

  private static List<Integer> ids(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  @Test
  void noIdsMeansNoStatement() {
    assertThat(IdBatches.of(List.of())).isEmpty();
  }

  @Test
  void aThousandIdsPerBatchInOrderNoneLostNoneRepeated() {
    List<List<Integer>> batches = IdBatches.of(ids(2_501));
    assertThat(batches).extracting(List::size).containsExactly(1_000, 1_000, 501);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(ids(2_501));
  }

  @Test
  void exactlyOneBatchAtTheLimit() {
    assertThat(IdBatches.of(ids(IdBatches.SIZE))).hasSize(1);
  }
}
