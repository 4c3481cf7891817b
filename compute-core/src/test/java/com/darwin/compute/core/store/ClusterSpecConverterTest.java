package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.model.cluster.ClusterRequest;
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
  void anotherJsonIsParsedForItselfAndTheCacheStaysBounded() {
    ClusterRequest spec = TestSpecs.readmeCluster(List.of());
    ClusterRequest renamed = spec.withClusterName("renamed-" + System.nanoTime());
    ClusterRequest read = converter.convertToEntityAttribute(codec.write(renamed));
    assertThat(read).isEqualTo(renamed).isNotEqualTo(spec);

    for (int i = 0; i < ClusterSpecConverter.PARSED_CAPACITY * 2; i++) {
      ClusterRequest each = spec.withClusterName("bounded-" + i);
      assertThat(converter.convertToEntityAttribute(codec.write(each))).isEqualTo(each);
    }
    assertThat(ClusterSpecConverter.parsedCount())
        .isLessThanOrEqualTo(ClusterSpecConverter.PARSED_CAPACITY);
    assertThat(converter.convertToEntityAttribute(converter.convertToDatabaseColumn(spec)))
        .isEqualTo(spec);
  }

  @Test
  void nullStaysNull() {
    assertThat(converter.convertToDatabaseColumn(null)).isNull();
    assertThat(converter.convertToEntityAttribute(null)).isNull();
  }
}
