package com.darwin.compute.api.web;

import com.darwin.compute.core.cluster.Actor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an identity from {@code msd-user} ({@code {"email": "..."}}). Only the gateway filter of
 * header mode calls it, for requests from a trusted proxy; handlers get the authenticated caller.
 */
public final class MsdUserArgumentResolver {

  public static final String HEADER = "msd-user";
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private MsdUserArgumentResolver() {}

  public static Actor parse(String header) {
    try {
      JsonNode node = MAPPER.readTree(header);
      JsonNode email = node == null ? null : node.get("email");
      if (email == null || !email.isString() || email.asString().isBlank()) {
        throw new MsdUserHeaderException("Header msd-user must be JSON with a non-empty \"email\"");
      }
      String value = email.asString().strip();
      if (value.length() > 255) {
        throw new MsdUserHeaderException("Header msd-user email is too long");
      }
      return new Actor(value);
    } catch (JacksonException e) {
      throw new MsdUserHeaderException("Header msd-user is not valid JSON");
    }
  }
}
