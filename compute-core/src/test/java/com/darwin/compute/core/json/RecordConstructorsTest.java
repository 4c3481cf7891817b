package com.darwin.compute.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.json.JsonMapper;

/** Records are made faster, never differently: every read compared with a stock mapper. */
class RecordConstructorsTest {

  record Worker(int cores, Integer pods, String name, List<String> tags) {}

  record Cluster(
      String id,
      boolean job,
      long size,
      Worker head,
      List<Worker> workers,
      Map<String, String> labels) {}

  /** Package-private, as the service's own answer records are. */
  record Checked(String name, int cores) {
    Checked {
      if (cores < 0) {
        throw new IllegalArgumentException("cores must not be negative: " + cores);
      }
    }
  }

  private final JsonMapper stock = JsonMapper.builder().build();
  private final JsonMapper fast =
      JsonMapper.builder().addModule(RecordConstructors.module()).build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"a\",\"job\":true,\"size\":5,\"head\":{\"cores\":4,\"pods\":1,\"name\":\"h\",\"tags\":[\"x\"]},"
            + "\"workers\":[{\"cores\":2},{\"pods\":null,\"name\":\"w\"}],\"labels\":{\"k\":\"v\"}}",
        "{}",
        "{\"id\":null,\"head\":null,\"workers\":[]}",
        "{\"unknown\":1,\"id\":\"b\"}",
        "{\"size\":\"12\"}",
        "{\"size\":\"twelve\"}",
        "{\"head\":{\"cores\":null}}",
        "{\"head\":[]}",
        "{\"workers\":{\"cores\":2}}"
      })
  void readsEveryBodyAsJacksonDoesOrRefusesItAlike(String json) {
    for (JsonMapper[] pair :
        new JsonMapper[][] {
          {stock, fast},
          {
            stock.rebuild().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build(),
            fast.rebuild().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build()
          }
        }) {
      JacksonParity.readsAlike(pair[0], pair[1], json, Cluster.class);
    }
  }

  @Test
  void aConstructorsRefusalIsReportedAsJacksonReportsIt() {
    String json = "{\"name\":\"n\",\"cores\":-1}";
    Throwable stockRefusal = catchThrowable(() -> stock.readValue(json, Checked.class));
    Throwable fastRefusal = catchThrowable(() -> fast.readValue(json, Checked.class));
    assertThat(fastRefusal).hasSameClassAs(stockRefusal);
    assertThat(fastRefusal.getMessage()).isEqualTo(stockRefusal.getMessage());
    assertThat(fastRefusal).hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThat(fast.readValue("{\"name\":\"n\",\"cores\":2}", Checked.class))
        .isEqualTo(new Checked("n", 2));
  }

  @Test
  void aRecordIsMadeThroughTheSpreadingHandleAndAnythingElseAsBefore() {
    assertThat(instantiatorOf(fast, Cluster.class)).isEqualTo("Spreading");
    assertThat(instantiatorOf(fast, Checked.class)).isEqualTo("Spreading");
    assertThat(instantiatorOf(stock, Cluster.class)).isEqualTo("StdValueInstantiator");
    assertThat(instantiatorOf(fast, PlainBean.class)).isEqualTo("StdValueInstantiator");
    assertThat(fast.registeredModules())
        .extracting(module -> module.getModuleName())
        .contains(RecordConstructors.MODULE_NAME);
  }

  /** Not a record: left to Jackson. */
  static class PlainBean {
    public String name;
  }

  private static String instantiatorOf(JsonMapper mapper, Class<?> type) {
    var deserializer =
        (BeanDeserializerBase)
            mapper._deserializationContext().findRootValueDeserializer(mapper.constructType(type));
    return deserializer.getValueInstantiator().getClass().getSimpleName();
  }
}
