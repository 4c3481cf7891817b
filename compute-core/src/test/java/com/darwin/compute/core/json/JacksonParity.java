package com.darwin.compute.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import tools.jackson.databind.json.JsonMapper;

/** The check every module of this package must pass: the same value, or the same refusal. */
final class JacksonParity {

  private JacksonParity() {}

  /**
   * {@code json} read as {@code type} by {@code withModule} equals what {@code stock} reads, or
   * both refuse it with the same exception class and message.
   */
  static void readsAlike(JsonMapper stock, JsonMapper withModule, String json, Class<?> type) {
    Throwable stockRefusal = catchThrowable(() -> stock.readValue(json, type));
    Throwable refusal = catchThrowable(() -> withModule.readValue(json, type));
    if (stockRefusal == null) {
      assertThat(refusal).as(json).isNull();
      assertThat(withModule.readValue(json, type)).as(json).isEqualTo(stock.readValue(json, type));
    } else {
      assertThat(refusal).as(json).hasSameClassAs(stockRefusal);
      assertThat(refusal.getMessage()).as(json).isEqualTo(stockRefusal.getMessage());
    }
  }
}
