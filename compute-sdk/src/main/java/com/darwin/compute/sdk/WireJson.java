package com.darwin.compute.sdk;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON mapping of the wire model as the client reads and writes it. */
public final class WireJson {

  /**
   * Lenient on input so that a newer service (more fields, a null where a number was) does not
   * break an older client. Records are written from their components only: helpers such as {@code
   * HeadNodeConfig.isGpu()} are not fields of the contract.
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final JsonMapper PRETTY =
      MAPPER.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

  private WireJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** The same mapping, indented: for people reading the output. */
  public static JsonMapper pretty() {
    return PRETTY;
  }
}
