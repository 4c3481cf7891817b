package com.darwin.compute.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/** Enums are read faster, never differently: every read compared with a stock mapper. */
class EnumFactoriesTest {

  /** As the service's statuses: lower case on the wire, read in any case and trimmed. */
  enum Status {
    ACTIVE,
    INACTIVE;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Status fromWire(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** A factory that answers null for what it does not know. */
  enum Lenient {
    ON;

    @JsonCreator
    public static Lenient of(String value) {
      return "on".equals(value) ? ON : null;
    }
  }

  enum Plain {
    ONE
  }

  record Row(Status status, List<Status> history, Lenient lenient) {}

  private final JsonMapper stock = JsonMapper.builder().build();
  private final JsonMapper fast = JsonMapper.builder().addModule(EnumFactories.module()).build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"active\"",
        "\" INACTIVE \"",
        "\"Active\"",
        "\"\"",
        "\"bogus\"",
        "null",
        "1",
        "true",
        "[\"active\"]",
        "{\"status\":\"active\"}"
      })
  void readsEveryValueAsJacksonDoesOrRefusesItAlike(String json) {
    String body = "{\"status\":" + json + ",\"history\":[" + json + "],\"lenient\":" + json + "}";
    for (JsonMapper[] pair :
        new JsonMapper[][] {
          {stock, fast},
          {
            stock
                .rebuild()
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .build(),
            fast.rebuild()
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .build()
          }
        }) {
      JacksonParity.readsAlike(pair[0], pair[1], body, Row.class);
    }
  }

  @Test
  void anEnumWithAStringFactoryIsReadThroughTheHandleAndOthersAsBefore() {
    assertThat(deserializerOf(fast, Status.class)).isEqualTo("ThroughHandle");
    assertThat(deserializerOf(stock, Status.class)).isEqualTo("FactoryBasedEnumDeserializer");
    assertThat(deserializerOf(fast, Plain.class)).isEqualTo("EnumDeserializer");
    assertThat(fast.readValue("\" active\"", Status.class)).isEqualTo(Status.ACTIVE);
    assertThat(fast.registeredModules())
        .extracting(module -> module.getModuleName())
        .contains(EnumFactories.MODULE_NAME);
  }

  private static String deserializerOf(JsonMapper mapper, Class<?> type) {
    return mapper
        ._deserializationContext()
        .findRootValueDeserializer(mapper.constructType(type))
        .getClass()
        .getSimpleName();
  }
}
