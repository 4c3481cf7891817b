package com.darwin.compute.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The module changes how fast instants are read and written, never what is read or written. */
class IsoInstantsTest {

  record Stamped(Instant at, List<Instant> history) {}

  record Formatted(
      @JsonFormat(pattern = "yyyy-MM-dd HH:mm", timezone = "Asia/Kolkata") Instant at,
      @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant epoch) {}

  private final JsonMapper stock = JsonMapper.builder().build();
  private final JsonMapper fast = JsonMapper.builder().addModule(IsoInstants.module()).build();

  @Test
  void writesTheSameJsonAsJackson() {
    Stamped value =
        new Stamped(
            Instant.parse("2026-12-01T23:48:53.273Z"),
            List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(-86_401, 5_000),
                Instant.parse("2026-12-01T23:48:53.123456789Z"),
                Instant.MAX));
    assertThat(fast.writeValueAsString(value)).isEqualTo(stock.writeValueAsString(value));
    assertThat(fast.writeValueAsString(value)).contains("\"2026-12-01T23:48:53.273Z\"");
  }

  @Test
  void aPropertyWithItsOwnFormatIsWrittenAndReadByJacksonAsBefore() {
    Formatted value =
        new Formatted(Instant.parse("2026-12-01T23:48:00Z"), Instant.ofEpochSecond(1_700_000_000));
    String json = fast.writeValueAsString(value);
    assertThat(json).isEqualTo(stock.writeValueAsString(value));
    assertThat(json).contains("\"2026-12-02 05:18\"");
    assertThat(fast.readValue(json, Formatted.class))
        .isEqualTo(stock.readValue(json, Formatted.class));
  }

  @Test
  void timestampsWhenAskedAreJacksonsAsBefore() {
    Stamped value = new Stamped(Instant.ofEpochSecond(1_700_000_000, 123_000_000), List.of());
    JsonMapper stockNumbers =
        stock.rebuild().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    JsonMapper fastNumbers =
        fast.rebuild().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    assertThat(fastNumbers.writeValueAsString(value))
        .isEqualTo(stockNumbers.writeValueAsString(value))
        .contains("1700000000.123");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"2026-12-01T23:48:53.273Z\"",
        "\"2026-12-01T23:48:53Z\"",
        "\"2026-12-01T23:48:53.123456789Z\"",
        "\" 2026-12-01T23:48:53.273Z \"",
        "\"2026-12-01T23:48:53+05:30\"",
        "\"2026-12-01T23:48:53+0530\"",
        "\"2026-12-01t23:48:53z\"",
        "\"2026-12-01T23:59:60Z\"",
        "\"2026-12-01T24:00:00Z\"",
        "\"+10000-01-01T00:00:00Z\"",
        "1700000000",
        "1700000000.5",
        "\"1700000000\"",
        "\"\"",
        "null",
        "\"2023-02-29T00:00:00Z\"",
        "\"yesterday\"",
        "true"
      })
  void readsEveryInputAsJacksonDoesOrRefusesItAlike(String json) {
    String body = "{\"at\":" + json + ",\"history\":[" + json + "]}";
    JacksonParity.readsAlike(stock, fast, body, Stamped.class);
  }

  @Test
  void jacksonFindsTheModulesSerializerAndDeserializerForInstants() {
    assertThat(fast._serializationContext().findValueSerializer(Instant.class))
        .isInstanceOf(IsoInstantSerializer.class);
    assertThat(
            fast._deserializationContext()
                .findRootValueDeserializer(fast.constructType(Instant.class)))
        .isInstanceOf(IsoInstantDeserializer.class);
    assertThat(fast.registeredModules())
        .extracting(module -> module.getModuleName())
        .contains(IsoInstants.MODULE_NAME);
  }
}
