package com.darwin.compute.api.web;

import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.limits.TextRules;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an identity from {@code msd-user} ({@code {"email": "..."}}). Only the gateway filter of
 * header mode calls it, for requests from a trusted proxy; handlers get the authenticated caller.
 */
public final class MsdUserArgumentResolver {

  public static final String HEADER = "msd-user";
  // A key sent twice ({"email": "a", "email": "b"}) is refused: which one a gateway wrote cannot be
  // told, as for the header itself sent twice.
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private MsdUserArgumentResolver() {}

  /**
   * HTTP header values reach the servlet as ISO-8859-1, one char per byte; a gateway sending UTF-8
   * (a non-ASCII e-mail) needs the bytes decoded again. Bytes that are not UTF-8 are a 400.
   */
  public static String utf8(String header) {
    if (header.chars().allMatch(c -> c < 0x80) || header.chars().anyMatch(c -> c > 0xff)) {
      return header; // plain ASCII, or already decoded by the container
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MsdUserHeaderException("Header msd-user is not valid UTF-8");
    }
  }

  /**
   * What is wrong with a caller's name, whichever way it came (this header, a token's claim), or
   * null: it is stored with every change and refusal and shown on the timeline, so it is one line
   * of at most 255 characters.
   */
  public static String nameProblem(String name) {
    if (name.length() > 255) {
      return "is too long (at most 255 characters)";
    }
    return TextRules.problem(name, false);
  }

  public static Actor parse(String rawHeader) {
    String header = utf8(rawHeader);
    try {
      JsonNode node = MAPPER.readTree(header);
      JsonNode email = node == null ? null : node.get("email");
      if (email == null || !email.isString() || email.asString().isBlank()) {
        throw new MsdUserHeaderException("Header msd-user must be JSON with a non-empty \"email\"");
      }
      String value = email.asString().strip();
      String problem = nameProblem(value);
      if (problem != null) {
        throw new MsdUserHeaderException("Header msd-user email " + problem);
      }
      return new Actor(value);
    } catch (JacksonException e) {
      throw new MsdUserHeaderException("Header msd-user is not valid JSON");
    }
  }
}
