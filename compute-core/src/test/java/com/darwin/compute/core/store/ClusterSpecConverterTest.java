package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.github.benmanes.caffeine.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec column: written as the codec's JSON, read back parsed once per distinct JSON. */
class ClusterSpecConverterTest {

  private final ClusterSpecConverter converter = new ClusterSpecConverter();
  private final ClusterSpecCodec codec = new ClusterSpecCodec();

  @Test
  void aSpecReadsBackEqualAndTheSameJsonIsParsedOnce() {
    ClusterRequest spec = TestSpecs.readmeCluster(List.of());
    String json = converter.convertToDatabaseColumn(spec);
    assertThat(json).isEqualTo(codec.write(spec));

    // The JSON as a database hands it back: another String instance with the same characters.
    ClusterRequest first = converter.convertToEntityAttribute(new String(json));
    ClusterRequest second = converter.convertToEntityAttribute(new String(json));
    assertThat(first).isEqualTo(spec).isEqualTo(codec.read(json));
    assertThat(second).as("parsed once, shared (the value is immutable)").isSameAs(first);
  }

  @Test
  void anotherJsonIsParsedForItself() {
    ClusterRequest spec = TestSpecs.readmeCluster(List.of());
    ClusterRequest renamed = spec.withClusterName("renamed-" + System.nanoTime());
    ClusterRequest read = converter.convertToEntityAttribute(codec.write(renamed));
    assertThat(read).isEqualTo(renamed).isNotEqualTo(spec);
  }

  @Test
  void aThousandClustersReadInTurnAreParsedOnceEach() {
    // B1's reads: 1,000 clusters, each with its own spec (its name), read again and again. The
    // cache of 256 emptied when full parsed nearly every one of them on every read.
    ClusterRequest spec = TestSpecs.readmeCluster(List.of());
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      rows.add(codec.write(spec.withClusterName("in-turn-" + i + "-" + System.nanoTime())));
    }
    List<ClusterRequest> first = new ArrayList<>();
    for (String json : rows) {
      first.add(converter.convertToEntityAttribute(new String(json)));
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < rows.size(); i++) {
        assertThat(converter.convertToEntityAttribute(new String(rows.get(i))))
            .as("row %d read again", i)
            .isSameAs(first.get(i));
      }
    }
    assertThat(ClusterSpecConverter.parsedWeight())
        .isLessThanOrEqualTo(ClusterSpecConverter.PARSED_JSON_BUDGET);
  }

  @Test
  void theCacheHoldsAtMostItsBudgetOfJsonAndKeepsWhatIsReadOften() {
    ClusterRequest spec = TestSpecs.readmeCluster(List.of());
    String hot = codec.write(spec.withClusterName("hot"));
    long budget = hot.length() * 20L;
    Cache<String, ClusterRequest> cache = ClusterSpecConverter.parsedSpecs(budget);
    ClusterRequest hotParsed = cache.get(hot, codec::read);
    for (int i = 0; i < 500; i++) {
      String each = codec.write(spec.withClusterName("cold-" + i));
      assertThat(cache.get(each, codec::read)).isEqualTo(spec.withClusterName("cold-" + i));
      assertThat(cache.get(new String(hot), codec::read)).isSameAs(hotParsed);
      cache.cleanUp();
      assertThat(cache.policy().eviction().orElseThrow().weightedSize().orElseThrow())
          .isLessThanOrEqualTo(budget);
    }
  }

  @Test
  void nullStaysNull() {
    assertThat(converter.convertToDatabaseColumn(null)).isNull();
    assertThat(converter.convertToEntityAttribute(null)).isNull();
  }
}
